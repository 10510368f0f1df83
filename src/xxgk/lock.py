"""The build lock: one `xxgk build` (or `xxgk validate`) per DuckDB file at a time.

构建锁：同一 DuckDB 文件同一时间只允许一个构建。

The lock is `fcntl.flock` on `<database>.lock` beside the database file; the holder writes its
process id into it. The kernel releases the lock when the holder's last process ends, however it
ends — a killed build never leaves a stale lock. The file itself stays (deleting a lock file
while another process waits on it would let two builds in).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

POLL_SECONDS = 0.2


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class BuildLockBusyError(RuntimeError):
    """Another process holds the build lock."""

    def __init__(self, path: Path, holder: str | None) -> None:
        self.path = path
        self.holder = holder
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = f"进程 {self.holder}" if self.holder else "另一进程"
        who_en = f"pid {self.holder}" if self.holder else "another process"
        database = self.path.with_suffix("") if self.path.suffix == ".lock" else self.path
        return (
            f"另一个构建正在写入 {database}（{who}，锁文件 {self.path}）；请稍后再试，"
            f"或用 --wait 秒数等待 / another build ({who_en}) is building {database} "
            f"(lock {self.path}); try again later or pass --wait SECONDS"
        )


def read_holder(path: Path) -> str | None:
    """The process id written in the lock file, if any."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None


class BuildLock:
    """An acquired build lock; release it with `release()` or by leaving the `with` block."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self.fd = descriptor

    def release(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def acquire(
    path: Path, wait_seconds: float = 0, on_wait: Callable[[str | None], None] | None = None
) -> BuildLock:
    """Take the lock, waiting up to `wait_seconds`; `on_wait(holder)` is called once if the
    lock is busy and we wait. Raises BuildLockBusyError when the time is up."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(wait_seconds, 0)
    announced = False
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLockBusyError(path, read_holder(path)) from None
                if not announced and on_wait is not None:
                    on_wait(read_holder(path))
                announced = True
                time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(descriptor)
        raise
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
    os.fsync(descriptor)
    return BuildLock(path, descriptor)
