"""A report's three tables laid out as the template prints them, each cell with its marks.

按模板版式排列一份报告的三张表：表头、行名按印刷原样，每个单元格带状态（读出、空白、非数字、
推断、缺失）及其违反或无法检查的规则、说明和出处。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xxgk.site.data import CellMark, ReportDetail
from xxgk.site.template import (
    LITIGATION_CODES,
    LITIGATION_HEADING,
    OUTCOME_HEADING,
    OUTCOME_HEADING_PARENT,
    Table,
)

STATE_LABELS = {
    "number": ("读出", "read"),
    "blank": ("空白", "blank"),
    "not_a_number": ("非数字", "not a number"),
    "missing": ("缺失", "missing"),
    "inferred": ("推断", "inferred"),
}


@dataclass(frozen=True)
class Head:
    """A header cell: text in both languages and its spans."""

    zh: str
    en: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class CellView:
    key: str
    text: str
    state: str
    inferred: bool
    annotation: str
    source_ref: str
    fails: list[CellMark] = field(default_factory=list)
    unchecked: list[CellMark] = field(default_factory=list)
    narrative: list[dict[str, Any]] = field(default_factory=list)

    @property
    def classes(self) -> str:
        names = ["c", f"s-{self.state}"]
        if self.inferred:
            names.append("inferred")
        if self.fails:
            names.append("fail" if any(m.severity == "error" for m in self.fails) else "warn")
        if self.unchecked:
            names.append("unchecked")
        if self.narrative:
            names.append("quoted")
        return " ".join(names)

    @property
    def state_label(self) -> tuple[str, str]:
        zh, en = STATE_LABELS.get(self.state, (self.state, self.state))
        if self.inferred:
            zh, en = f"{zh}（推断）", f"{en} (inferred)"
        return zh, en

    @property
    def rules(self) -> list[str]:
        return sorted({mark.rule_id for mark in self.fails})

    @property
    def unchecked_rules(self) -> list[str]:
        return sorted({mark.rule_id for mark in self.unchecked} - set(self.rules))

    @property
    def title(self) -> str:
        """The tooltip: state, where it was read, the rules and figures that concern it."""
        zh, en = self.state_label
        lines = [f"{self.key} · {zh} / {en}"]
        if self.source_ref:
            lines.append(f"出处 / read at: {self.source_ref}")
        if self.annotation:
            lines.append(f"注 / note: {self.annotation}")
        lines += [f"✗ {m.rule_id}: {m.message_zh} / {m.message_en}" for m in self.fails]
        lines += [
            f"? {m.rule_id}: {m.message_zh} / {m.message_en}"
            for m in self.unchecked
            if m.rule_id not in self.rules
        ]
        lines += [f"正文 / narrative: “{f['quote']}” ({f['source_ref']})" for f in self.narrative]
        return "\n".join(lines)


@dataclass
class BodyRow:
    zh: str
    en: str
    depth: int
    cells: list[CellView | None]
    heading: bool = False
    code: str = ""


@dataclass
class Grid:
    """One printed table (table 二 prints as several small ones)."""

    heads: list[list[Head]]
    rows: list[BodyRow]

    @property
    def width(self) -> int:
        """Cells per body row (what a heading row's empty cell spans)."""
        return max((len(row.cells) for row in self.rows), default=1)


def _cell(detail: ReportDetail, table: str, row: str, column: str) -> CellView:
    key = (table, row, column)
    cell = detail.cells.get(key)
    marks = detail.marks.get(key, [])
    if cell is None:  # not in the mart at all: shown as missing, never as a value
        cell = {"cell_text": None, "cell_state": "missing", "provenance": None, "annotation": None}
    narrative = [
        figure
        for figure in detail.narrative
        if f"{table}:{row}×{column}" in (figure.get("table_cells") or "")
    ]
    return CellView(
        key=f"{table}:{row}×{column}",
        text=cell["cell_text"] or "",
        state=cell["cell_state"] or "missing",
        inferred=cell.get("provenance") == "inferred",
        annotation=cell.get("annotation") or "",
        source_ref=cell.get("source_ref") or "",
        fails=[m for m in marks if m.kind == "fail"],
        unchecked=[m for m in marks if m.kind == "not_checkable"],
        narrative=narrative,
    )


def _table2(table: Table, detail: ReportDetail) -> list[Grid]:
    """Table 二 prints one small table per group of items with the same columns."""
    grids: list[Grid] = []
    current: tuple[str, ...] | None = None
    for item in table.rows:
        if not item.has_cells:
            continue
        if item.cell_columns != current:
            current = item.cell_columns
            heads = [
                Head("信息内容", "Item"),
                *(
                    Head(column.label_zh, column.label_en)
                    for code in current
                    if (column := table.column(code)) is not None
                ),
            ]
            grids.append(Grid([heads], []))
        grids[-1].rows.append(
            BodyRow(
                item.label_zh,
                item.label_en,
                0,
                [_cell(detail, table.code, item.code, code) for code in item.cell_columns],
                code=item.code,
            )
        )
    return grids


def _column_heads(table: Table) -> tuple[list[list[Head]], list[str]]:
    """Two header rows for columns grouped under a heading without cells (法人或其他组织)."""
    top: list[Head] = []
    second: list[Head] = []
    order: list[str] = []
    grouped = {column.parent for column in table.columns if column.depth > 0}
    for column in table.columns:
        if column.depth > 0:
            continue
        if column.code in grouped:
            children = [c for c in table.columns if c.parent == column.code and c.has_cells]
            top.append(Head(column.label_zh, column.label_en, colspan=len(children)))
            for child in children:
                second.append(Head(child.label_zh, child.label_en))
                order.append(child.code)
        elif column.has_cells:
            top.append(Head(column.label_zh, column.label_en, rowspan=2 if grouped else 1))
            order.append(column.code)
    return ([top, second] if second else [top]), order


def _table3(table: Table, detail: ReportDetail) -> Grid:
    heads, order = _column_heads(table)
    heads[0].insert(0, Head("", "", rowspan=len(heads)))
    rows: list[BodyRow] = []
    in_outcomes = False  # rows printed under 三、本年度办理结果, up to (七)总计
    for row in table.rows:
        if row.parent == OUTCOME_HEADING_PARENT and not in_outcomes:
            in_outcomes = True
            rows.append(BodyRow(OUTCOME_HEADING[0], OUTCOME_HEADING[1], 0, [], heading=True))
        depth = row.depth + (1 if in_outcomes else 0)
        if row.code == OUTCOME_HEADING_PARENT:
            in_outcomes = False
        if not row.has_cells:
            rows.append(BodyRow(row.label_zh, row.label_en, depth, [], heading=True, code=row.code))
            continue
        rows.append(
            BodyRow(
                row.label_zh,
                row.label_en,
                depth,
                [_cell(detail, table.code, row.code, column) for column in order],
                code=row.code,
            )
        )
    return Grid(heads, rows)


def _table4(table: Table, detail: ReportDetail) -> Grid:
    """Table 四 prints as one row of 15: 行政复议 | 行政诉讼（未经复议直接起诉 | 复议后起诉）."""
    outcomes = [column for column in table.columns if column.has_cells]
    proceedings = [row for row in table.rows if row.has_cells]
    top: list[Head] = []
    middle: list[Head] = []
    litigation = [p for p in proceedings if p.code in LITIGATION_CODES]
    for proceeding in proceedings:
        if proceeding.code in LITIGATION_CODES:
            if proceeding is litigation[0]:
                top.append(Head(*LITIGATION_HEADING, colspan=len(outcomes) * len(litigation)))
            middle.append(Head(proceeding.label_zh, proceeding.label_en, colspan=len(outcomes)))
        else:
            top.append(
                Head(proceeding.label_zh, proceeding.label_en, colspan=len(outcomes), rowspan=2)
            )
    bottom = [Head(o.label_zh, o.label_en) for p in proceedings for o in outcomes]
    cells = [_cell(detail, table.code, p.code, o.code) for p in proceedings for o in outcomes]
    return Grid([top, middle, bottom], [BodyRow("", "", 0, cells)])


def report_grids(tables: dict[str, Table], detail: ReportDetail) -> list[tuple[Table, list[Grid]]]:
    """The three tables of a report, as printed."""
    laid: list[tuple[Table, list[Grid]]] = []
    for code, table in tables.items():
        if code == "t2":
            laid.append((table, _table2(table, detail)))
        elif code == "t3":
            laid.append((table, [_table3(table, detail)]))
        else:
            laid.append((table, [_table4(table, detail)]))
    return laid
