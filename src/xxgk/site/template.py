"""The template's three tables as printed, read from the marts (dim_template_tables, _codes).

模板三张表的版式与印刷标签，全部读自 marts.dim_template_tables 与 marts.dim_template_codes（即
seeds/reference/template_codes.csv），另加模板印出但没有代码的两个标题行。

The codes seed holds every row and column with a cell, the groups and their labels as printed.
Two headings the template prints have no code because nothing adds into them as a group:
三、本年度办理结果 above (一)…(七) of table 三, and 行政诉讼 above its two proceedings in table 四.
They are named here, once, for display only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

# Headings printed by the template that are not codes (see the module docstring).
OUTCOME_HEADING = ("三、本年度办理结果", "三. Outcome of handling this year")
OUTCOME_HEADING_PARENT = "total_handled"  # rows under this parent print below the heading
LITIGATION_HEADING = ("行政诉讼", "Administrative litigation")
LITIGATION_CODES = ("litigation_direct", "litigation_after_review")

# a cell key as the marts write it; `prev:` marks the same agency's previous report
CELL_KEY = re.compile(r"(?<![a-z0-9_:])(prev:)?(t[234]):([a-z0-9_]+)×([a-z0-9_]+)")
NARRATIVE_KEY = re.compile(r"\bnarrative:[a-z0-9_]+")
PREVIOUS = ("上一年度报告", "last year's report: ")
NARRATIVE = ("正文所述数字", "the figure the narrative states")


@dataclass(frozen=True)
class Code:
    """One row or column of the template."""

    dimension: str
    code: str
    parent: str | None
    has_cells: bool
    position: int
    label_zh: str
    label_en: str
    cell_columns: tuple[str, ...] = ()
    depth: int = 0


@dataclass
class Table:
    """One of the three tables: heading as printed, its rows and columns in template order."""

    code: str
    heading_zh: str
    heading_en: str
    rows: list[Code] = field(default_factory=list)
    columns: list[Code] = field(default_factory=list)

    def row(self, code: str) -> Code | None:
        return next((row for row in self.rows if row.code == code), None)

    def column(self, code: str) -> Code | None:
        return next((column for column in self.columns if column.code == code), None)


@dataclass
class Template:
    tables: dict[str, Table]

    def cell_label(self, table: str, row: str | None, column: str | None, lang: str = "zh") -> str:
        """A cell as the template prints it: `三、本年度办理结果（七）总计 × 自然人`."""
        found = self.tables.get(table)
        if found is None:
            return " × ".join(part for part in (row, column) if part)
        parts = []
        if row:
            parts.append(self.row_label(found, row, lang))
        if column:
            parts.append(self.column_label(found, column, lang))
        return " × ".join(parts)

    def row_label(self, table: Table, code: str, lang: str = "zh") -> str:
        path = _path(table.rows, code)
        if not path:
            return code
        labels = [_label(item, lang) for item in path]
        index = 0 if lang == "zh" else 1
        if table.code == "t3" and (
            path[0].code == OUTCOME_HEADING_PARENT or path[0].parent == OUTCOME_HEADING_PARENT
        ):
            labels.insert(0, OUTCOME_HEADING[index])
        if table.code == "t4" and code in LITIGATION_CODES:
            labels.insert(0, LITIGATION_HEADING[index])
        return ("", " / ")[index].join(labels)

    def column_label(self, table: Table, code: str, lang: str = "zh") -> str:
        """A column with the group it is printed under: 法人或其他组织·商业企业."""
        path = _path(table.columns, code)
        return "·".join(_label(item, lang) for item in path) if path else code

    def cells_label(self, text: str | None, lang: str = "zh") -> str:
        """Replace every cell key (`t3:new_received×total`) of a text by its printed label."""
        if not text:
            return ""
        index = 0 if lang == "zh" else 1
        text = NARRATIVE_KEY.sub(NARRATIVE[index], text)
        return CELL_KEY.sub(
            lambda match: (
                (PREVIOUS[index] if match[1] else "")
                + self.cell_label(match[2], match[3], match[4], lang)
            ),
            text,
        )

    def table_heading(self, table: str | None, lang: str = "zh") -> str:
        found = self.tables.get(table or "")
        if found is None:
            return "全部表格" if lang == "zh" and table == "all" else (table or "")
        return found.heading_zh if lang == "zh" else found.heading_en


def _label(code: Code, lang: str) -> str:
    return code.label_zh if lang == "zh" else code.label_en


def _path(codes: list[Code], code: str) -> list[Code]:
    """The code and its ancestors that print as row headings, outermost first; a parent that is
    a total row of its own (（七）总计) is not printed before its parts."""
    by_code = {item.code: item for item in codes}
    item = by_code.get(code)
    path: list[Code] = []
    while item is not None:
        path.insert(0, item)
        parent = by_code.get(item.parent) if item.parent else None
        item = parent if parent is not None and not parent.has_cells else None
    return path


def _depth(codes: dict[str, Code], code: Code) -> int:
    depth = 0
    parent = codes.get(code.parent) if code.parent else None
    while parent is not None and not parent.has_cells:
        depth += 1
        parent = codes.get(parent.parent) if parent.parent else None
    return depth


def load_template(connection: duckdb.DuckDBPyConnection) -> Template:
    """The three tables and their codes, from the marts."""
    tables: dict[str, Table] = {}
    dimensions: dict[str, tuple[str, str]] = {}
    for row in connection.execute(
        "select table_code, heading_zh, heading_en, row_dimension, column_dimension"
        " from marts.dim_template_tables order by position"
    ).fetchall():
        tables[row[0]] = Table(row[0], row[1], row[2])
        dimensions[row[3]] = (row[0], "rows")
        dimensions[row[4]] = (row[0], "columns")
    by_dimension: dict[str, list[Code]] = {}
    for row in connection.execute(
        "select dimension, code, parent_code, has_cells, position, label_zh, label_en,"
        " cell_columns from marts.dim_template_codes order by dimension, position, code"
    ).fetchall():
        by_dimension.setdefault(row[0], []).append(
            Code(
                dimension=row[0],
                code=row[1],
                parent=row[2],
                has_cells=bool(row[3]),
                position=int(row[4]),
                label_zh=row[5],
                label_en=row[6],
                cell_columns=tuple((row[7] or "").split("|")) if row[7] else (),
            )
        )
    for dimension, codes in by_dimension.items():
        if dimension not in dimensions:
            continue
        table_code, axis = dimensions[dimension]
        index = {code.code: code for code in codes}
        placed = [
            Code(**{**code.__dict__, "depth": _depth(index, code)})  # frozen: a new value
            for code in codes
        ]
        setattr(tables[table_code], axis, placed)
    return Template(tables)
