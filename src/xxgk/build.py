"""`xxgk build`: the main job — dbt build → GX validation → dbt docs → Data Docs.

主流程：dbt build → xxgk validate（GX，Data Docs）→ dbt docs generate --static。
"""

from __future__ import annotations

from pathlib import Path

import typer

from xxgk.project import Project, run_dbt, strict_vars
from xxgk.validate.cli import DocsDirOption, DuckdbOption, ProjectDirOption, StrictOption


def _step(title: str) -> None:
    typer.secho(f"\n== {title} ==", bold=True)


def build_command(
    strict: StrictOption = False,
    duckdb: DuckdbOption = None,
    docs_dir: DocsDirOption = None,
    project_dir: ProjectDirOption = None,
) -> None:
    """构建数据库、检查并生成两套文档 / Build the DuckDB file, validate it, generate the docs.

    --strict 传给 dbt（--vars '{strict: true}'）与 GX / is passed to dbt and to GX.
    """
    from xxgk.validate.cli import validate_and_report

    project = Project.locate(project_dir, duckdb)
    gx_docs = (docs_dir or project.gx_docs_dir).resolve()
    typer.echo(f"项目 / project: {project.root}\nDuckDB: {project.duckdb_path}")
    project.duckdb_path.parent.mkdir(parents=True, exist_ok=True)

    _step("dbt build")
    dbt_build = run_dbt(project, "build", *strict_vars(strict))
    if dbt_build.returncode != 0:
        typer.secho(
            f"dbt build 失败（退出码 {dbt_build.returncode}）；仍尝试检查并生成文档 / dbt build "
            f"failed (exit {dbt_build.returncode}); validating and generating docs anyway",
            fg="red",
            err=True,
        )

    _step("xxgk validate (Great Expectations)")
    try:
        validate_code = validate_and_report(project, gx_docs, strict)
    except Exception as error:  # the marts may be missing after a failed dbt build
        typer.secho(f"GX 验证出错 / validation error: {error}", fg="red", err=True)
        validate_code = 1

    _step("dbt docs generate --static")
    dbt_docs = run_dbt(project, "docs", "generate", "--static", *strict_vars(strict))

    _step("结果 / where things are")
    typer.echo(f"DuckDB 文件 / file:        {project.duckdb_path}")
    typer.echo(f"dbt 文档 / dbt docs:       {_location(project.dbt_docs_index)}")
    typer.echo(f"GX Data Docs:              {_location(gx_docs / 'index.html')}")
    codes = (dbt_build.returncode, validate_code, dbt_docs.returncode)
    raise typer.Exit(next((code for code in codes if code), 0))


def _location(path: Path) -> str:
    return path.as_uri() if path.exists() else f"{path} (未生成 / not generated)"
