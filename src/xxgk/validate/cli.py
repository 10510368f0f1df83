"""`xxgk validate` and `xxgk gx-suites`: Great Expectations on the marts.

运行 GX 期望套件 / 由规则目录重新生成期望套件。
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xxgk.project import Project

if TYPE_CHECKING:
    from xxgk.validate.run import ValidationRun

EXIT_BUSY = 3

StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="error 级别的期望失败时以非零状态退出 / exit non-zero when an error-severity "
        "expectation fails",
    ),
]
DuckdbOption = Annotated[
    Path | None,
    typer.Option(
        "--duckdb",
        help="DuckDB 文件（默认 $XXGK_DUCKDB 或项目根目录下的 xxgk.duckdb）/ DuckDB file "
        "(default $XXGK_DUCKDB or xxgk.duckdb in the project root)",
    ),
]
DocsDirOption = Annotated[
    Path | None,
    typer.Option(
        "--docs-dir",
        help="Data Docs 输出目录（默认 build/gx_docs）/ Data Docs output directory "
        "(default build/gx_docs)",
    ),
]
ProjectDirOption = Annotated[
    Path | None,
    typer.Option(
        "--project-dir",
        help="项目根目录（默认自动查找）/ project root (default: found from the current directory)",
    ),
]

WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="另一个构建持有构建锁时最多等待的秒数（默认 0：立即停止）/ seconds to wait for the "
        "build lock held by another build (default 0: stop at once)",
    ),
]

BatchRowsOption = Annotated[
    int,
    typer.Option(
        "--batch-rows",
        envvar="XXGK_GX_BATCH_ROWS",
        min=1,
        help="每批验证的行数（按整份报告分批，内存上限随之而定）/ rows validated per batch, in "
        "whole reports (bounds memory)",
    ),
]
DEFAULT_BATCH_ROWS = 1_000_000


def say_waiting(holder: str | None) -> None:
    who = f"进程 {holder}" if holder else "另一进程"
    who_en = f"pid {holder}" if holder else "another process"
    typer.echo(f"等待构建锁（{who}持有）/ waiting for the build lock held by {who_en}", err=True)


def strict_failure(run: ValidationRun) -> bool:
    """What fails strict mode: an error-severity expectation failed or was not evaluated."""
    return bool(run.failed_errors or any(not outcome.evaluated for outcome in run.outcomes))


def validate_and_report(
    project: Project,
    docs_dir: Path | None,
    strict: bool,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    wait: float = 0,
) -> int:
    """Run the suites, print a summary, record the results, and return the exit code.

    Like xxgk build, the database file is not written in place: the results are appended to a
    copy that then replaces it, and the Data Docs are built aside and swapped in, under the
    build lock. 与 xxgk build 相同：不原地写入数据库文件。
    """
    from xxgk.atomic import (
        BUILDING,
        clean_stale,
        hidden_sibling,
        remove,
        replace_file,
        seal_database,
        wal_path,
    )
    from xxgk.lock import BuildLockBusyError, acquire, lock_path
    from xxgk.validate.report import print_summary
    from xxgk.validate.run import (
        DocsDirNotOursError,
        check_docs_dir,
        publish_docs,
        run_validation,
        write_audit,
    )

    target = project.duckdb_path
    if not target.exists():
        typer.echo(
            f"找不到 DuckDB 文件 {target}，请先运行 xxgk build / "
            f"DuckDB file {target} not found: run xxgk build first",
            err=True,
        )
        return 2
    docs = (docs_dir or project.gx_docs_dir).resolve()
    try:
        check_docs_dir(docs)
    except DocsDirNotOursError as error:
        typer.secho(str(error), fg="red", err=True)
        return 2
    try:
        lock = acquire(lock_path(target), wait, on_wait=say_waiting)
    except BuildLockBusyError as busy:
        typer.secho(busy.message, fg="red", err=True)
        return EXIT_BUSY
    copy = target.with_name(f"{target.name}.{BUILDING}-{os.getpid()}")
    new_docs = hidden_sibling(docs, BUILDING)
    with lock:  # what killed builds or validations left: their process is gone, we hold the lock
        for leftover in target.parent.glob(glob.escape(target.name) + f".{BUILDING}-*"):
            remove(leftover)
        clean_stale(docs.parent, (docs.name,), locked=True)
        try:
            run = run_validation(
                target,
                project.expectations_dir,
                new_docs,
                write_results=False,
                batch_rows=batch_rows,
            )
            run.docs_index = docs / "index.html"  # where they will be
            print_summary(run, target)
            shutil.copyfile(target, copy)
            if wal_path(target).exists():
                shutil.copyfile(wal_path(target), wal_path(copy))
            write_audit(copy, run.outcomes)
            seal_database(copy)
            wal_path(target).unlink(missing_ok=True)
            replace_file(copy, target)
            publish_docs(new_docs, docs)
        finally:
            for path in (copy, wal_path(copy), new_docs):
                remove(path)
    if strict and strict_failure(run):
        typer.echo(
            "严格模式：存在失败的 error 级别期望 / strict: error-severity expectations failed",
            err=True,
        )
        return 1
    return 0


def validate_command(
    strict: StrictOption = False,
    duckdb: DuckdbOption = None,
    docs_dir: DocsDirOption = None,
    project_dir: ProjectDirOption = None,
    batch_rows: BatchRowsOption = DEFAULT_BATCH_ROWS,
    wait: WaitOption = 0,
) -> None:
    """用 GX 检查数据集市并生成 Data Docs / Validate the marts with Great Expectations."""
    project = Project.locate(project_dir, duckdb)
    raise typer.Exit(validate_and_report(project, docs_dir, strict, batch_rows, wait))


def suites_command(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="只检查已提交的 JSON 是否与生成结果一致 / only check that the committed JSON "
            "matches generation",
        ),
    ] = False,
    duckdb: DuckdbOption = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """由规则目录和模板代码生成 expectations/*.json / Generate the GX suites from the rule
    catalogue and template codes in the DuckDB file."""
    from xxgk.validate.suites import drift, generate_from_file, load_suites, write_suites

    project = Project.locate(project_dir, duckdb)
    generated = generate_from_file(project.duckdb_path)
    if check:
        drifted = drift(load_suites(project.expectations_dir), generated)
        if drifted:
            typer.echo(
                "以下套件与规则目录不一致 / suites differ from the catalogue: "
                + ", ".join(drifted),
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(f"{len(generated)} 个套件均为最新 / suites are up to date")
        return
    written = write_suites(generated, project.expectations_dir)
    count = sum(len(suite["expectations"]) for suite in generated.values())
    typer.echo(
        f"已写入 {len(written)} 个套件、{count} 条期望 / wrote {len(written)} suites, "
        f"{count} expectations → {project.expectations_dir}"
    )
