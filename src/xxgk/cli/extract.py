"""`xxgk extract FILES_OR_DIRS... --out DIR` — 抽取命令 (the run itself: `xxgk.extract.run`).

Shows a progress bar while `run_extract` reads the files and ends with a summary: counts per
status, the limits applied and the workers' peak memory, files with problems (file, place,
reason), duplicates, and agencies missing from the registry seed. Text from reports and file
names is printed inert (`xxgk.inert`): never read as markup, control characters escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from xxgk.cli.options import EXIT_USAGE, ProjectDirOption, failing_cleanly
from xxgk.extract.inputs import collect_inputs
from xxgk.extract.limits import limits_from_environment
from xxgk.extract.raw_format import FORMATS, LOG, PROPOSALS_FILE, file_name
from xxgk.extract.run import ExtractSummary, run_extract
from xxgk.extract.template import find_template_file
from xxgk.inert import escaped, plain


def _line(*parts: str | Text) -> Text:
    """One console line from our own words (str, appended as plain text) and data (Text from
    `plain`): nothing in it is parsed as markup."""
    line = Text()
    for part in parts:
        line.append(part) if isinstance(part, str) else line.append_text(part)
    return line


def print_summary(console: Console, summary: ExtractSummary) -> None:
    """Counts per status, the files with problems, duplicates and the registry's gaps."""
    table = Table(title="抽取结果 / extraction summary")
    table.add_column("status")
    table.add_column("files", justify="right")
    for status in ("extracted", "partial", "rejected"):
        table.add_row(status, str(summary.counts.get(status, 0)))
    for reason, count in sorted(summary.rejected_by_reason.items(), key=lambda r: (-r[1], r[0])):
        table.add_row(f"  rejected: {reason}", str(count))
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
            _line(
                plain("找不到机关登记 / registry not found: ", "yellow"),
                plain(summary.registry_path),
            )
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


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]抽取 extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
        disable=quiet,
        transient=False,
    )


def _print_write_error(console: Console, out: Path, err: OSError) -> None:
    detail = f" ({err.filename})" if err.filename and Path(err.filename) != out else ""
    console.print(
        _line(
            plain("无法写入输出，原目录未改动 / cannot write the output, left as it was: ", "red"),
            plain(f"{out}: {err.strerror or err}{detail}"),
        ),
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
    project_dir: ProjectDirOption = None,
) -> None:
    """从年报抽取表二、三、四，写出原始数据 / Extract tables 2–4 into the raw files."""
    console = Console(stderr=False, emoji=False, highlight=False)
    if output_format not in FORMATS:
        console.print(
            _line(plain("--format: csv 或 parquet / csv or parquet ", "red"), plain(output_format))
        )
        raise typer.Exit(code=EXIT_USAGE)
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
        raise typer.Exit(code=EXIT_USAGE)
    with failing_cleanly():
        template_file = find_template_file(project_dir)
    progress = _progress(console, quiet)
    try:
        with progress:
            task = progress.add_task("", total=len(found))
            summary = run_extract(
                found,
                out,
                template_file,
                fmt=output_format,
                jobs=jobs,
                registry=registry,
                limits=limits,
                on_outcome=lambda o: progress.update(
                    task, advance=1, description=escaped(o.source_file[:40])
                ),
            )
    except OSError as err:
        _print_write_error(console, out, err)
        raise typer.Exit(code=1) from None
    print_summary(console, summary)
    console.print(_line("输出 / written to ", plain(out)))
