"""Options shared by several commands, each with the environment variable typer reads for it.

多个命令共用的选项；环境变量由 typer 的 `envvar=` 读取（命令行选项优先于环境变量）。
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from xxgk.lock import BuildLockBusyError
from xxgk.project import BATCH_ROWS_ENV, DUCKDB_ENV, PROJECT_ENV, RAW_DIR_ENV, UsageError

EXIT_USAGE = 2  # a wrong option or input: nothing done
EXIT_BUSY = 3  # another build holds the build lock

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
        envvar=DUCKDB_ENV,
        help="DuckDB 文件（默认项目根目录下的 xxgk.duckdb）/ DuckDB file (default xxgk.duckdb "
        "in the project root)",
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
        envvar=PROJECT_ENV,
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
        envvar=BATCH_ROWS_ENV,
        min=1,
        help="每批验证的行数（按整份报告分批，内存上限随之而定）/ rows validated per batch, in "
        "whole reports (bounds memory)",
    ),
]
AddReportsOption = Annotated[
    bool,
    typer.Option(
        "--add-reports",
        help="向上一版数据库追加新报告：逐报告的模型只处理尚未构建的报告，跨报告的检查整体重建；"
        "模型、宏、参考种子或变量改变时整体重建 / add the new reports to the previous database: "
        "the per-report models process only reports not built yet, the checks across reports "
        "are rebuilt; everything is rebuilt when the models, macros, seeds or vars changed",
    ),
]
RawDirOption = Annotated[
    Path | None,
    typer.Option(
        "--raw-dir",
        envvar=RAW_DIR_ENV,
        help="原始语料目录（xxgk extract --out 的输出），传给 dbt 的 var raw_dir / raw corpus "
        "directory (the output of xxgk extract --out), passed to dbt as var raw_dir",
    ),
]


def fail(message: str) -> None:
    """An error line on stderr, in red."""
    typer.secho(message, fg="red", err=True)


def say_waiting(holder: str | None) -> None:
    """Told once while a command waits for the build lock (`--wait`)."""
    who = f"进程 {holder}" if holder else "另一进程"
    who_en = f"pid {holder}" if holder else "another process"
    typer.echo(f"等待构建锁（{who}持有）/ waiting for the build lock held by {who_en}", err=True)


@contextmanager
def failing_cleanly() -> Iterator[None]:
    """The library's refusals as one red line and an exit code: bad input (`UsageError`: no
    project, no database, a docs directory xxgk did not write) 2, a busy build lock 3."""
    try:
        yield
    except UsageError as error:
        fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    except BuildLockBusyError as busy:
        fail(busy.message)
        raise typer.Exit(EXIT_BUSY) from None
