"""The raw seed CSVs of `seeds/raw/README.md` — 原始种子表写出.

UTF-8, `\\n` line endings, Python csv quoting, rows sorted by report_id then template position
(narrative figures: then the `position` of seeds/reference/narrative_figures.csv).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from xxgk.extract.narrative import load_figure_codes
from xxgk.extract.report import FileResult
from xxgk.extract.template import Template

REPORTS_COLUMNS = [
    "report_id",
    "source_file",
    "source_sha256",
    "source_format",
    "layout",
    "template_version",
    "title",
    "title_agency",
    "report_year",
]
LOG_COLUMNS = [
    "source_file",
    "source_sha256",
    "report_id",
    "status",
    "cells_expected",
    "cells_read",
    "missing_cells",
    "reason_zh",
    "reason_en",
]
TABLE_FILES = {
    "t2": ("raw_active_disclosure.csv", ["report_id", "item_code", "metric_code"]),
    "t3": ("raw_request_handling.csv", ["report_id", "row_code", "applicant_code"]),
    "t4": ("raw_review_litigation.csv", ["report_id", "proceeding_code", "outcome_code"]),
}
CELL_TAIL = ["cell_text", "provenance", "source_ref"]
NARRATIVE_FILE = "raw_narrative_figures.csv"
NARRATIVE_COLUMNS = ["report_id", "figure_code", "figure_text", "quote", "source_ref"]
REGISTRY_COLUMNS = ["title_agency", "agency_name", "province", "city", "county", "agency_level"]


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_seeds(
    out: Path,
    results: list[FileResult],
    template: Template,
    figure_codes: tuple[str, ...] | None = None,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    loaded = sorted(
        (r for r in results if r.status in ("extracted", "partial")), key=lambda r: r.report_id
    )
    _write(
        out / "raw_reports.csv",
        REPORTS_COLUMNS,
        [
            [
                r.report_id,
                r.source_file,
                r.sha256,
                r.source_format,
                r.layout,
                "2021",
                r.title,
                r.title_agency,
                r.report_year,
            ]
            for r in loaded
        ],
    )
    for key, (name, head) in TABLE_FILES.items():
        _write(out / name, head + CELL_TAIL, _cell_rows(loaded, key, template))
    codes = load_figure_codes() if figure_codes is None else figure_codes
    _write(out / NARRATIVE_FILE, NARRATIVE_COLUMNS, _narrative_rows(loaded, codes))
    log_rows = [
        [
            r.source_file,
            r.sha256,
            r.report_id,
            r.status,
            str(template.cells_expected),
            str(r.cells_read),
            ";".join(r.missing),
            "；".join(r.reasons_zh),
            "; ".join(r.reasons_en),
        ]
        for r in sorted(results, key=lambda r: (r.report_id, r.source_file, r.status))
    ]
    _write(out / "raw_extraction_log.csv", LOG_COLUMNS, log_rows)


def _cell_rows(loaded: list[FileResult], key: str, template: Template) -> Iterator[list[str]]:
    """Cell rows of one table, streamed (a large corpus never holds them all in a list)."""
    for r in loaded:
        cells = r.cells.get(key, {})
        for row in template.rows(key):
            for col in row.columns:
                placed = cells.get((row.code, col))
                if placed is not None:
                    yield [r.report_id, row.code, col, *placed]


def _narrative_rows(loaded: list[FileResult], codes: tuple[str, ...]) -> Iterator[list[str]]:
    """Narrative figures of each loaded report, in the order of narrative_figures.csv."""
    position = {code: i for i, code in enumerate(codes)}
    for r in loaded:
        figures = sorted(
            (f for f in r.narrative if f.code in position), key=lambda f: position[f.code]
        )
        for f in figures:
            yield [r.report_id, f.code, f.text, f.quote, f.source_ref]


def write_registry_proposals(path: Path, agencies: list[str]) -> None:
    """Agencies missing from the registry, as registry rows to be completed by hand (the
    other columns are left empty on purpose: they are not guessed)."""
    _write(path, REGISTRY_COLUMNS, [[a, "", "", "", "", ""] for a in agencies])
