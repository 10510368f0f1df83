"""The paths `xxgk extract` is given, and what it finds under them — 输入路径.

Every path given, and every entry found under a directory given, becomes exactly one `Input`:
either a file to read, or one to skip with the reason (it then gets its line in the log as
`rejected`, like any file that could not be read). Nothing is skipped silently:

- a path that does not exist, or a symbolic link whose target does not exist (dangling);
- a named pipe (FIFO), socket or device file: never opened (opening a FIFO blocks, reading
  `/dev/zero` never ends);
- a file that cannot be read (permission denied; note that root can read any file);
- under a directory: hidden files and files in hidden directories (name starting with "."),
  symbolic links to directories (not followed: no loops), subdirectories that cannot be listed.

A file given by name is read even when its name starts with "." (it was asked for). Symbolic
links to files are read and logged under the link's name, not the target's. A file found under
a directory is named by its path relative to that directory (`2024/a.pdf`); where two inputs
would get the same name, both are named by the path as given. The same path given twice is
read once. A name that is not valid UTF-8 (bytes from another system) is logged with its odd
bytes written as `\\xNN`; the file itself is read.
每个给定或找到的路径都对应一条记录：读取，或注明原因跳过；绝不静默忽略。
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Input:
    """One path: `path` to open (symbolic links not resolved), `name` for the log, and — for a
    path not read — the reason in Chinese and English."""

    path: Path
    name: str
    skip_zh: str = ""
    skip_en: str = ""

    @property
    def readable(self) -> bool:
        return not self.skip_en


_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "套接字", "a socket"),
    (stat.S_ISCHR, "字符设备文件", "a character device"),
    (stat.S_ISBLK, "块设备文件", "a block device"),
)


def text_of(path: Path | str) -> str:
    """A path as text for the log: bytes that are not UTF-8 (kept by Python as surrogate
    escapes, which no UTF-8 file can hold) written as `\\xNN`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> tuple[str, str]:
    for test, zh, en in _KINDS:
        if test(mode):
            return zh, en
    return "特殊文件", "a special file"


def _skip(path: Path, name: str, zh: str, en: str) -> Input:
    return Input(path, text_of(name), f"{zh}，未读取", f"{en}: not read")


def _file(path: Path, name: str, hidden: str | None) -> Input:
    """A non-directory entry (symbolic links followed to their target)."""
    try:
        target = os.stat(path)
    except FileNotFoundError:
        link = text_of(os.readlink(path)) if path.is_symlink() else ""
        return _skip(
            path, name, f"符号链接指向不存在的目标 {link}", f"broken symbolic link to {link}"
        )
    except OSError as err:
        return _skip(path, name, f"无法访问：{err.strerror}", f"cannot be examined: {err.strerror}")
    name = text_of(name)
    if hidden is not None:
        hidden = text_of(hidden)
        if hidden == name.rsplit("/", 1)[-1]:
            return _skip(path, name, "隐藏文件（名称以“.”开头）", "a hidden file (name starts '.')")
        return _skip(path, name, f"位于隐藏目录 {hidden} 中", f"in the hidden directory {hidden}")
    if stat.S_ISDIR(target.st_mode):
        return _skip(
            path, name, "指向目录的符号链接，不跟随", "a symbolic link to a directory, not followed"
        )
    if not stat.S_ISREG(target.st_mode):
        zh, en = _kind(target.st_mode)
        return _skip(path, name, f"不是普通文件，而是{zh}", f"not a regular file but {en}")
    if not os.access(path, os.R_OK):
        return _skip(path, name, "无读取权限", "permission denied")
    return Input(path, name)


def _walk(directory: Path, base: Path, out: list[Input]) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as err:
        name = directory.relative_to(base).as_posix() if directory != base else str(directory)
        out.append(
            _skip(
                directory,
                name,
                f"目录无法列出：{err.strerror}",
                f"the directory cannot be listed: {err.strerror}",
            )
        )
        return
    for entry in entries:
        path = Path(entry.path)
        relative = path.relative_to(base)
        if entry.is_dir(follow_symlinks=False):
            _walk(path, base, out)
            continue
        hidden = next((part for part in relative.parts if part.startswith(".")), None)
        out.append(_file(path, relative.as_posix(), hidden))


def collect_inputs(items: list[Path]) -> list[Input]:
    """One Input per path given or found, sorted by name (then path), each path once."""
    found: list[Input] = []
    for item in items:
        try:
            mode = os.lstat(item).st_mode
        except FileNotFoundError:
            found.append(_skip(item, str(item), "不存在", "does not exist"))
            continue
        except OSError as err:
            found.append(
                _skip(
                    item,
                    str(item),
                    f"无法访问：{err.strerror}",
                    f"cannot be examined: {err.strerror}",
                )
            )
            continue
        if stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and item.is_dir()):
            _walk(item, item, found)  # a directory given, also through a link: walked
        else:
            found.append(_file(item, item.name, None))
    unique: dict[str, Input] = {}
    for entry in found:
        unique.setdefault(os.path.normpath(os.path.abspath(entry.path)), entry)
    inputs = list(unique.values())
    counts = Counter(entry.name for entry in inputs)
    inputs = [
        Input(e.path, text_of(e.path), e.skip_zh, e.skip_en) if counts[e.name] > 1 else e
        for e in inputs
    ]
    inputs.sort(key=lambda e: (e.name, str(e.path)))
    seen: Counter[str] = Counter()
    named = []
    for entry in inputs:  # names still shared (`a\xff` and a file really named so): numbered
        seen[entry.name] += 1
        if seen[entry.name] > 1:
            name = f"{entry.name} #{seen[entry.name]}"
            entry = Input(entry.path, name, entry.skip_zh, entry.skip_en)
        named.append(entry)
    return named
