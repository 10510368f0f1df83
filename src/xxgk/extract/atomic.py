"""An output directory replaced whole or not at all — 输出目录整体替换.

`xxgk extract --out DIR` writes into `.DIR.xxgk-tmp-PID` beside DIR. Only when every file is
complete is the previous DIR moved aside (`.DIR.xxgk-old-PID`), the new one renamed into its
place and the old one removed. Files in the previous DIR that the extractor does not write
(a README, notes) are carried over. A killed run leaves only hidden siblings, which the next run
cleans up (restoring the previous DIR if the kill fell between the two renames).
先写入同级临时目录，全部完成后才替换；被中断的运行留下的临时目录在下次运行时清理。
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TMP = ".xxgk-tmp-"
_OLD = ".xxgk-old-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(out: Path, marker: str) -> Iterator[tuple[Path, int]]:
    prefix = f".{out.name}{marker}"
    if not out.parent.is_dir():
        return
    for sibling in out.parent.iterdir():
        if sibling.name.startswith(prefix) and sibling.name[len(prefix) :].isdigit():
            yield sibling, int(sibling.name[len(prefix) :])


def clean_leftovers(out: Path) -> None:
    """Remove what killed runs left beside `out` (runs still alive are left alone)."""
    for old, pid in _leftovers(out, _OLD):
        if _alive(pid):
            continue
        if not out.exists():
            old.rename(out)  # killed between the two renames: the previous output comes back
        else:
            shutil.rmtree(old)
    for tmp, pid in _leftovers(out, _TMP):
        if not _alive(pid):
            shutil.rmtree(tmp)


@contextmanager
def atomic_directory(out: Path, own_names: frozenset[str]) -> Iterator[Path]:
    """A fresh directory to fill; on success it becomes `out`, on any error it is removed and
    `out` keeps its previous content. `own_names` are the files the writer produces (not
    carried over from the previous `out`)."""
    out = out.absolute()
    for path in (out, *out.parents):
        if path.exists():
            if not path.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "不是目录 / not a directory", str(path))
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    tmp = out.parent / f".{out.name}{_TMP}{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        yield tmp
        if out.exists():
            for item in out.iterdir():
                if item.name not in own_names and not (tmp / item.name).exists():
                    if item.is_dir():
                        shutil.copytree(item, tmp / item.name, symlinks=True)
                    else:
                        shutil.copy2(item, tmp / item.name, follow_symlinks=False)
            old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
