"""`xxgk site` and `xxgk rectify`: the review site and the 整改清单 from an existing database.

由已有数据库（只读打开）生成审阅网站 / 只写整改清单。The work is done by `xxgk.site`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xxgk.cli import options as opt
from xxgk.project import Project

SiteDirOption = Annotated[
    Path | None,
    typer.Option(
        "--out", help="网站目录（默认 build/site）/ where the site goes (default build/site)"
    ),
]
RectifyDirOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="整改清单目录（默认 build/rectify）/ where the workbooks go (default build/rectify)",
    ),
]


def site_command(
    duckdb: opt.DuckdbOption = None,
    project_dir: opt.ProjectDirOption = None,
    out: SiteDirOption = None,
) -> None:
    """由已有数据库生成审阅网站 / Render the review site from an existing DuckDB file.

    只读打开数据库；新网站写完后原子地替换旧网站 / the database is opened read-only; the new
    site replaces the old one atomically once complete.
    """
    from xxgk.site.publish import say_site, write_site

    with opt.failing_cleanly():
        project = Project.locate(project_dir, duckdb)
        site_dir = (out or project.build_dir / "site").resolve()
        summary = write_site(project.duckdb_path, site_dir)
    say_site(summary, site_dir)


def rectify_command(
    duckdb: opt.DuckdbOption = None,
    project_dir: opt.ProjectDirOption = None,
    out: RectifyDirOption = None,
) -> None:
    """写整改清单：每个机关、每个上级主管部门一个 Excel 工作簿 / Write the 整改清单 workbooks.

    每处违反一行：机关、年度、表、单元格（按印刷原样）、应为、实为、说明、出处 / one row per
    violation: agency, year, table, cell as printed, expected, found, explanation, where read.
    """
    from xxgk.site.publish import write_rectify

    with opt.failing_cleanly():
        project = Project.locate(project_dir, duckdb)
        directory = (out or project.build_dir / "rectify").resolve()
        written = write_rectify(project.duckdb_path, directory)
    typer.echo(f"整改清单 / workbooks: {len(written)} → {directory}")
