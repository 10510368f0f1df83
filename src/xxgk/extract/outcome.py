"""One file's result as the rows it contributes to the raw files — 单个文件的输出行.

A worker process turns its `FileResult` into an `Outcome`: the reports row and the log fields,
and the file's cell and narrative rows already rendered as CSV text in template order, so the
parent only has to place them (the cells never travel or wait as Python objects).
工作进程把结果转为已排好模板顺序的 CSV 文本，主进程只负责按顺序写出。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.bounds import bound_fields
from xxgk.extract.format2019 import rows_2019
from xxgk.extract.raw_format import csv_text
from xxgk.extract.report import FileResult
from xxgk.extract.template import Template

# provenance of a cell of a group of the template printed as one row (（六）其他处理): the
# group's own cell, standing for its leaf rows, which are then absent ("reported as a group")
GROUP = "group"


@dataclass
class Outcome:
    source_file: str
    sha256: str
    status: str
    source_format: str = ""
    layout: str = ""
    template_version: str = "2021"  # "2019" for the 2019 trial format (tables 三 and 四 mapped)
    title: str = ""
    title_agency: str = ""
    report_year: str = ""
    agency_source: str = ""  # title | signature | html_title | file_name | "" (not found)
    year_source: str = ""  # the same, or period (the statistics period stated)
    reason_code: str = ""  # why rejected, one word (scanned_pdf, no_tables, …; duplicate)
    cells_read: int = 0
    missing: str = ""  # t3:row×column;… as in the log
    reasons_zh: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    place: str = ""  # the first place a problem was found, for the summary
    cells_csv: str = ""  # this report's rows of raw_cells, in template order
    narrative_csv: str = ""  # its rows of raw_narrative_figures, in seed order
    cells_2019_csv: str = ""  # its rows of raw_table2_2019 (2019 format), in item order
    published_on: str = ""  # the 落款 date, ISO, "" when not found
    narrative_signature: str = ""  # MinHash of the words outside the tables (similarity.py)

    @property
    def report_id(self) -> str:
        return self.sha256[:16]

    @property
    def loaded(self) -> bool:
        return self.status in ("extracted", "partial")

    def reject(self, zh: str, en: str, code: str = "") -> None:
        """Not loaded after all (e.g. the same bytes as an earlier file): the reason first."""
        self.status = "rejected"
        self.reason_code = code
        self.cells_read = 0
        self.missing = ""
        self.cells_csv = ""
        self.narrative_csv = ""
        self.cells_2019_csv = ""
        self.reasons_zh.insert(0, zh)
        self.reasons_en.insert(0, en)

    def reports_row(self) -> list[str]:
        return [
            self.report_id,
            self.source_file,
            self.sha256,
            self.source_format,
            self.layout,
            self.template_version,
            self.title,
            self.title_agency,
            self.report_year,
            self.agency_source,
            self.year_source,
            self.published_on,
            self.narrative_signature,
        ]

    def log_row(self, cells_expected: int) -> list[str]:
        return [
            self.source_file,
            self.sha256,
            self.report_id,
            self.status,
            str(cells_expected),
            str(self.cells_read),
            self.missing,
            self.reason_code,
            "；".join(self.reasons_zh),
            "; ".join(self.reasons_en),
        ]


def outcome_of(
    result: FileResult,
    template: Template,
    table_codes: tuple[str, ...],
    figure_codes: tuple[str, ...],
) -> Outcome:
    """The rows `result` contributes: cells by table (template_tables order), template row,
    template column — a group printed as one row (provenance `group`) at its place among the
    rows; the 2019 table 二 by item and metric; narrative figures by the position of
    narrative_figures.csv. Fields longer than the raw files allow are not written, with the
    reason (`bounds.py`)."""
    result = bound_fields(result)
    outcome = Outcome(
        source_file=result.source_file,
        sha256=result.sha256,
        status=result.status,
        source_format=result.source_format,
        layout=result.layout,
        template_version=result.template_version,
        title=result.title,
        title_agency=result.title_agency,
        report_year=result.report_year,
        agency_source=result.agency_source,
        year_source=result.year_source,
        reason_code=result.reason_code if result.status == "rejected" else "",
        cells_read=result.cells_read,
        missing=";".join(result.missing),
        reasons_zh=list(result.reasons_zh),
        reasons_en=list(result.reasons_en),
        place=result.places[0] if result.places else "",
        published_on=result.published_on,
        narrative_signature=result.narrative_signature,
    )
    if not outcome.loaded:
        return outcome
    rid = result.report_id
    rows: list[list[str]] = []
    for table in table_codes:
        cells = result.cells.get(table, {})
        groups = template.t3_groups if table == "t3" and result.group_cells else ()
        for row in sorted((*template.rows(table), *groups), key=lambda r: r.position):
            if row in groups:
                for column in row.columns:
                    group = result.group_cells.get((row.code, column))
                    if group is not None:
                        rows.append([rid, table, row.code, column, group[0], GROUP, group[2]])
                continue
            for column in row.columns:
                placed = cells.get((row.code, column))
                if placed is not None:
                    rows.append([rid, table, row.code, column, *placed])
    outcome.cells_csv = csv_text(rows)
    if result.table2_2019:
        outcome.cells_2019_csv = csv_text(
            [rid, item.code, metric, *result.table2_2019[(item.code, metric)]]
            for item in rows_2019()
            for metric in item.columns
            if (item.code, metric) in result.table2_2019
        )
    position = {code: i for i, code in enumerate(figure_codes)}
    figures = sorted(
        (f for f in result.narrative if f.code in position), key=lambda f: position[f.code]
    )
    outcome.narrative_csv = csv_text([rid, f.code, f.text, f.quote, f.source_ref] for f in figures)
    return outcome
