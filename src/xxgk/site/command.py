"""`xxgk site` and `xxgk rectify`: the review site and the 整改清单 from an existing database.

`xxgk site` 由已有数据库（只读打开）生成审阅网站 `build/site/`；`xxgk rectify` 只写整改清单
（每个机关、每个上级主管部门一个 Excel 工作簿）。Both write a new directory beside the one they
replace (`.site.building-<pid>`) and swap it into place in one step only when it is complete: a
reader never sees half a site, and a failed run leaves the previous site as it was. `xxgk build`
renders the site the same way from the database it has just built and validated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xxgk.atomic import BUILDING, clean_stale, hidden_sibling, remove, swap_dir
from xxgk.project import Project
from xxgk.site.rectify import write_workbooks
from xxgk.site.render import MARKER, SiteSummary, rectify_groups, render_site
from xxgk.validate.cli import DuckdbOption, ProjectDirOption

SiteDirOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="网站目录（默认 build/site）/ where the site goes (default build/site)",
    ),
]
RectifyDirOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="整改清单目录（默认 build/rectify）/ where the workbooks go (default build/rectify)",
    ),
]


class SiteDirNotOursError(RuntimeError):
    """The output directory holds files xxgk did not write: it is never replaced."""


def check_site_dir(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise SiteDirNotOursError(f"{directory} 不是目录 / is not a directory")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise SiteDirNotOursError(
            f"{directory} 不是 xxgk 生成的目录，不会被替换；请换一个 --out / {directory} was "
            "not written by xxgk and is not replaced: choose another --out"
        )


def new_site_dir(site_dir: Path) -> Path:
    """The private directory a new site is written into (leftovers of killed runs removed)."""
    clean_stale(site_dir.parent, (site_dir.name,))
    building = hidden_sibling(site_dir, BUILDING)
    remove(building)
    return building


def write_site(database: Path, site_dir: Path) -> SiteSummary:
    """Render the site for `database` and put it at `site_dir` in one atomic step."""
    check_site_dir(site_dir)
    building = new_site_dir(site_dir)
    try:
        summary = render_site(database, building)
        swap_dir(building, site_dir)
    finally:
        remove(building)
    return summary


def render_new_site(database: Path, site_dir: Path, building: Path) -> SiteSummary | None:
    """For `xxgk build`: render the site of the database just built into `building` (swapped
    into place by the build after the database). None, said on stderr, when it failed: the
    previous site is then left as it was."""
    try:
        check_site_dir(site_dir)
        remove(building)
        summary = render_site(database, building)
    except Exception as error:
        remove(building)
        typer.secho(
            f"审阅网站生成失败，保留上一版 / the review site failed, the previous one is kept: "
            f"{error}",
            fg="red",
            err=True,
        )
        return None
    say_site(summary, site_dir)
    return summary


def say_site(summary: SiteSummary, site_dir: Path) -> None:
    typer.echo(
        f"审阅网站 / review site: {summary.reports} 份报告 / reports, {summary.rejected} 个拒绝的"
        f"文件 / rejected files, {summary.pages} 页 / pages, {summary.workbooks} 个整改清单 / "
        f"workbooks, {summary.seconds:.1f} s → {(site_dir / 'index.html').as_uri()}"
    )


def _database(project: Project) -> Path:
    database = project.duckdb_path
    if not database.is_file():
        typer.secho(
            f"数据库不存在，请先运行 xxgk build / database not found, run xxgk build first: "
            f"{database}",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    return database


def site_command(
    duckdb: DuckdbOption = None,
    project_dir: ProjectDirOption = None,
    out: SiteDirOption = None,
) -> None:
    """由已有数据库生成审阅网站 / Render the review site from an existing DuckDB file.

    只读打开数据库；新网站写完后原子地替换旧网站 / the database is opened read-only; the new
    site replaces the old one atomically once complete.
    """
    project = Project.locate(project_dir, duckdb)
    site_dir = (out or project.build_dir / "site").resolve()
    try:
        summary = write_site(_database(project), site_dir)
    except SiteDirNotOursError as error:
        typer.secho(str(error), fg="red", err=True)
        raise typer.Exit(2) from None
    say_site(summary, site_dir)


def rectify_command(
    duckdb: DuckdbOption = None,
    project_dir: ProjectDirOption = None,
    out: RectifyDirOption = None,
) -> None:
    """写整改清单：每个机关、每个上级主管部门一个 Excel 工作簿 / Write the 整改清单 workbooks.

    每处违反一行：机关、年度、表、单元格（按印刷原样）、应为、实为、说明、出处 / one row per
    violation: agency, year, table, cell as printed, expected, found, explanation, where read.
    """
    project = Project.locate(project_dir, duckdb)
    directory = (out or project.build_dir / "rectify").resolve()
    try:
        check_site_dir(directory)
    except SiteDirNotOursError as error:
        typer.secho(str(error), fg="red", err=True)
        raise typer.Exit(2) from None
    building = new_site_dir(directory)
    try:
        building.mkdir(parents=True)
        (building / MARKER).write_text("Generated by xxgk rectify.\n", encoding="utf-8")
        written = write_workbooks(building, rectify_groups(_database(project)))
        swap_dir(building, directory)
    finally:
        remove(building)
    typer.echo(f"整改清单 / workbooks: {len(written)} → {directory}")
