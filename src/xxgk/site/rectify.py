"""整改清单: the list of violations a reviewer sends back, per agency and per superior office.

整改清单：每个机关、每个上级政务公开主管部门一个 Excel 工作簿（openpyxl），每处违反一行——
机关、年度、表、单元格（按模板印刷原样）、应为、实为、说明、出处。Text from reports is data:
a cell whose text starts with `= + - @` (or a tab / carriage return) is stored as a text cell
with Excel's quote prefix, so no spreadsheet reads it as a formula — and it still shows exactly
as printed (`-1` stays `-1`).

Superior office (上级主管部门), from the agency registry (seeds/registry/agency_registry.csv):
a township or a department reports to the office of the deepest region it names (county, else
city, else province); a county government to its city's; a prefecture city's government to its
province's; a province to the national office. An agency not in the registry is grouped under
“未登记机关 / unregistered agencies”.

Each superior office's list also names the reports its agencies owe (rpt_coverage): an agency ×
year with no report (未发布) and a report dated after its deadline (逾期发布), on a second sheet
未发布与逾期 of its workbook and in a second table of its page.
每个上级主管部门的清单另列其下级未发布、逾期发布的报告（工作簿第二张表“未发布与逾期”）。
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xxgk.site.template import Template

HEADERS_ZH = ("机关", "年度", "表", "单元格", "应为", "实为", "说明", "出处")
HEADERS_EXTRA = ("规则", "严重程度", "报告文件", "涉及单元格", "Message (English)")
HEADERS_EN = (
    "Agency",
    "Year",
    "Table",
    "Cell (as printed)",
    "Expected",
    "Found",
    "Explanation",
    "Where it was read",
    "Rule",
    "Severity",
    "Report file",
    "Cells involved",
    "Message (English)",
)
WIDTHS = (28, 8, 30, 44, 12, 12, 60, 14, 20, 10, 30, 60, 60)
GAPS_SHEET = "未发布与逾期"
GAP_HEADERS_ZH = ("机关", "机关编号", "年度", "情况", "发布期限", "落款日期", "逾期天数")
GAP_HEADERS_EN = (
    "Agency",
    "Agency id",
    "Year",
    "Status",
    "Deadline",
    "Dated (落款)",
    "Days late",
)
GAP_WIDTHS = (28, 28, 8, 14, 12, 12, 10)
GAP_LABELS = {
    "not_published": ("未发布", "not published"),
    "late": ("逾期发布", "published late"),
}
NATIONAL = "全国（国务院办公厅政府信息与政务公开办公室）"
UNREGISTERED = "未登记机关"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_FILE_CHARS = re.compile(r"[^\w\u3400-\u9fff（）()·-]+")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def _cell(sheet: Any, value: Any, style: dict[str, Any] | None = None) -> Any:
    """A value for a write-only row: as it is, or a styled cell; text a spreadsheet would take
    for a formula stays text (see the module docstring)."""
    if not style and not looks_like_formula(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, setting in (style or {}).items():
        setattr(cell, name, setting)
    return cell


def agency_of(violation: dict[str, Any]) -> str:
    return (
        violation.get("agency_name")
        or violation.get("title_agency")
        or violation.get("source_file")
        or "?"
    )


def superior_office(violation: dict[str, Any]) -> str:
    """The office a report goes back through (see the module docstring)."""
    level = violation.get("agency_level")
    parts = [violation.get(name) for name in ("province", "city", "county")]
    if not level:
        return UNREGISTERED
    if level in ("township", "department"):
        region = [part for part in parts if part]
    elif level == "county":
        region = [part for part in parts[:2] if part]
    elif level == "prefecture":
        region = [part for part in parts[:1] if part]
    else:
        region = []
    return "".join(region) + "政务公开主管部门" if region else NATIONAL


def file_stem(name: str) -> str:
    """A file name for a group: its readable characters and a short hash (unique, safe)."""
    readable = _UNSAFE_FILE_CHARS.sub("_", name).strip("_")[:40] or "group"
    return f"{readable}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"


@dataclass(frozen=True)
class RectifyRow:
    """One violation as the 整改清单 prints it."""

    agency: str
    year: int | None
    table: str
    cell: str
    expected: str
    actual: str
    explanation: str
    where: str
    rule_id: str
    severity: str
    source_file: str
    cells: str
    message_en: str

    def values(self) -> tuple[Any, ...]:
        return (
            self.agency,
            self.year,
            self.table,
            self.cell,
            self.expected,
            self.actual,
            self.explanation,
            self.where,
            self.rule_id,
            SEVERITY_ZH.get(self.severity, self.severity),
            self.source_file,
            self.cells,
            self.message_en,
        )


def rectify_row(violation: dict[str, Any], template: Template) -> RectifyRow:
    table = violation.get("table_code") or ""
    row, column = violation.get("row_code"), violation.get("column_code")
    if row and column:
        cell = template.cell_label(table, row, column)
    elif column:
        cell = template.column_label(template.tables[table], column) + "列"
    else:
        cell = template.cells_label(violation.get("cells"))
    return RectifyRow(
        agency=agency_of(violation),
        year=violation.get("report_year"),
        table=template.table_heading(table),
        cell=cell,
        expected=violation.get("expected_zh") or violation.get("expected") or "",
        actual=violation.get("actual_zh") or violation.get("actual") or "",
        explanation=violation.get("message_zh") or "",
        where=violation.get("source_ref") or "",
        rule_id=violation["rule_id"],
        severity=violation.get("severity") or "",
        source_file=violation.get("source_file") or "",
        cells=template.cells_label(violation.get("cells")),
        message_en=violation.get("message_en") or "",
    )


@dataclass(frozen=True)
class GapRow:
    """A report an agency owes its superior office: not published, or published late."""

    agency: str
    agency_id: str
    year: int
    status: str  # not_published | late
    deadline: str
    published_on: str
    days_late: int | None

    @property
    def label_zh(self) -> str:
        return GAP_LABELS[self.status][0]

    @property
    def label_en(self) -> str:
        return GAP_LABELS[self.status][1]

    def values(self) -> tuple[Any, ...]:
        return (
            self.agency,
            self.agency_id,
            self.year,
            self.label_zh,
            self.deadline,
            self.published_on,
            self.days_late,
        )


def gap_row(gap: dict[str, Any]) -> GapRow:
    return GapRow(
        agency=gap.get("agency_name") or gap["agency_id"],
        agency_id=gap["agency_id"],
        year=gap["report_year"],
        status=gap["publication_status"],
        deadline=str(gap.get("publication_deadline") or ""),
        published_on=str(gap.get("published_on") or ""),
        days_late=gap.get("days_late"),
    )


WRAPPED = {"alignment": Alignment(wrap_text=True, vertical="top")}
WRAPPED_COLUMNS = {3, 6}  # 单元格 and 说明 wrap; the other long texts are for filtering
HEADER = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDE6F0")}
HEADER_EN = {"font": Font(italic=True, color="555555")}


def _sheet(
    workbook: Workbook,
    name: str,
    widths: tuple[int, ...],
    headers: tuple[tuple[str, ...], tuple[str, ...]],
    count: int,
) -> Any:
    """A sheet with its column widths, its two header rows (Chinese, English) and a filter."""
    sheet = workbook.create_sheet(name)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(widths))}{count + 2}"
    sheet.append([_cell(sheet, value, HEADER) for value in headers[0]])
    sheet.append([_cell(sheet, value, HEADER_EN) for value in headers[1]])
    return sheet


def write_workbook(
    path: Path, title: str, rows: list[RectifyRow], gaps: list[GapRow] | None = None
) -> None:
    """One workbook: the rows on sheet 整改清单, sorted by agency, year, table and cell (written
    in openpyxl's streaming mode: an office's list may have tens of thousands of rows); an
    office's also the reports its agencies owe, on sheet 未发布与逾期."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.creator = "xxgk"
    sheet = _sheet(
        workbook, "整改清单", WIDTHS, ((*HEADERS_ZH, *HEADERS_EXTRA), HEADERS_EN), len(rows)
    )
    ordered = sorted(rows, key=lambda r: (r.agency, r.year or 0, r.table, r.cell, r.rule_id))
    for row in ordered:
        sheet.append(
            [
                _cell(sheet, value, WRAPPED if index in WRAPPED_COLUMNS else None)
                for index, value in enumerate(row.values())
            ]
        )
    if gaps is not None:
        gap_sheet = _sheet(
            workbook, GAPS_SHEET, GAP_WIDTHS, (GAP_HEADERS_ZH, GAP_HEADERS_EN), len(gaps)
        )
        for gap in gaps:
            gap_sheet.append([_cell(gap_sheet, value) for value in gap.values()])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


