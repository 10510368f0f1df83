"""`xxgk validate` as a job: validate the database file and record the results atomically.

验证数据库文件并原子地记录结果（与 xxgk build 相同：不原地写入数据库文件）。

The results are appended to a copy of the file that then replaces it, and the Data Docs are
built aside and swapped in, all under the build lock.
"""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from xxgk import atomic
from xxgk.lock import acquire, lock_path
from xxgk.project import DEFAULT_BATCH_ROWS, Project, UsageError
from xxgk.validate.run import (
    ValidationRun,
    check_docs_dir,
    publish_docs,
    run_validation,
    write_audit,
)


class DatabaseNotFoundError(UsageError):
    """The DuckDB file to validate does not exist (xxgk build makes it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"找不到 DuckDB 文件 {path}，请先运行 xxgk build / "
            f"DuckDB file {path} not found: run xxgk build first"
        )


def validate_database(
    project: Project,
    docs_dir: Path | None = None,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    wait: float = 0,
    on_wait: Callable[[str | None], None] | None = None,
) -> ValidationRun:
    """Validate `project.duckdb_path`, append the results to its `audit.gx_results` and publish
    the Data Docs (default `build/gx_docs`). Raises DatabaseNotFoundError, DocsDirNotOursError
    (a docs directory xxgk did not write) or BuildLockBusyError before anything is written."""
    target = project.duckdb_path
    if not target.exists():
        raise DatabaseNotFoundError(target)
    docs = (docs_dir or project.gx_docs_dir).resolve()
    check_docs_dir(docs)
    lock = acquire(lock_path(target), wait, on_wait=on_wait)
    copy = target.with_name(f"{target.name}.{atomic.BUILDING}-{os.getpid()}")
    # GX's context and each suite's rows partitioned by batch (as large as a mart, so beside the
    # database rather than in a /tmp that may be memory); a killed run's are removed below
    scratch = target.with_name(f"{target.name}.{atomic.BUILDING}-{os.getpid()}.scratch")
    new_docs = atomic.hidden_sibling(docs, atomic.BUILDING)
    with lock:  # what killed builds or validations left: their process is gone, we hold the lock
        for leftover in target.parent.glob(glob.escape(target.name) + f".{atomic.BUILDING}-*"):
            atomic.remove(leftover)
        atomic.clean_stale(docs.parent, (docs.name,), locked=True)
        try:
            scratch.mkdir()
            run = run_validation(
                target,
                project.expectations_dir,
                new_docs,
                write_results=False,
                batch_rows=batch_rows,
                scratch_dir=scratch,
            )
            run.docs_index = docs / "index.html"  # where they will be
            shutil.copyfile(target, copy)
            if atomic.wal_path(target).exists():
                shutil.copyfile(atomic.wal_path(target), atomic.wal_path(copy))
            write_audit(copy, run.outcomes)
            atomic.seal_database(copy)
            atomic.wal_path(target).unlink(missing_ok=True)
            atomic.replace_file(copy, target)
            publish_docs(new_docs, docs)
        finally:
            for path in (copy, atomic.wal_path(copy), new_docs, scratch):
                atomic.remove(path)
    return run
