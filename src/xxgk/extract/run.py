"""One extraction run: files in, the raw files of `data/raw/README.md` out — 一次抽取.

Every path given or found is one log line (`inputs`), every file is read within the limits of
`limits`. `run_extract` reads every file on every core (`pool`), streams the outcomes into the
raw files (`writer`: CSV, or Parquet) in a directory that replaces DIR only when complete
(`atomic`), and sums up what happened: counts per status and rejected files per reason
(reason_code), files with problems (file, place, reason), duplicates, and agencies missing from
the registry seed (proposed in DIR/agency_registry_proposed.csv: the printed name, normalised,
as an alias; other columns left empty).
`xxgk extract` (`xxgk.cli.extract`) renders it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.atomic import atomic_directory
from xxgk.extract.agency_names import registry_names, unregistered
from xxgk.extract.duplicates import Duplicates
from xxgk.extract.inputs import Input, collect_inputs
from xxgk.extract.limits import Limits
from xxgk.extract.outcome import Outcome
from xxgk.extract.pool import DEFAULT_TIMEOUT, PoolStats, extract_outcomes
from xxgk.extract.raw_format import FORMATS, PROPOSALS_FILE, output_names
from xxgk.extract.template import find_template_file, load_template
from xxgk.extract.writer import RawWriter, write_registry_proposals

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
    outcome.reject(item.skip_zh, item.skip_en, "skipped")
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
    registry_path: Path
    files: list[Path] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    rejected_by_reason: Counter[str] = field(default_factory=Counter)  # reason_code -> files
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    problem_count: int = 0
    duplicates: Duplicates = field(default_factory=Duplicates)
    pool: PoolStats = field(default_factory=PoolStats)
    cells_expected: int = 0
    registry_missing: list[str] | None = None  # None: no registry to compare with
    limits: Limits = field(default_factory=Limits)

    def record(self, outcome: Outcome) -> None:
        """Count one file's outcome; keep it as a problem if it was not extracted cleanly."""
        self.counts[outcome.status] += 1
        if outcome.status == "rejected":
            self.rejected_by_reason[outcome.reason_code or "unknown"] += 1
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
    when `out` cannot be written; `out` then keeps its previous content. The template defaults
    to the project's (`find_template_file`), the registry to the seed beside it."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    limits = limits if limits is not None else Limits(timeout=timeout)
    inputs = [f if isinstance(f, Input) else Input(f, f.name) for f in files]
    readable = [i for i in inputs if i.readable]
    template_file = template_path or find_template_file()
    template = load_template(template_file)
    summary = ExtractSummary(
        out=out,
        registry_path=registry or registry_of(template_file),
        files=[i.path for i in inputs],
        cells_expected=template.cells_expected,
        limits=limits,
    )
    known = registry_names(summary.registry_path)
    with atomic_directory(out, output_names()) as tmp:
        writer = RawWriter(tmp, template.cells_expected, fmt)
        skipped = (skipped_outcome(i) for i in inputs if not i.readable)
        read = (
            extract_outcomes(
                [i.path for i in readable],
                template_file,
                jobs,
                stats=summary.pool,
                limits=limits,
                names=[i.name for i in readable],
            )
            if readable
            else iter(())
        )
        for outcome in itertools.chain(skipped, read):
            writer.add(outcome, summary.duplicates.see(outcome))
            summary.record(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        writer.finish(summary.duplicates)
        if known is not None:
            summary.registry_missing = unregistered(summary.duplicates.agencies(), known)
            if summary.registry_missing:
                write_registry_proposals(tmp / PROPOSALS_FILE, summary.registry_missing)
    return summary
