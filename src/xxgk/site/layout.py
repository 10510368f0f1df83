"""A report's three tables laid out as the template prints them, each cell with its marks.

按模板版式排列一份报告的三张表：表头、行名按印刷原样，每个单元格带状态（读出、空白、非数字、
推断、缺失）及其违反或无法检查的规则、说明和出处。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from xxgk.site.data import CellKey, CellMark, ReportDetail, cell_keys
from xxgk.site.template import (
    LITIGATION_CODES,
    LITIGATION_HEADING,
    OUTCOME_HEADING,
    OUTCOME_HEADING_PARENT,
    Table,
)

Quoted = dict[CellKey, list[dict[str, Any]]]

STATE_LABELS = {
    "number": ("读出", "read"),
    "blank": ("空白", "blank"),
    "not_a_number": ("非数字", "not a number"),
    "missing": ("未读出", "not read"),  # the extractor did not find it: not the report's fault
    "inferred": ("推断", "inferred"),
    "grouped": ("并入分组行", "in the group's row"),  # the report printed the group as one row
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
    def plain(self) -> bool:
        """A number read as printed that no rule or figure concerns (most cells)."""
        return (
            self.state == "number"
            and not self.inferred
            and not self.annotation
            and not (self.fails or self.unchecked or self.narrative)
        )

    def title(self, row_source: str = "") -> str:
        """The tooltip: state, where it was read (unless the row says it for all its cells),
        the rules and figures that concern it. Empty for a plain cell of such a row."""
        if self.plain and self.source_ref == row_source:
            return ""
        zh, en = self.state_label
        lines = [f"{zh} / {en}"]
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
    cells: list[CellView]
    heading: bool = False
    code: str = ""

    @property
    def source_ref(self) -> str:
        """Where the row was read, when all its cells say the same place (else empty)."""
        refs = {cell.source_ref for cell in self.cells}
        return refs.pop() if len(refs) == 1 else ""


@dataclass
class Grid:
    """One printed table (table 二 prints as several small ones)."""

    heads: list[list[Head]]
    rows: list[BodyRow]

    @property
    def width(self) -> int:
        """Cells per body row (what a heading row's empty cell spans)."""
        return max((len(row.cells) for row in self.rows), default=1)


def _quoted(detail: ReportDetail) -> Quoted:
    """The narrative figures by the cells they restate."""
    quoted: Quoted = {}
    for figure in detail.narrative:
        for key in cell_keys(figure.get("table_cells")):
            quoted.setdefault(key, []).append(figure)
    return quoted


def _cell(
    detail: ReportDetail,
    table: str,
    row: str,
    column: str,
    quoted: Quoted,
) -> CellView:
    key = (table, row, column)
    cell = detail.cells.get(key)
    marks = detail.marks.get(key, [])
    if cell is None:  # not in the mart at all: shown as missing, never as a value
        cell = {"cell_text": None, "cell_state": "missing", "provenance": None, "annotation": None}
    return CellView(
        key=f"{table}:{row}×{column}",
        text=cell["cell_text"] or "",
        state=cell["cell_state"] or "missing",
        inferred=cell.get("provenance") == "inferred",
        annotation=cell.get("annotation") or "",
        source_ref=cell.get("source_ref") or "",
        fails=[m for m in marks if m.kind == "fail"] if marks else [],
        unchecked=[m for m in marks if m.kind == "not_checkable"] if marks else [],
        narrative=quoted.get(key, []) if quoted else [],
    )


def _table2(table: Table, detail: ReportDetail, quoted: Quoted) -> list[Grid]:
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
                [_cell(detail, table.code, item.code, code, quoted) for code in item.cell_columns],
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


def _table3(table: Table, detail: ReportDetail, quoted: Quoted) -> Grid:
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
        printed_as_one_row = any((table.code, row.code, column) in detail.cells for column in order)
        if not row.has_cells and not printed_as_one_row:
            rows.append(BodyRow(row.label_zh, row.label_en, depth, [], heading=True, code=row.code))
            continue
        rows.append(
            BodyRow(
                row.label_zh,
                row.label_en,
                depth,
                [_cell(detail, table.code, row.code, column, quoted) for column in order],
                code=row.code,
            )
        )
    return Grid(heads, rows)


def _table4(table: Table, detail: ReportDetail, quoted: Quoted) -> Grid:
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
    cells = [
        _cell(detail, table.code, p.code, o.code, quoted) for p in proceedings for o in outcomes
    ]
    return Grid([top, middle, bottom], [BodyRow("", "", 0, cells)])


def report_grids(tables: dict[str, Table], detail: ReportDetail) -> list[tuple[Table, list[Grid]]]:
    """The three tables of a report, as printed."""
    laid: list[tuple[Table, list[Grid]]] = []
    quoted = _quoted(detail)
    for code, table in tables.items():
        if code == "t2":
            laid.append((table, _table2(table, detail, quoted)))
        elif code == "t3":
            laid.append((table, [_table3(table, detail, quoted)]))
        else:
            laid.append((table, [_table4(table, detail, quoted)]))
    return laid


# The tables' HTML is written here rather than in a template: a report page has 200 cells, a
# corpus may have 100,000 reports, and the headers and row labels are the same on every page
# (rendered once, cached). Every text goes through markupsafe.escape.


def bilingual(zh: str, en: str) -> str:
    return (
        f'<span class="zh" lang="zh-CN">{escape(zh)}</span>'
        f'<span class="en" lang="en">{escape(en)}</span>'
    )


@lru_cache(maxsize=64)
def _heads_html(heads: tuple[tuple[Head, ...], ...]) -> str:
    lines = []
    for row in heads:
        cells = []
        for head in row:
            spans = (f' colspan="{head.colspan}"' if head.colspan > 1 else "") + (
                f' rowspan="{head.rowspan}"' if head.rowspan > 1 else ""
            )
            cells.append(f"<th{spans}>{bilingual(head.zh, head.en)}</th>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(lines)


@lru_cache(maxsize=512)
def _label_html(zh: str, en: str, depth: int, source: str) -> str:
    title = f' title="出处 / read at: {escape(source)}"' if source else ""
    return f'<th class="label d{depth}" scope="row"{title}>{bilingual(zh, en)}</th>'


@lru_cache(maxsize=1024)
def _id(key: str) -> str:
    return str(escape(key))


def _text(text: str) -> str:
    return text if text.isdigit() else str(escape(text))


def _cell_html(cell: CellView, row_source: str, root: str) -> str:
    if cell.plain and cell.source_ref == row_source:  # most cells: the fast path
        return f'<td id="{_id(cell.key)}">{_text(cell.text)}</td>'  # styled as table.report td
    title = cell.title(row_source)
    attributes = [f'id="{escape(cell.key)}"', f'class="{escape(cell.classes)}"']
    if title:
        attributes.append(f'title="{escape(title)}"')
    rules, unchecked = cell.rules, cell.unchecked_rules
    if rules:
        attributes.append(f'data-rules="{escape(" ".join(rules))}"')
    if unchecked:
        attributes.append(f'data-unchecked="{escape(" ".join(unchecked))}"')
    if cell.state == "missing":
        body = f'<span class="state">{bilingual("未读出", "not read")}</span>'
    elif cell.state == "grouped":
        body = f'<span class="state">{bilingual("并入上行", "in the row above")}</span>'
    elif cell.state == "blank":
        shown = escape(cell.text) if cell.text else bilingual("空白", "blank")
        body = f'<span class="state">{shown}</span>'
    else:
        body = str(escape(cell.text))
    body += "".join(
        f'<a class="tag fail" href="{root}rules/{escape(rule)}.html">{escape(rule)}</a>'
        for rule in rules
    )
    body += "".join(f'<span class="tag unchecked">?{escape(rule)}</span>' for rule in unchecked)
    if cell.narrative:
        quotes = " ".join(f"“{f['quote']}” {f.get('source_ref') or ''}" for f in cell.narrative)
        body += (
            f'<span class="tag quoted" title="{escape(quotes)}">{bilingual("正文", "text")}</span>'
        )
    return f"<td {' '.join(attributes)}>{body}</td>"


def grid_html(grid: Grid, table_code: str, root: str) -> Markup:
    """One printed table as HTML."""
    parts = [f'<table class="report t-{escape(table_code)}">']
    parts.append("<thead>" + _heads_html(tuple(tuple(row) for row in grid.heads)) + "</thead>")
    parts.append("<tbody>")
    for row in grid.rows:
        if row.heading:
            parts.append(
                '<tr class="heading">'
                + _label_html(row.zh, row.en, row.depth, "")
                + f'<td colspan="{grid.width}"></td></tr>'
            )
            continue
        labelled = bool(row.zh or row.en)
        source = row.source_ref if labelled else ""
        label = _label_html(row.zh, row.en, row.depth, source) if labelled else ""
        cells = "".join(_cell_html(cell, source, root) for cell in row.cells)
        parts.append(f"<tr>{label}{cells}</tr>")
    parts.append("</tbody></table>")
    return Markup("\n".join(parts))
