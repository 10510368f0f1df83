"""`xxgk build`: the main job — dbt build → GX validation → dbt docs → Data Docs, atomically.

主流程命令：dbt build → GX 检查 → dbt 文档 → Data Docs，整体原子地替换（见 xxgk.build）。
"""

from __future__ import annotations

import typer

from xxgk.cli import options as opt
from xxgk.project import DEFAULT_BATCH_ROWS, Project


def build_command(
    strict: opt.StrictOption = False,
    duckdb: opt.DuckdbOption = None,
    docs_dir: opt.DocsDirOption = None,
    project_dir: opt.ProjectDirOption = None,
    raw_dir: opt.RawDirOption = None,
    wait: opt.WaitOption = 0,
    batch_rows: opt.BatchRowsOption = DEFAULT_BATCH_ROWS,
    add_reports: opt.AddReportsOption = False,
) -> None:
    """构建数据库、检查并生成两套文档 / Build the DuckDB file, validate it, generate the docs.

    新文件构建完成后才原子地替换旧文件 / the file is replaced atomically once the new one is
    complete. --strict 传给 dbt（--vars '{strict: true}'）与 GX / is passed to dbt and to GX.
    --add-reports 沿用上一版数据库，只构建新报告（项目改变时整体重建）/ builds only the new
    reports onto the previous database (everything when the project changed since).
    """
    from xxgk.build import build
    from xxgk.validate.run import check_docs_dir

    with opt.failing_cleanly():
        project = Project.locate(project_dir, duckdb)
        gx_docs = (docs_dir or project.gx_docs_dir).resolve()
        raw = raw_dir.expanduser().resolve() if raw_dir else None
        typer.echo(f"项目 / project: {project.root}\nDuckDB: {project.duckdb_path}")
        if raw is not None:
            typer.echo(f"原始语料 / raw corpus: {raw}")
            if not raw.is_dir():
                opt.fail(f"原始语料目录不存在 / raw corpus directory not found: {raw}")
                raise typer.Exit(opt.EXIT_USAGE)
        check_docs_dir(gx_docs)
        code = build(
            project,
            gx_docs,
            strict=strict,
            raw_dir=raw,
            wait=wait,
            batch_rows=batch_rows,
            on_wait=opt.say_waiting,
            add_reports=add_reports,
        )
    raise typer.Exit(code)
