"""`xxgk extract FILES_OR_DIRS... --out DIR` — 抽取命令.

Reads every file given (directories are walked, sorted) on every core, writes the raw files
of `data/raw/README.md` into DIR (CSV, or Parquet with `--format parquet`) — all at once, or
not at all: DIR keeps its previous content until the new one is complete — shows a progress
bar and ends with a summary: counts per status, files with problems (file, place, reason),
duplicates, and agencies missing from the registry seed (proposed in
DIR/agency_registry_proposed.csv: the printed name, normalised, as an alias; other columns
left empty).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xxgk.extract.agency_names import registry_names, unregistered
from xxgk.extract.atomic import atomic_directory
from xxgk.extract.duplicates import Duplicates
from xxgk.extract.outcome import Outcome
from xxgk.extract.pool import DEFAULT_TIMEOUT, PoolStats, extract_outcomes
from xxgk.extract.raw_format import FORMATS, LOG, PROPOSALS_FILE, file_name, output_names
from xxgk.extract.template import find_template_file, load_template
from xxgk.extract.writer import RawWriter, write_registry_proposals

PROBLEMS_SHOWN = 50


def collect_files(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read, sorted, each once; and the inputs that do not exist."""
    found: set[Path] = set()
    absent: list[str] = []
    for item in inputs:
        if item.is_dir():
            for path in item.rglob("*"):
                if path.is_file() and not any(
                    part.startswith(".") for part in path.relative_to(item).parts
                ):
                    found.add(path.resolve())
        elif item.is_file():
            found.add(item.resolve())
        else:
            absent.append(str(item))
    return sorted(found, key=lambda p: (p.name, str(p))), absent


@dataclass
class Problem:
    """A file that was not extracted cleanly, as the summary shows it."""

    status: str
    source_file: str
    place: str
    cells_read: int
    reasons: list[tuple[str, str]]


@dataclass
class ExtractSummary:
    """What a run did (the files themselves are in the output directory)."""

    out: Path
    files: list[Path] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    problem_count: int = 0
    duplicates: Duplicates = field(default_factory=Duplicates)
    pool: PoolStats = field(default_factory=PoolStats)
    cells_expected: int = 0
    registry_missing: list[str] | None = None  # None: no registry to compare with


def run_extract(
    files: list[Path],
    out: Path,
    template_path: Path | None = None,
    *,
    fmt: str = "csv",
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    registry: Path | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> ExtractSummary:
    """Extract `files` into `out` (replaced whole on success). Raises OSError when `out`
    cannot be written; `out` then keeps its previous content."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    template_file = template_path or find_template_file()
    template = load_template(template_file)
    summary = ExtractSummary(out=out, files=files, cells_expected=template.cells_expected)
    registry_path = (
        registry or template_file.parents[2] / "seeds" / "registry" / "agency_registry.csv"
    )
    known = registry_names(registry_path)
    with atomic_directory(out, output_names()) as tmp:
        writer = RawWriter(tmp, template.cells_expected, fmt)
        for outcome in extract_outcomes(files, template_file, jobs, timeout, summary.pool):
            group = summary.duplicates.see(outcome)
            writer.add(outcome, group)
            summary.counts[outcome.status] += 1
            if outcome.status != "extracted" or outcome.reasons_en:
                summary.problem_count += 1
                if len(summary.problems) < PROBLEMS_SHOWN:
                    summary.problems.append(
                        Problem(
                            outcome.status,
                            outcome.source_file,
                            outcome.place,
                            outcome.cells_read,
                            list(zip(outcome.reasons_zh, outcome.reasons_en, strict=False)),
                        )
                    )
            if on_outcome is not None:
                on_outcome(outcome)
        writer.finish(summary.duplicates)
        if known is not None:
            summary.registry_missing = unregistered(summary.duplicates.agencies(), known)
            if summary.registry_missing:
                write_registry_proposals(tmp / PROPOSALS_FILE, summary.registry_missing)
    return summary


def _print_summary(console: Console, summary: ExtractSummary, registry_path: Path) -> None:
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
        console.print(f"[yellow]找不到机关登记 / registry not found:[/yellow] {registry_path}")
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
) -> None:
    """从年报抽取表二、三、四，写出原始数据 / Extract tables 2–4 into the raw files."""
    console = Console(stderr=False)
    if output_format not in FORMATS:
        console.print(f"[red]--format: csv 或 parquet / csv or parquet[/red] ({output_format})")
        raise typer.Exit(code=2)
    files, absent = collect_files(inputs)
    for item in absent:
        console.print(f"[red]不存在 / does not exist:[/red] {escape(item)}")
    if not files:
        console.print("[red]没有可读的文件 / no files to read[/red]")
        raise typer.Exit(code=2)
    template_file = find_template_file()
    registry_path = (
        registry or template_file.parents[2] / "seeds" / "registry" / "agency_registry.csv"
    )
    progress = Progress(
        TextColumn("[bold]抽取 extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=quiet,
        transient=False,
    )
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
                registry=registry_path,
                on_outcome=lambda o: progress.update(
                    task, advance=1, description=o.source_file[:40]
                ),
            )
    except OSError as err:
        detail = f" ({err.filename})" if err.filename and Path(err.filename) != out else ""
        console.print(
            f"[red]无法写入输出，原目录未改动 / cannot write the output, left as it was:[/red] "
            f"{escape(str(out))}: {escape(err.strerror or str(err))}{escape(detail)}",
            soft_wrap=True,
        )
        raise typer.Exit(code=1) from None
    _print_summary(console, summary, registry_path)
    console.print(f"输出 / written to {escape(str(out))}")
