"""One file's result as the rows it contributes to the raw files — 单个文件的输出行.

A worker process turns its `FileResult` into an `Outcome`: the reports row and the log fields,
and the file's cell and narrative rows already rendered as CSV text in template order, so the
parent only has to place them (the cells never travel or wait as Python objects).
工作进程把结果转为已排好模板顺序的 CSV 文本，主进程只负责按顺序写出。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.bounds import bound_fields
from xxgk.extract.raw_format import csv_text
from xxgk.extract.report import FileResult
from xxgk.extract.template import Template


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
    cells_read: int = 0
    missing: str = ""  # t3:row×column;… as in the log
    reasons_zh: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    place: str = ""  # the first place a problem was found, for the summary
    cells_csv: str = ""  # this report's rows of raw_cells, in template order
    narrative_csv: str = ""  # its rows of raw_narrative_figures, in seed order

    @property
    def report_id(self) -> str:
        return self.sha256[:16]

    @property
    def loaded(self) -> bool:
        return self.status in ("extracted", "partial")

    def reject(self, zh: str, en: str) -> None:
        """Not loaded after all (e.g. the same bytes as an earlier file): the reason first."""
        self.status = "rejected"
        self.cells_read = 0
        self.missing = ""
        self.cells_csv = ""
        self.narrative_csv = ""
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
    template column; narrative figures by the position of narrative_figures.csv. Fields
    longer than the raw files allow are not written, with the reason (`bounds.py`)."""
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
        cells_read=result.cells_read,
        missing=";".join(result.missing),
        reasons_zh=list(result.reasons_zh),
        reasons_en=list(result.reasons_en),
        place=result.places[0] if result.places else "",
    )
    if not outcome.loaded:
        return outcome
    rid = result.report_id
    rows: list[list[str]] = []
    for table in table_codes:
        cells = result.cells.get(table, {})
        for row in template.rows(table):
            for column in row.columns:
                placed = cells.get((row.code, column))
                if placed is not None:
                    rows.append([rid, table, row.code, column, *placed])
    outcome.cells_csv = csv_text(rows)
    position = {code: i for i, code in enumerate(figure_codes)}
    figures = sorted(
        (f for f in result.narrative if f.code in position), key=lambda f: position[f.code]
    )
    outcome.narrative_csv = csv_text([rid, f.code, f.text, f.quote, f.source_ref] for f in figures)
    return outcome
