"""Rows whose digits run together, segmented where exactly one reading fits — 连写行的切分.

Used only where the tables show digits glued to labels (`tables.glued_digits`) and only for
rows the ordinary reading left unread. Each row's printed number tokens are taken from right
after its label (the label found with the template's labels and aliases, so the ordinal of the
next row — "8.属于行政查询事项" — is not taken for a digit) and cut by `segment.segment` under
the row's constraint. Every cell so read is `inferred`, its `source_ref` names the constraint,
and a row that cannot be cut one way only is refused with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xxgk.extract.cells import Cell, Line
from xxgk.extract.results import Placed, Problem, TableResult
from xxgk.extract.segment import (
    applicant_total,
    block_totals,
    folded_section,
    numeric_tokens,
    ref_at,
    segment,
)
from xxgk.extract.template import Row, Template, find_labels

if TYPE_CHECKING:
    from xxgk.extract.tables import Sections


@dataclass
class GluedReport:
    """What segmentation did: cells read (key "t3:row×col" -> constraint) and refusals."""

    segmented: dict[str, str] = field(default_factory=dict)
    notes_zh: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)
    # table -> row code -> (place, zh, en): why a row was not cut
    refused: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)


def _kinds(row: Row) -> list[str]:
    return ["decimal" if c == "amount_10k_yuan" else "int" for c in row.columns]


def _place(
    result: TableResult,
    key: tuple[str, str],
    table: str,
    parts: list[str],
    columns: tuple[str, ...],
    ref: str,
    constraint: str,
    report: GluedReport,
    group: bool = False,
) -> None:
    code = key[0]
    where = f"{ref} (segmented: {constraint})"
    target = result.group_cells if group else result.cells
    for col, part in zip(columns, parts, strict=True):
        target[(code, col)] = Placed(Cell(part, "num", where), "inferred", constraint)
        report.segmented[f"{table}:{code}×{col}"] = constraint


def _refuse(report: GluedReport, table: str, row: Row, ref: str, zh: str, en: str) -> None:
    report.refused.setdefault(table, {})[row.code] = (
        ref,
        f"表{'二三四'[int(table[1]) - 2]}“{row.label}”一行：{zh}",
        f"table {table[1]} row {row.code}: {en}",
    )


def segment_rows(
    table: str,
    lines: list[Line],
    rows: tuple[Row, ...],
    result: TableResult,
    report: GluedReport,
    groups: tuple[Row, ...] = (),
    parents: dict[str, str] | None = None,
) -> None:
    """Tables 二 and 三: each unread row's digits, cut under the row's constraint."""
    folded, cuts, starts = folded_section(lines)
    search = (*rows, *groups)
    hits = find_labels(folded, search)
    seen = Counter(h.row for h in hits)
    read_rows = {code for code, _ in result.cells}
    printed: dict[int, tuple[list[str], str]] = {}
    for k, hit in enumerate(hits):
        end = hits[k + 1].start if k + 1 < len(hits) else len(folded)
        tokens = numeric_tokens(folded, cuts, hit.end, end)
        if tokens:
            printed[hit.row] = (tokens, ref_at(starts, hit.end))
    for row_i, (tokens, ref) in printed.items():
        row = search[row_i]
        is_group = row_i >= len(rows)
        if is_group:
            leaves = {r.code for r in rows if (parents or {}).get(r.code) == row.code}
            leaf_printed = any(search[i].code in leaves for i in printed if i < len(rows))
            if leaves & read_rows or leaf_printed or result.group_cells:
                continue
        elif row.code in read_rows:
            continue
        if seen[row_i] > 1:
            _refuse(report, table, row, ref, "行名出现多次，不切分", "label printed twice: not cut")
            continue
        constraint = applicant_total if table == "t3" else None
        name = "T3_APPLICANT_TOTAL" if table == "t3" else ""
        columns = rows[0].columns if is_group else row.columns
        kinds = ["int"] * len(columns) if is_group else _kinds(row)
        seg = segment(tokens, kinds, constraint, name)
        if seg.parts is None:
            _refuse(report, table, row, ref, seg.zh, seg.en)
            continue
        _place(result, (row.code, ""), table, seg.parts, columns, ref, seg.constraint, report,
               group=is_group)  # fmt: skip
        if is_group:
            result.grouped.extend(r.code for r in rows if (parents or {}).get(r.code) == row.code)


def segment_table4(
    lines: list[Line], rows: tuple[Row, ...], result: TableResult, report: GluedReport
) -> None:
    """Table 四: the 15 digits after the last header word, cut so that every block adds up."""
    if result.cells:
        return
    folded, cuts, starts = folded_section(lines)
    last_word = max((m.end() for m in re.finditer(r"[\u4e00-\u9fff]", folded)), default=0)
    tokens = numeric_tokens(folded, cuts, last_word, len(folded))
    if not tokens:
        return
    ref = ref_at(starts, last_word)
    n = sum(len(r.columns) for r in rows)
    seg = segment(tokens, ["int"] * n, block_totals, "T4_BLOCK_TOTAL")
    if seg.parts is None:
        _refuse(report, "t4", rows[0], ref, seg.zh, seg.en)
        return
    parts = iter(seg.parts)
    for row in rows:
        _place(
            result,
            (row.code, ""),
            "t4",
            [next(parts) for _ in row.columns],
            row.columns,
            ref,
            seg.constraint,
            report,
        )


def segment_glued(
    sections: Sections, tables: dict[str, TableResult], template: Template, with_t2: bool = True
) -> GluedReport:
    """Segment the unread rows of every table of a report whose digits run together (table 二
    only when it is the 2021 one: `with_t2`)."""
    report = GluedReport()
    t2, t3, t4 = sections.t2, sections.t3, sections.t4
    if t2 is not None and with_t2:
        segment_rows("t2", t2, template.t2, tables["t2"], report)
    if t3 is not None:
        segment_rows(
            "t3", t3, template.t3, tables["t3"], report, template.t3_groups, template.t3_parents
        )
    if t4 is not None:
        segment_table4(t4, template.t4, tables["t4"], report)
    for key, table in tables.items():
        if key != "t2" or with_t2:
            _replace_problems(key, table, template, report)
    return report


def _replace_problems(
    key: str, table: TableResult, template: Template, report: GluedReport
) -> None:
    """After segmentation, one problem per row still unread: why it was not cut, or that no
    digits were found after its label."""
    done = {code for code, _ in table.cells} | set(table.grouped)
    refused = report.refused.get(key, {})
    problems: list[Problem] = []
    for row in template.rows(key):
        if row.code in done:
            continue
        if key == "t4" and refused:
            ref, zh, en = next(iter(refused.values()))
            problems.append(Problem(key, [r.code for r in template.t4], ref, zh, en))
            break
        if row.code in refused:
            ref, zh, en = refused[row.code]
        else:
            old = [p for p in table.problems if row.code in p.codes]
            ref = old[0].ref if old else ""
            zh = f"未读出“{row.label}”一行：标签后没有可切分的数字"
            en = f"row {row.code} not read: no digits to cut after its label"
        if key == "t4":
            problems.append(Problem(key, [r.code for r in template.t4], ref, zh, en))
            break
        problems.append(Problem(key, [row.code], ref, zh, en))
    table.problems = problems
