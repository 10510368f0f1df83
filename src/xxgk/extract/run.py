"""One extraction run: files in, the raw files of `data/raw/README.md` out — 一次抽取.

`run_extract` reads every file on every core (`pool`), streams the outcomes into the raw files
(`writer`: CSV, or Parquet) in a directory that replaces DIR only when complete (`atomic`),
and sums up what happened: counts per status, files with problems (file, place, reason),
duplicates, and agencies missing from the registry seed (proposed in
DIR/agency_registry_proposed.csv, other columns left empty). `xxgk extract` (`xxgk.cli.extract`)
renders it.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.atomic import atomic_directory
from xxgk.extract.duplicates import Duplicates
from xxgk.extract.outcome import Outcome
from xxgk.extract.pool import DEFAULT_TIMEOUT, PoolStats, extract_outcomes
from xxgk.extract.raw_format import FORMATS, PROPOSALS_FILE, output_names
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
    registry_path: Path
    files: list[Path] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    problem_count: int = 0
    duplicates: Duplicates = field(default_factory=Duplicates)
    pool: PoolStats = field(default_factory=PoolStats)
    cells_expected: int = 0
    registry_missing: list[str] | None = None  # None: no registry to compare with

    def record(self, outcome: Outcome) -> None:
        """Count one file's outcome; keep it as a problem if it was not extracted cleanly."""
        self.counts[outcome.status] += 1
        if outcome.status == "extracted" and not outcome.reasons_en:
            return
        self.problem_count += 1
        if len(self.problems) < PROBLEMS_SHOWN:
            self.problems.append(
                Problem(
                    outcome.status,
                    outcome.source_file,
                    outcome.place,
                    outcome.cells_read,
                    list(zip(outcome.reasons_zh, outcome.reasons_en, strict=False)),
                )
            )


def registry_of(template_file: Path) -> Path:
    """The agency registry seed of the project the template file belongs to."""
    return template_file.parents[2] / "seeds" / "registry" / "agency_registry.csv"


def _registry_agencies(path: Path) -> set[str] | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["title_agency"] for row in csv.DictReader(handle)}


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
    cannot be written; `out` then keeps its previous content. The template defaults to the
    project's (`find_template_file`), the registry to the seed beside it."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    template_file = template_path or find_template_file()
    template = load_template(template_file)
    summary = ExtractSummary(
        out=out,
        registry_path=registry or registry_of(template_file),
        files=files,
        cells_expected=template.cells_expected,
    )
    known = _registry_agencies(summary.registry_path)
    with atomic_directory(out, output_names()) as tmp:
        writer = RawWriter(tmp, template.cells_expected, fmt)
        for outcome in extract_outcomes(files, template_file, jobs, timeout, summary.pool):
            writer.add(outcome, summary.duplicates.see(outcome))
            summary.record(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        writer.finish(summary.duplicates)
        if known is not None:
            summary.registry_missing = [a for a in summary.duplicates.agencies() if a not in known]
            if summary.registry_missing:
                write_registry_proposals(tmp / PROPOSALS_FILE, summary.registry_missing)
    return summary