@dataclass
class RectifyGroup:
    kind: str  # agency | office
    name: str
    rows: list[RectifyRow]
    # an office's agencies' reports not published or published late (rpt_coverage)
    gaps: list[GapRow] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return file_stem(self.name)

    @property
    def workbook_name(self) -> str:
        return f"{self.kind}/{self.stem}.xlsx"

    @property
    def page_name(self) -> str:
        return f"{self.kind}/{self.stem}.html"


def groups(
    violations: list[dict[str, Any]],
    template: Template,
    gaps: list[dict[str, Any]] | None = None,
) -> list[RectifyGroup]:
    """The 整改清单 per agency and per superior office (each violation in one of each), the
    offices' with the reports their agencies owe (`gaps`: rows of rpt_coverage)."""
    by_agency: dict[str, list[RectifyRow]] = {}
    by_office: dict[str, list[RectifyRow]] = {}
    owed: dict[str, list[GapRow]] = {}
    for violation in violations:
        row = rectify_row(violation, template)
        by_agency.setdefault(agency_of(violation), []).append(row)
        by_office.setdefault(superior_office(violation), []).append(row)
    for gap in gaps or []:
        office = superior_office(gap)
        by_office.setdefault(office, [])
        owed.setdefault(office, []).append(gap_row(gap))
    return [
        *(RectifyGroup("agency", name, rows) for name, rows in sorted(by_agency.items())),
        *(
            RectifyGroup("office", name, rows, owed.get(name, []))
            for name, rows in sorted(by_office.items())
        ),
    ]


def write_workbooks(directory: Path, all_groups: list[RectifyGroup]) -> list[Path]:
    written = []
    for group in all_groups:
        path = directory / group.workbook_name
        gaps = group.gaps if group.kind == "office" else None
        write_workbook(path, f"整改清单 — {group.name}", group.rows, gaps)
        written.append(path)
    return written
