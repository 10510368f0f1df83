"""`xxgk extract FILES_OR_DIRS... --out DIR` — 抽取命令.

Reads every file given (directories are walked, sorted), writes the raw seed CSVs of
`seeds/raw/README.md` into DIR, shows a progress bar and ends with a summary: counts per
status, files with problems (file, place, reason), duplicates, and agencies missing from the
registry seed (proposed in DIR/agency_registry_proposed.csv, other columns left empty).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xxgk.extract.narrative import FIGURES_FILE, load_figure_codes
from xxgk.extract.report import FileResult, extract_file
from xxgk.extract.template import find_template_file, load_template
from xxgk.extract.writer import write_registry_proposals, write_seeds

PROPOSALS_FILE = "agency_registry_proposed.csv"


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


def mark_duplicates(results: list[FileResult]) -> list[str]:
    """Same bytes twice: the later file (by name) is rejected. Same agency and year in
    different files: both are kept and each log line names the other."""
    notes: list[str] = []
    first_by_sha: dict[str, FileResult] = {}
    for r in results:
        if r.sha256 in first_by_sha:
            other = first_by_sha[r.sha256]
            r.reject(
                f"与 {other.source_file} 内容完全相同（同一文件重复），不重复载入",
                f"same bytes as {other.source_file} (the same file twice): not loaded again",
            )
            notes.append(f"{r.source_file} = {other.source_file} (same file / 同一文件)")
        else:
            first_by_sha[r.sha256] = r
    by_key: dict[tuple[str, str], list[FileResult]] = {}
    for r in results:
        if r.status != "rejected" and r.title_agency and r.report_year:
            by_key.setdefault((r.title_agency, r.report_year), []).append(r)
    for (agency, year), group in sorted(by_key.items()):
        if len(group) < 2:
            continue
        names = [g.source_file for g in group]
        notes.append(f"{agency} {year}: {', '.join(names)} (all kept / 均保留)")
        for g in group:
            others = ", ".join(n for n in names if n != g.source_file)
            g.reasons_zh.append(f"同一机关同一年度另有报告 {others}，均保留，未合并")
            g.reasons_en.append(f"same agency and year also in {others}: each kept, not merged")
    return notes


def _registry_agencies(path: Path) -> set[str] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["title_agency"] for row in csv.DictReader(handle)}


def run_extract(
    files: list[Path],
    out: Path,
    template_path: Path | None = None,
    console: Console | None = None,
    show_progress: bool = True,
) -> list[FileResult]:
    template_file = template_path or find_template_file()
    template = load_template(template_file)
    figure_codes = load_figure_codes(template_file.with_name(FIGURES_FILE))
    results: list[FileResult] = []
    progress = Progress(
        TextColumn("[bold]抽取 extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=not show_progress,
        transient=False,
    )
    with progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name[:40])
            try:
                data = path.read_bytes()
            except OSError as err:
                r = FileResult(path=path, source_file=path.name, sha256="")
                r.reject(f"无法读取文件：{err.strerror}", f"cannot read the file: {err.strerror}")
                results.append(r)
                progress.advance(task)
                continue
            try:
                result = extract_file(path, data, template, figure_codes)
            except Exception as err:  # a bug must not stop the other files
                import hashlib

                result = FileResult(
                    path=path, source_file=path.name, sha256=hashlib.sha256(data).hexdigest()
                )
                result.reject(
                    f"抽取程序内部错误：{type(err).__name__}: {err}",
                    f"internal extractor error: {type(err).__name__}: {err}",
                )
            results.append(result)
            progress.advance(task)
    return results


def extract(
    inputs: Annotated[
        list[Path], typer.Argument(help="报告文件或目录 / report files or directories")
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="输出目录 / output directory for the raw CSVs")
    ],
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
    """从年报抽取表二、三、四，写出原始种子 CSV / Extract tables 2–4 into the raw seed CSVs."""
    console = Console(stderr=False)
    files, absent = collect_files(inputs)
    for item in absent:
        console.print(f"[red]不存在 / does not exist:[/red] {item}")
    if not files:
        console.print("[red]没有可读的文件 / no files to read[/red]")
        raise typer.Exit(code=2)
    template_file = find_template_file()
    results = run_extract(files, out, template_file, console, show_progress=not quiet)
    dup_notes = mark_duplicates(results)
    template = load_template(template_file)
    figure_codes = load_figure_codes(template_file.with_name(FIGURES_FILE))
    write_seeds(out, results, template, figure_codes)

    counts = Counter(r.status for r in results)
    summary = Table(title="抽取结果 / extraction summary")
    summary.add_column("status")
    summary.add_column("files", justify="right")
    for status in ("extracted", "partial", "rejected"):
        summary.add_row(status, str(counts.get(status, 0)))
    console.print(summary)
    for r in results:
        if r.status == "extracted" and not r.reasons_en:
            continue
        colour = {"extracted": "green", "partial": "yellow", "rejected": "red"}[r.status]
        place = f" @ {r.places[0]}" if r.places else ""
        console.print(
            f"[{colour}]{r.status}[/{colour}] {r.source_file}{place}: "
            f"{r.cells_read}/{template.cells_expected}"
        )
        for zh, en in list(zip(r.reasons_zh, r.reasons_en, strict=False))[:4]:
            console.print(f"    {zh}\n    {en}", markup=False)
        if len(r.reasons_zh) > 4:
            console.print(
                f"    … {len(r.reasons_zh) - 4} more / 另有 {len(r.reasons_zh) - 4} 条"
                " (raw_extraction_log.csv)"
            )
    for note in dup_notes:
        console.print(f"[yellow]重复 / duplicate:[/yellow] {note}", markup=True)

    registry_path = (
        registry or template_file.parents[2] / "seeds" / "registry" / "agency_registry.csv"
    )
    known = _registry_agencies(registry_path)
    loaded_agencies = sorted(
        {r.title_agency for r in results if r.status != "rejected" and r.title_agency}
    )
    if known is None:
        console.print(f"[yellow]找不到机关登记 / registry not found:[/yellow] {registry_path}")
    else:
        missing = [a for a in loaded_agencies if a not in known]
        proposals = out / PROPOSALS_FILE
        if missing:
            write_registry_proposals(proposals, missing)
            console.print(
                f"[yellow]登记中没有的机关 / agencies missing from the registry "
                f"({len(missing)}):[/yellow] " + "、".join(missing)
            )
            console.print(
                f"    建议行见 / proposed rows in {proposals}"
                " (其余列待人工填写 / other columns to be filled by hand)"
            )
        elif proposals.exists():
            proposals.unlink()
    console.print(f"输出 / written to {out}")
