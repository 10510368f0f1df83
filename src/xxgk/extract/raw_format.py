"""The raw files `xxgk extract` writes (`data/raw/README.md`) — 原始数据文件格式.

Five tables, each as CSV or Parquet: reports, cells (one long file: every cell of every table,
and the cells of groups printed as one row), the 2019 format's table 二, narrative figures and
the extraction log. The table level (codes t2, t3, t4 and their order)
comes from `seeds/reference/template_tables.csv`; nothing here names a table's keys.
五张表：报告、单元格（所有表一个长文件，含印成一行的分组）、2019 格式的表二、
正文数字、抽取日志；
表一级信息来自 template_tables.csv。
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

TABLES_FILE = "template_tables.csv"
FORMATS = ("csv", "parquet")

REPORTS = "raw_reports"
CELLS = "raw_cells"
CELLS_2019 = "raw_table2_2019"
NARRATIVE = "raw_narrative_figures"
LOG = "raw_extraction_log"

COLUMNS: dict[str, tuple[str, ...]] = {
    REPORTS: (
        "report_id",
        "source_file",
        "source_sha256",
        "source_format",
        "layout",
        "template_version",
        "title",
        "title_agency",
        "report_year",
        "agency_source",
        "year_source",
        "published_on",
        "narrative_signature",
    ),
    CELLS: (
        "report_id",
        "table_code",
        "row_code",
        "column_code",
        "cell_text",
        "provenance",
        "source_ref",
    ),
    # table 二 of the 2019 trial format, with its own codes (format2019.py)
    CELLS_2019: (
        "report_id",
        "item_code",
        "metric_code",
        "cell_text",
        "provenance",
        "source_ref",
    ),
    NARRATIVE: ("report_id", "figure_code", "figure_text", "quote", "source_ref"),
    LOG: (
        "source_file",
        "source_sha256",
        "report_id",
        "status",
        "cells_expected",
        "cells_read",
        "missing_cells",
        "reason_code",
        "reason_zh",
        "reason_en",
    ),
}
TABLE_NAMES = tuple(COLUMNS)
PROPOSALS_FILE = "agency_registry_proposed.csv"
REGISTRY_COLUMNS = (
    "agency_id",
    "agency_name",
    "aliases",
    "superior_agency_id",
    "agency_level",
    "division_code",
    "province",
    "city",
    "county",
    "rolls_up",
    "publication_deadline",
    "first_report_year",
)


def file_name(table: str, fmt: str) -> str:
    return f"{table}.{fmt}"


def output_names() -> frozenset[str]:
    """Every file name the extractor may write into its output directory (either format)."""
    return frozenset(file_name(t, f) for t in TABLE_NAMES for f in FORMATS) | {PROPOSALS_FILE}


@lru_cache(maxsize=4)
def load_table_codes(path: Path) -> tuple[str, ...]:
    """The table codes of template_tables.csv, in the order of its `position` column."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    return tuple(r["table_code"] for r in sorted(records, key=lambda r: int(r["position"])))


_QUOTED = re.compile(r'["\r\n]')  # with the delimiter, what makes csv quote a field


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """Rows as CSV text: Python csv quoting, `\\n` line endings (the raw files' convention).

    A row of several text fields none of which holds a comma, a quote or a line break — nearly
    every row — is its fields joined by commas, which is what csv writes for it (QUOTE_MINIMAL
    quotes nothing else); any other row is written by csv itself."""
    parts: list[str] = []
    for row in rows:
        fields = list(row)
        try:
            line = ",".join(fields)
        except TypeError:  # a field that is not text: csv converts it
            line = None
        if (
            line is None
            or len(fields) < 2  # csv writes a lone empty field as ""
            or line.count(",") != len(fields) - 1
            or _QUOTED.search(line)
        ):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(fields)
            parts.append(buffer.getvalue())
        else:
            parts.append(line + "\n")
    return "".join(parts)
