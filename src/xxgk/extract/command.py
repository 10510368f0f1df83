"""`xxgk extract FILES_OR_DIRS... --out DIR` — 抽取命令.

Reads every file given (directories are walked, sorted) on every core, writes the raw files
of `data/raw/README.md` into DIR (CSV, or Parquet with `--format parquet`) — all at once, or
not at all: DIR keeps its previous content until the new one is complete — shows a progress
bar and ends with a summary: counts per status, the limits applied and the workers' peak
memory, files with problems (file, place, reason), duplicates, and agencies missing from the
registry seed (proposed in DIR/agency_registry_proposed.csv, other columns left empty).

Every path given or found is one log line (`inputs.py`), every file is read within the limits
of `limits.py`, and text from reports and file names is printed inert (`xxgk.inert`).
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from xxgk.extract.atomic import atomic_directory
from xxgk.extract.duplicates import Duplicates
from xxgk.extract.inputs import Input, collect_inputs
from xxgk.extract.limits import Limits, limits_from_environment
from xxgk.extract.outcome import Outcome
from xxgk.extract.pool import DEFAULT_TIMEOUT, PoolStats, extract_outcomes
from xxgk.extract.raw_format import FORMATS, LOG, PROPOSALS_FILE, file_name, output_names
from xxgk.extract.template import find_template_file, load_template
from xxgk.extract.writer import RawWriter, write_registry_proposals
from xxgk.inert import escaped, plain

PROBLEMS_SHOWN = 50


def collect_files(inputs: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read, sorted, each once; and the inputs that do not exist (the paths of
    `collect_inputs`, for callers that want paths only)."""
    found = collect_inputs(inputs)
    absent = [str(i.path) for i in found if i.skip_en == "does not exist: not read"]
    return [i.path for i in found if i.readable], absent


def skipped_outcome(item: Input) -> Outcome:
    """The log line of a path not read (it has no bytes, so no id)."""
    outcome = Outcome(source_file=item.name, sha256="", status="rejected")
    outcome.reject(item.skip_zh, item.skip_en)
    return outcome


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
    limits: Limits = field(default_factory=Limits)


def _registry_agencies(path: Path) -> set[str] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["title_agency"] for row in csv.DictReader(handle)}


def run_extract(
    files: list[Path] | list[Input],
    out: Path,
    template_path: Path | None = None,
    *,
    fmt: str = "csv",
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    registry: Path | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    limits: Limits | None = None,
) -> ExtractSummary:
    """Extract `files` (paths, or the Inputs of `collect_inputs`: those to skip get their log
    line) into `out` (replaced whole on success). `limits` replace `timeout`. Raises OSError
    when `out` cannot be written; `out` then keeps its previous content."""
    limits = limits if limits is not None else Limits(timeout=timeout)
    inputs = [f if isinstance(f, Input) else Input(f, f.name) for f in files]
    readable = [i for i in inputs if i.readable]
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    template_file = template_path or find_template_file()
    template = load_template(template_file)
    summary = ExtractSummary(
        out=out,
        files=[i.path for i in inputs],
        cells_expected=template.cells_expected,
        limits=limits,
    )
    registry_path = (
        registry or template_file.parents[2] / "seeds" / "registry" / "agency_registry.csv"
    )
    known = _registry_agencies(registry_path)
    with atomic_directory(out, output_names()) as tmp:
        writer = RawWriter(tmp, template.cells_expected, fmt)
        outcomes = extract_outcomes(
            [i.path for i in readable],
            template_file,
            jobs,
            stats=summary.pool,
            limits=limits,
            names=[i.name for i in readable],
        )
        skipped = (skipped_outcome(i) for i in inputs if not i.readable)
        for outcome in itertools.chain(skipped, outcomes) if readable else skipped:
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
            summary.registry_missing = [a for a in summary.duplicates.agencies() if a not in known]
            if summary.registry_missing:
                write_registry_proposals(tmp / PROPOSALS_FILE, summary.registry_missing)
    return summary


def _line(*parts: str | Text) -> Text:
    """One console line from our own words (str, appended as plain text) and data (Text from
    `plain`): nothing in it is parsed as markup."""
    line = Text()
    for part in parts:
        line.append(part) if isinstance(part, str) else line.append_text(part)
    return line


