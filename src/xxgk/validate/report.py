"""The terminal summary of a validation run. 验证结果的终端摘要。"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from xxgk.inert import plain
from xxgk.validate.run import ValidationRun

OFFENDING_ROWS_SHOWN = 5


def print_summary(run: ValidationRun, duckdb_path: Path, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if console.width < 120:
            console = Console(width=120)
    table = Table(title=f"GX 验证 / validation {run.run_id}")
    for header in ("套件 / suite", "期望 / expectations", "通过 / passed", "失败 / failed"):
        table.add_column(header)
    for suite in sorted({outcome.suite for outcome in run.outcomes}):
        outcomes = [outcome for outcome in run.outcomes if outcome.suite == suite]
        failed = [outcome for outcome in outcomes if not outcome.success]
        table.add_row(
            suite,
            str(len(outcomes)),
            str(len(outcomes) - len(failed)),
            f"[red]{len(failed)}[/red]" if failed else "0",
        )
    console.print(table)

    for outcome in run.failed:
        line = Text("✗ ", style="red")
        line.append_text(
            plain(
                f"{outcome.suite} · {outcome.rule_id} ({outcome.severity}) · "
                f"{outcome.expectation_type} · {outcome.column_name}: {outcome.observed_value}"
            )
        )
        console.print(line)
        if outcome.exception_text:
            console.print(plain(f"    异常 / exception: {outcome.exception_text}"))
        for row in json.loads(outcome.unexpected_rows or "[]")[:OFFENDING_ROWS_SHOWN]:
            console.print(plain(f"    {json.dumps(row, ensure_ascii=False)}"))
    if run.drifted_suites:
        console.print(
            "[yellow]警告：以下套件与本数据库的规则目录不一致，请运行 xxgk gx-suites / warning: "
            "suites differ from this database's catalogue, run xxgk gx-suites:[/yellow] "
            + ", ".join(run.drifted_suites)
        )
    passed = len(run.outcomes) - len(run.failed)
    console.print(
        f"期望 {len(run.outcomes)} 条：通过 {passed}，失败 {len(run.failed)}"
        f"（其中 error 级 {len(run.failed_errors)}） / {len(run.outcomes)} expectations: "
        f"{passed} passed, {len(run.failed)} failed ({len(run.failed_errors)} error severity)"
    )
    console.print(plain(f"结果表 / results: audit.gx_results in {duckdb_path}"))
    console.print(plain(f"Data Docs: {run.docs_index}"))
