"""`xxgk validate` and `xxgk gx-suites`: Great Expectations on the marts.

运行 GX 期望套件 / 由规则目录重新生成期望套件。
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xxgk.project import Project

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
DEFAULT_BATCH_ROWS = 2_000_000


def validate_and_report(
    project: Project,
    docs_dir: Path | None,
    strict: bool,
    batch_rows: int = DEFAULT_BATCH_ROWS,
) -> int:
    """Run the suites, print a summary, and return the exit code."""
    from xxgk.validate.report import print_summary
    from xxgk.validate.run import run_validation

    if not project.duckdb_path.exists():
        typer.echo(
            f"找不到 DuckDB 文件 {project.duckdb_path}，请先运行 xxgk build / "
            f"DuckDB file {project.duckdb_path} not found: run xxgk build first",
            err=True,
        )
        return 2
    run = run_validation(
        project.duckdb_path,
        project.expectations_dir,
        docs_dir or project.gx_docs_dir,
        batch_rows=batch_rows,
    )
    print_summary(run, project.duckdb_path)
    if strict and (run.failed_errors or any(not o.evaluated for o in run.outcomes)):
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
) -> None:
    """用 GX 检查数据集市并生成 Data Docs / Validate the marts with Great Expectations."""
    project = Project.locate(project_dir, duckdb)
    raise typer.Exit(validate_and_report(project, docs_dir, strict, batch_rows))


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
