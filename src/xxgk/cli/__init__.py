"""The `xxgk` command line: one entry point for the whole pipeline — 命令行入口.

Every command lives in a module of this package and holds only its options and what it prints;
the work is done by the library (`xxgk.build`, `xxgk.validate`, `xxgk.extract`). Environment
variables reach the options through typer's `envvar=` (`xxgk.cli.options`): an option given on
the command line wins over its variable.
"""

from __future__ import annotations

import typer

from xxgk.cli.build import build_command
from xxgk.cli.extract import extract
from xxgk.cli.site import rectify_command, site_command
from xxgk.cli.validate import suites_command, validate_command

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


app.command("build")(build_command)
app.command("validate")(validate_command)
app.command("gx-suites")(suites_command)
app.command("extract")(extract)
app.command("site")(site_command)
app.command("rectify")(rectify_command)
