"""Atomic replacement of files and directories, and the leftovers of killed builds.

原子替换文件与目录，并清理被中止的构建留下的临时文件。

A build (and `xxgk extract --out DIR`, `atomic_directory`) writes everything it produces
under names that carry its process id (`xxgk.duckdb.building-<pid>`, `.gx_docs.building-<pid>`,
`target/.building-<pid>`, `.raw.building-<pid>`) and only renames finished work into place:
`os.replace` for a file, an atomic exchange of two directory entries (Linux
`renameat2(RENAME_EXCHANGE)`) for a directory. A reader therefore finds either the previous or
the new version, never a mixture; a killed run leaves only its own `…building-<pid>` (or
`…old-<pid>`) names behind, which the next run removes (or, for an old version whose
replacement never arrived, puts back).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILDING = "building"
OLD = "old"
# `.gx_docs.building-123`, `.compiled.old-123`, `.building-123`
_STALE_ENTRY = re.compile(r"^\.(?:(?P<name>.+)\.)?(?:building|old)-(?P<pid>\d+)$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (it may belong to another user)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hidden_sibling(path: Path, kind: str, pid: int | None = None) -> Path:
    """`dir/.name.<kind>-<pid>`: where a new version of `path` is written, or its old one parked."""
    return path.parent / f".{path.name}.{kind}-{os.getpid() if pid is None else pid}"


def fsync_path(path: Path) -> None:
    """Flush a file's or a directory's contents to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def replace_file(source: Path, destination: Path) -> None:
    """Durably replace `destination` by `source` (same file system): readers see one or the
    other, and an open handle on the old file keeps reading the old file."""
    fsync_path(source)
    os.replace(source, destination)
    fsync_path(destination.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two directory entries; False where the system cannot."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    path_type, int_type = ctypes.c_char_p, ctypes.c_int
    renameat2.argtypes = [int_type, path_type, int_type, path_type, ctypes.c_uint]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def swap_dir(new: Path, destination: Path) -> None:
    """Put the finished directory `new` at `destination` and delete the one it replaces.

    With `renameat2(RENAME_EXCHANGE)` `destination` is at every instant either the complete old
    or the complete new directory. Without it (other systems) the old one is first renamed
    aside, leaving a moment in which `destination` is absent — never a mixture.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not destination.exists():
        os.rename(new, destination)
    elif _exchange(new, destination):
        shutil.rmtree(new)
    else:
        parked = hidden_sibling(destination, OLD)
        os.rename(destination, parked)
        os.rename(new, destination)
        shutil.rmtree(parked)
    fsync_path(destination.parent)


def remove(path: Path) -> None:
    """Delete a file or directory tree if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_stale(
    directory: Path, names: tuple[str, ...] | None = None, *, locked: bool = False
) -> list[Path]:
    """Remove `.<name>.building-<pid>` / `.<name>.old-<pid>` / `.building-<pid>` entries of
    `directory` whose process is gone (only those of `names`, when given). A caller that holds
    the build lock passes `locked=True`: then every other process's entries go, whatever their
    pid, because no other build can be running (a killed build's pid may already be reused).
    An old version whose `<name>` is absent (its run was killed between the two renames of
    `swap_dir`'s fallback) is put back instead."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    for entry in sorted(directory.iterdir()):
        match = _STALE_ENTRY.match(entry.name)
        if not match or (names is not None and match["name"] not in names):
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or (not locked and pid_alive(pid)):
            continue
        name = match["name"]
        if name and entry.name.startswith(f".{name}.{OLD}-") and not (directory / name).exists():
            os.rename(entry, directory / name)
            continue
        remove(entry)
        removed.append(entry)
    return removed


def _ensure_directory_path(path: Path) -> None:
    """Refuse a path below a file (the nearest existing of `path` and its parents)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            if not candidate.is_dir():
                raise NotADirectoryError(
                    errno.ENOTDIR, "不是目录 / not a directory", str(candidate)
                )
            return


def _carry_over(previous: Path, new: Path, own_names: frozenset[str]) -> None:
    """Copy what `previous` holds that the writer does not write (a README, notes) into `new`."""
    for item in previous.iterdir():
        if item.name in own_names or (new / item.name).exists():
            continue
        if item.is_dir():
            shutil.copytree(item, new / item.name, symlinks=True)
        else:
            shutil.copy2(item, new / item.name, follow_symlinks=False)


@contextmanager
def atomic_directory(out: Path, own_names: frozenset[str]) -> Iterator[Path]:
    """A fresh directory `.<out>.building-<pid>` to fill; on success it replaces `out` whole
    (`swap_dir`), on any error it is removed and `out` keeps its previous content. Files of the
    previous `out` not among `own_names` (the files the writer produces) are carried over.
    输出目录整体替换：全部写完才替换，出错则原目录不变。"""
    out = out.absolute()
    _ensure_directory_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out.parent, (out.name,))
    new = hidden_sibling(out, BUILDING)
    remove(new)
    new.mkdir()
    try:
        yield new
        if out.exists():
            _carry_over(out, new, own_names)
        swap_dir(new, out)
    except BaseException:
        remove(new)
        raise


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log beside a database file."""
    return database.with_name(database.name + ".wal")


def seal_database(database: Path) -> None:
    """Checkpoint a DuckDB file so that it is complete on its own (no `.wal` beside it): a
    file renamed into place must not need a log that keeps the old name."""
    import duckdb

    with duckdb.connect(str(database)) as connection:
        connection.execute("checkpoint")
    if wal_path(database).exists():
        raise RuntimeError(
            f"{wal_path(database)} 在检查点后仍存在 / still exists after a checkpoint"
        )


_EXEC_WITH_PARENT_DEATH_SIGNAL = """
import ctypes, ctypes.util, os, signal, sys
parent = int(sys.argv[1])
ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
if os.getppid() != parent:  # the parent died before the signal was armed
    sys.exit(137)
os.execvp(sys.argv[2], sys.argv[2:])
"""


def dying_with_this_process(command: list[str]) -> list[str]:
    """`command` wrapped so that it is killed when this process ends, however it ends (Linux
    `PR_SET_PDEATHSIG`, armed in the child before it execs `command`) — a killed build leaves
    no dbt running on behind it. Elsewhere `command` unchanged.
    杀死构建进程时，其启动的 dbt 子进程随之结束。"""
    if not sys.platform.startswith("linux") or not ctypes.util.find_library("c"):
        return command
    return [sys.executable, "-c", _EXEC_WITH_PARENT_DEATH_SIGNAL, str(os.getpid()), *command]
