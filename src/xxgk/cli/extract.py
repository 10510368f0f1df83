"""`xxgk extract FILES_OR_DIRS... --out DIR` — 抽取命令 (the run itself: `xxgk.extract.run`).

Shows a progress bar while `run_extract` reads the files and ends with a summary: counts per
status, files with problems (file, place, reason), duplicates, and agencies missing from the
registry seed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xxgk.cli.options import EXIT_USAGE, ProjectDirOption, failing_cleanly
from xxgk.extract.pool import DEFAULT_TIMEOUT
from xxgk.extract.raw_format import FORMATS, LOG, PROPOSALS_FILE, file_name
from xxgk.extract.run import ExtractSummary, collect_files, run_extract
from xxgk.extract.template import find_template_file


def print_summary(console: Console, summary: ExtractSummary) -> None:
    """Counts per status, the files with problems, duplicates and the registry's gaps."""
    table = Table(title="抽取结果 / extraction summary")
    table.add_column("status")
    table.add_column("files", justify="right")
    for status in ("extracted", "partial", "rejected"):
        table.add_row(status, str(summary.counts.get(status, 0)))
    console.print(table)
    log_name = file_name(LOG, "csv")
    for p in summary.problems:
        colour = {"extracted": "green", "partial": "yellow", "rejected": "red"}[p.status]
        place = f" @ {p.place}" if p.place else ""
        console.print(
            f"[{colour}]{p.status}[/{colour}] {escape(p.source_file)}{escape(place)}: "
            f"{p.cells_read}/{summary.cells_expected}"
        )
        for zh, en in p.reasons[:4]:
            console.print(f"    {zh}\n    {en}", markup=False)
        if len(p.reasons) > 4:
            more = len(p.reasons) - 4
            console.print(f"    … {more} more / 另有 {more} 条 ({log_name})", markup=False)
    hidden = summary.problem_count - len(summary.problems)
    if hidden > 0:
        console.print(
            f"… 另有 {hidden} 个文件有问题 / {hidden} more files with problems ({log_name})",
            markup=False,
        )
    dups = summary.duplicates
    for note in dups.same_bytes_notes:
        console.print(f"[yellow]重复 / duplicate:[/yellow] {escape(note)}")
    if dups.same_bytes > len(dups.same_bytes_notes):
        console.print(f"… {dups.same_bytes} same-file duplicates in all / 共 {dups.same_bytes} 个")
    groups, notes = dups.group_notes()
    for note in notes:
        console.print(f"[yellow]重复 / duplicate:[/yellow] {escape(note)}")
    if groups > len(notes):
        console.print(f"… {groups} agency-years with several reports / 共 {groups} 个机关年度")
    if summary.registry_missing is None:
        console.print(
            f"[yellow]找不到机关登记 / registry not found:[/yellow] {summary.registry_path}"
        )
    elif summary.registry_missing:
        missing = summary.registry_missing
        console.print(
            f"[yellow]登记中没有的机关 / agencies missing from the registry "
            f"({len(missing)}):[/yellow] " + escape("、".join(missing[:200]))
        )
        console.print(
            f"    建议行见 / proposed rows in {summary.out / PROPOSALS_FILE}"
            " (其余列待人工填写 / other columns to be filled by hand)"
        )


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]抽取 extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=quiet,
        transient=False,
    )


def _print_write_error(console: Console, out: Path, err: OSError) -> None:
    detail = f" ({err.filename})" if err.filename and Path(err.filename) != out else ""
    console.print(
        f"[red]无法写入输出，原目录未改动 / cannot write the output, left as it was:[/red] "
        f"{escape(str(out))}: {escape(err.strerror or str(err))}{escape(detail)}",
        soft_wrap=True,
    )


def extract(
    inputs: Annotated[
        list[Path], typer.Argument(help="报告文件或目录 / report files or directories")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="输出目录 / output directory for the raw files (e.g. data/raw)"
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option("--format", help="csv 或 parquet / csv or parquet (all columns text)"),
    ] = "csv",
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="工作进程数 / worker processes (default: cores)"),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.1, help="单个文件时限（秒），超时即拒绝 / per-file time limit in seconds"
        ),
    ] = DEFAULT_TIMEOUT,
    registry: Annotated[
        Path | None,
        typer.Option(
            help="机关登记种子 / agency registry seed (default: seeds/registry/agency_registry.csv)"
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="不显示进度条 / no progress bar")
    ] = False,
    project_dir: ProjectDirOption = None,
) -> None:
    """从年报抽取表二、三、四，写出原始数据 / Extract tables 2–4 into the raw files."""
    console = Console(stderr=False)
    if output_format not in FORMATS:
        console.print(f"[red]--format: csv 或 parquet / csv or parquet[/red] ({output_format})")
        raise typer.Exit(code=EXIT_USAGE)
    files, absent = collect_files(inputs)
    for item in absent:
        console.print(f"[red]不存在 / does not exist:[/red] {escape(item)}")
    if not files:
        console.print("[red]没有可读的文件 / no files to read[/red]")
        raise typer.Exit(code=EXIT_USAGE)
    with failing_cleanly():
        template_file = find_template_file(project_dir)
    progress = _progress(console, quiet)
    try:
        with progress:
            task = progress.add_task("", total=len(files))
            summary = run_extract(
                files,
                out,
                template_file,
                fmt=output_format,
                jobs=jobs,
                timeout=timeout,
                registry=registry,
                on_outcome=lambda o: progress.update(
                    task, advance=1, description=o.source_file[:40]
                ),
            )
    except OSError as err:
        _print_write_error(console, out, err)
        raise typer.Exit(code=1) from None
    print_summary(console, summary)
    console.print(f"输出 / written to {escape(str(out))}")
