"""`xxgk validate` and `xxgk gx-suites`: Great Expectations on the marts.

运行 GX 期望套件 / 由规则目录重新生成期望套件。
"""

from __future__ import annotations

from typing import Annotated

import typer

from xxgk.cli import options as opt
from xxgk.project import DEFAULT_BATCH_ROWS, Project


def validate_command(
    strict: opt.StrictOption = False,
    duckdb: opt.DuckdbOption = None,
    docs_dir: opt.DocsDirOption = None,
    project_dir: opt.ProjectDirOption = None,
    batch_rows: opt.BatchRowsOption = DEFAULT_BATCH_ROWS,
    wait: opt.WaitOption = 0,
) -> None:
    """用 GX 检查数据集市并生成 Data Docs / Validate the marts with Great Expectations."""
    from xxgk.validate.job import validate_database
    from xxgk.validate.report import print_summary

    with opt.failing_cleanly():
        project = Project.locate(project_dir, duckdb)
        run = validate_database(
            project, docs_dir, batch_rows=batch_rows, wait=wait, on_wait=opt.say_waiting
        )
    print_summary(run, project.duckdb_path)
    if strict and run.fails_strict:
        opt.fail("严格模式：存在失败的 error 级别期望 / strict: error-severity expectations failed")
        raise typer.Exit(1)


def suites_command(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="只检查已提交的 JSON 是否与生成结果一致 / only check that the committed JSON "
            "matches generation",
        ),
    ] = False,
    duckdb: opt.DuckdbOption = None,
    project_dir: opt.ProjectDirOption = None,
) -> None:
    """由规则目录和模板代码生成 expectations/*.json / Generate the GX suites from the rule
    catalogue and template codes in the DuckDB file."""
    from xxgk.validate.suites import drift, generate_from_file, load_suites, write_suites

    with opt.failing_cleanly():
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
