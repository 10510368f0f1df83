"""The `xxgk` command line: one entry point for the whole pipeline.

Subcommands are defined in their own modules and registered here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="xxgk",
    help=(
        "政府信息公开工作年度报告数据质量检查 / "
        "Data-quality checks for government disclosure annual reports."
    ),
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """xxgk — extract, load and check the three statistical tables of annual disclosure reports."""


# Great Expectations and the main build job (issue 4). GX 与主构建流程。
from xxgk.build import build_command  # noqa: E402
from xxgk.validate.cli import suites_command, validate_command  # noqa: E402

app.command("build")(build_command)
app.command("validate")(validate_command)
app.command("gx-suites")(suites_command)

# Extraction of tables 2–4 from report files (issue 5). 年报表格抽取。
from xxgk.extract.command import extract  # noqa: E402

app.command("extract")(extract)

# The reviewer's site and the 整改清单 (issue 11). 审阅网站与整改清单。
from xxgk.site.command import rectify_command, site_command  # noqa: E402

app.command("site")(site_command)
app.command("rectify")(rectify_command)