def _print_summary(console: Console, summary: ExtractSummary, registry_path: Path) -> None:
    table = Table(title="抽取结果 / extraction summary")
    table.add_column("status")
    table.add_column("files", justify="right")
    for status in ("extracted", "partial", "rejected"):
        table.add_row(status, str(summary.counts.get(status, 0)))
    console.print(table)
    limits = summary.limits
    console.print(
        f"限制 / limits: {limits.max_file_mb:g} MB/文件 file, {limits.max_pdf_pages} 页 PDF pages, "
        f"DOCX {limits.max_docx_mb:g} MB, HTML {limits.max_html_depth} 层 levels, "
        f"{limits.timeout:g} s, {limits.max_worker_mb:g} MB/进程 worker"
    )
    pool = summary.pool
    if pool.jobs:
        console.print(
            f"工作进程 / workers: {pool.jobs}, 内存峰值 / peak memory "
            f"{pool.worker_peak_rss_kib // 1024} MiB, 重启 / restarts {pool.restarts}"
        )
    log_name = file_name(LOG, "csv")
    for p in summary.problems:
        colour = {"extracted": "green", "partial": "yellow", "rejected": "red"}[p.status]
        place = f" @ {p.place}" if p.place else ""
        console.print(
            _line(
                plain(p.status, colour),
                " ",
                plain(p.source_file + place),
                f": {p.cells_read}/{summary.cells_expected}",
            )
        )
        for zh, en in p.reasons[:4]:
            console.print(plain(f"    {zh}\n    {en}"))
        if len(p.reasons) > 4:
            more = len(p.reasons) - 4
            console.print(plain(f"    … {more} more / 另有 {more} 条 ({log_name})"))
    hidden = summary.problem_count - len(summary.problems)
    if hidden > 0:
        console.print(
            plain(f"… 另有 {hidden} 个文件有问题 / {hidden} more files with problems ({log_name})")
        )
    dups = summary.duplicates
    duplicate = plain("重复 / duplicate: ", "yellow")
    for note in dups.same_bytes_notes:
        console.print(_line(duplicate, plain(note)))
    if dups.same_bytes > len(dups.same_bytes_notes):
        console.print(f"… {dups.same_bytes} same-file duplicates in all / 共 {dups.same_bytes} 个")
    groups, notes = dups.group_notes()
    for note in notes:
        console.print(_line(duplicate, plain(note)))
    if groups > len(notes):
        console.print(f"… {groups} agency-years with several reports / 共 {groups} 个机关年度")
    if summary.registry_missing is None:
        console.print(
            _line(plain("找不到机关登记 / registry not found: ", "yellow"), plain(registry_path))
        )
    elif summary.registry_missing:
        missing = summary.registry_missing
        console.print(
            _line(
                plain(
                    f"登记中没有的机关 / agencies missing from the registry ({len(missing)}): ",
                    "yellow",
                ),
                plain("、".join(missing[:200])),
            )
        )
        console.print(
            _line(
                "    建议行见 / proposed rows in ",
                plain(summary.out / PROPOSALS_FILE),
                " (其余列待人工填写 / other columns to be filled by hand)",
            )
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
        float | None,
        typer.Option(
            envvar="XXGK_EXTRACT_TIMEOUT",
            min=0.1,
            help="单个文件时限（秒），超时即拒绝 / per-file time limit in seconds [default: 60]",
        ),
    ] = None,
    max_file_mb: Annotated[
        float | None,
        typer.Option(
            envvar="XXGK_MAX_FILE_MB",
            min=0.001,
            help="单个文件大小上限（MB）/ largest file read, in MB [default: 50]",
        ),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(
            envvar="XXGK_MAX_PDF_PAGES", min=1, help="PDF 页数上限 / most PDF pages [default: 300]"
        ),
    ] = None,
    max_docx_mb: Annotated[
        float | None,
        typer.Option(
            envvar="XXGK_MAX_DOCX_MB",
            min=0.001,
            help="DOCX 解压后大小上限（MB）/ largest DOCX, decompressed, in MB [default: 200]",
        ),
    ] = None,
    max_html_depth: Annotated[
        int | None,
        typer.Option(
            envvar="XXGK_MAX_HTML_DEPTH",
            min=1,
            max=250,
            help="HTML 嵌套层数上限 / deepest HTML element nesting (≤ 250) [default: 200]",
        ),
    ] = None,
    max_memory_mb: Annotated[
        float | None,
        typer.Option(
            envvar="XXGK_MAX_WORKER_MB",
            min=100,
            help="每个工作进程的内存上限（MB）/ memory limit per worker process, in MB "
            "[default: 2000]",
        ),
    ] = None,
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
    console = Console(stderr=False, emoji=False, highlight=False)
    if output_format not in FORMATS:
        console.print(
            _line(plain("--format: csv 或 parquet / csv or parquet ", "red"), plain(output_format))
        )
        raise typer.Exit(code=2)
    limits = limits_from_environment(
        {},
        timeout=timeout,
        max_file_mb=max_file_mb,
        max_pdf_pages=max_pages,
        max_docx_mb=max_docx_mb,
        max_html_depth=max_html_depth,
        max_worker_mb=max_memory_mb,
    )
    found = collect_inputs(inputs)
    if not any(i.readable for i in found):
        for item in found:
            console.print(
                _line(plain(item.name, "red"), plain(f": {item.skip_zh} / {item.skip_en}"))
            )
        console.print(plain("没有可读的文件 / no files to read", "red"))
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
        TextColumn("{task.description}", markup=False),
        console=console,
        disable=quiet,
        transient=False,
    )
    try:
        with progress:
            task = progress.add_task("", total=len(found))
            summary = run_extract(
                found,
                out,
                template_file,
                fmt=output_format,
                jobs=jobs,
                registry=registry_path,
                limits=limits,
                on_outcome=lambda o: progress.update(
                    task, advance=1, description=escaped(o.source_file[:40])
                ),
            )
    except OSError as err:
        detail = f" ({err.filename})" if err.filename and Path(err.filename) != out else ""
        console.print(
            _line(
                plain(
                    "无法写入输出，原目录未改动 / cannot write the output, left as it was: ", "red"
                ),
                plain(f"{out}: {err.strerror or err}{detail}"),
            ),
            soft_wrap=True,
        )
        raise typer.Exit(code=1) from None
    _print_summary(console, summary, registry_path)
    console.print(_line("输出 / written to ", plain(out)))
