"""Runs → template cells for tables 二, 三 and 四 — 表格定位与单元格对位.

Sections are found by their headings (also split over two lines, or renumbered). In each
section the runs of cell tokens are matched to template rows by the row labels printed with
them (the labels and `aliases` of template_codes.csv; `rowlabels`): table 二 by label only,
table 三 by label or by a template order the whole table agrees with (`table3`), table 四 as one
row or as labelled rows per proceeding (`table4`). A row whose run does not have exactly the
template's number of cells is never guessed: its cells are reported missing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from xxgk.extract.cells import PAGE_MARKER, Line, Run, tokenize
from xxgk.extract.results import Placed, Problem, TableResult, fit, row_problem
from xxgk.extract.rowlabels import (
    label_runs,
    labels_after,
    reading_direction,
    shifted_problem_texts,
)
from xxgk.extract.table3 import assign_ordered
from xxgk.extract.table4 import assign_table4
from xxgk.extract.template import Row, Template, norm_label

# a table heading's number as printed: 三、 / 3. / 表三： / 表3 / （三） — reports renumber their
# tables (三 printed as 四, tables numbered 1/2/3), so the number itself is not checked
# Numbers in brackets — （二） — are how narratives number their subsections ("（一）主动公开
# 政府信息情况"), so they count only for a heading not found otherwise.
_NUMBER_PLAIN = r"(?:表?[一二三四五六七八九十\d]{1,2}[、.:]?)?:?"
_NUMBER = r"(?:表?[一二三四五六七八九十\d]{1,2}[、.:]?|\([一二三四五六七八九十\d]{1,2}\))?:?"
_BODIES = {
    "t2": "主动公开政府信息(?:情况|统计)",
    "t3": "收到和处理政府信息公开申请(?:情况|统计)",
    "t4": "(?:因)?政府信息公开.{0,12}?行政法?复议",
}
_STRICT = {k: re.compile(f"^{_NUMBER_PLAIN}{body}") for k, body in _BODIES.items()}
_LENIENT = {k: re.compile(f"^{_NUMBER}{body}") for k, body in _BODIES.items()}
_H2, _H3, _H4 = _LENIENT["t2"], _LENIENT["t3"], _LENIENT["t4"]
_H_END = re.compile(r"^(?:[五六][、.:]|.{0,20}(?:存在的主要问题|存在问题|改进情况|其他需要报告))")
_SPLIT = re.compile(
    r"(?=[二三四五六]、(?:主动公开政府信息情况|收到和处理政府信息公开申请情况|"
    r"政府信息公开行政|存在的主要问题|其他需要报告))"
)
_HEADING_END = re.compile(
    r"(?<=二、主动公开政府信息情况)|(?<=三、收到和处理政府信息公开申请情况)|"
    r"(?<=四、政府信息公开行政复议、行政诉讼情况)|(?<=四、政府信息公开行政法复议、行政诉讼情况)"
)
FORMAT_2019_MARKERS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "政府集中采购",
    "第二十条第(九)项",
)
# three or more digits glued to label text on either side — not a quantity with its unit
# ("2023年", "3119件", "895.90元"), which is how prose prints numbers
_GLUED = re.compile(
    r"(?:(?<=[\u4e00-\u9fff)）])\d{3,}(?:\.\d+)?(?![\d.]*[年月日号件条元万项个人次家页%％])"
    r"|\d{3,}(?:\.\d+)?(?=[\u4e00-\u9fff(（])(?![年月日号件条元万项个人次家页]))"
)


_RULE_LINE = re.compile(r"\s*\|?\s*:?-{3,}.*")  # a markdown table's |---|---| line
_WORD = re.compile(r"\w")


def prepare_lines(lines: list[Line]) -> list[Line]:
    """Drop page markers ("- 3 -", "— 4 —") and split run-together text before headings."""
    out: list[Line] = []
    for line in lines:
        if line.fields is None:
            if PAGE_MARKER.match(line.text):
                continue
            if "、" not in line.text:  # both splitting patterns need a numbered heading's 、
                if line.text.strip():
                    out.append(Line(line.text, line.ref))
                continue
            parts = [q for p in _SPLIT.split(line.text) for q in _HEADING_END.split(p)]
            out.extend(Line(p, line.ref) for p in parts if p.strip())
        else:
            if _RULE_LINE.fullmatch(line.text or "") and not any(
                _WORD.search(f or "") for f in line.fields
            ):
                continue
            out.append(line)
    return out


@dataclass
class Sections:
    t2: list[Line] | None
    t3: list[Line] | None
    t4: list[Line] | None
    refs: dict[str, str]
    narrative: list[Line] = field(default_factory=list)  # the lines before table 二's heading
    # the lines from the heading after table 四 (五、存在的主要问题…) on: with `narrative`, the
    # report's own words outside the tables (the narrative signature, similarity.py)
    closing: list[Line] = field(default_factory=list)
    # the lines the headings were found in (prepare_lines) and the headings found by the strict
    # patterns: multiple.report_starts looks for a second report in the same lines
    lines: list[Line] = field(default_factory=list)
    strict_index: dict[str, int] = field(default_factory=dict)


_HEADING_HINTS = ("主动公开", "申请情况", "复议", "存在", "改进", "报告", "五", "六")
_HEADING_HINT = re.compile("|".join(_HEADING_HINTS))  # one scan instead of eight


def _heading_text(line: Line) -> str:
    joined = line.joined[:80]
    if not _HEADING_HINT.search(joined):
        return ""
    return norm_label(joined).lstrip("#")


_HEAD_START = re.compile(rf"^{_NUMBER}[\u4e00-\u9fff]")


def _heading_texts(lines: list[Line], i: int) -> list[tuple[str, bool]]:
    """The line as a heading, and — for a short line — the line joined with the next one
    (a heading split over two lines or two HTML blocks: “三、收到和处理政府信息 / 公开申请情况”)."""
    line = lines[i]
    single = _heading_text(line)
    texts = [(single, True)] if single else []
    if i + 1 >= len(lines) or line.fields is not None:
        return texts
    head = norm_label(line.text[:40]).lstrip("#")
    if 2 <= len(head) <= 24 and _HEAD_START.match(head):
        texts.append((head + norm_label(lines[i + 1].joined[:60]).lstrip("#"), False))
    return texts


def _heading_index(lines: list[Line], heads: dict[str, re.Pattern[str]]) -> dict[str, int]:
    idx: dict[str, int] = {}
    h2, h3, h4 = heads["t2"], heads["t3"], heads["t4"]
    for i in range(len(lines)):
        for text, whole in _heading_texts(lines, i):
            if "t2" not in idx and "t3" not in idx and h2.match(text):
                idx["t2"] = i
            elif "t3" not in idx and h3.match(text):
                idx["t3"] = i
            elif "t3" in idx and "t4" not in idx and h4.match(text) and len(text) < 60:
                idx["t4"] = i
            elif "t4" in idx and "end" not in idx and whole and _H_END.match(text):
                idx["end"] = i
            else:
                continue
            break
        if "end" in idx:
            break  # every heading found: nothing after it can change idx
    return idx


def find_sections(lines: list[Line]) -> Sections:
    strict_index = _heading_index(lines, _STRICT)
    idx = dict(strict_index)
    if any(k not in idx for k in ("t2", "t3", "t4")):
        # headings numbered in brackets, only where their order agrees with those found
        lenient = _heading_index(lines, _LENIENT)
        keys = ("t2", "t3", "t4", "end")
        for k in keys:
            if k in idx or k not in lenient:
                continue
            before = [idx[o] for o in keys[: keys.index(k)] if o in idx]
            after = [idx[o] for o in keys[keys.index(k) + 1 :] if o in idx]
            if all(b < lenient[k] for b in before) and all(lenient[k] < a for a in after):
                idx[k] = lenient[k]
    order = [k for k in ("t2", "t3", "t4", "end") if k in idx]
    bounds: dict[str, list[Line] | None] = {"t2": None, "t3": None, "t4": None}
    for k in ("t2", "t3", "t4"):
        if k not in idx:
            continue
        later = [idx[o] for o in order if idx[o] > idx[k]]
        stop = min(later) if later else len(lines)
        start = idx[k] + 1
        if start < stop and _heading_continues(lines, idx[k]):
            start += 1  # the second half of a split heading
        bounds[k] = lines[start:stop]
    refs = {k: lines[v].ref for k, v in idx.items()}
    narrative = lines[: idx["t2"]] if "t2" in idx else []
    closing = lines[idx["end"] :] if "end" in idx else []
    return Sections(
        bounds["t2"], bounds["t3"], bounds["t4"], refs, narrative, closing, lines, strict_index
    )


def _heading_continues(lines: list[Line], i: int) -> bool:
    """The heading at line i matched only joined with the next line."""
    single = _heading_text(lines[i])
    return not any(h.match(single) for h in (_H2, _H3, _H4))


def is_format_2019(section_text: str) -> list[str]:
    folded = norm_label(section_text)
    return [m for m in FORMAT_2019_MARKERS if norm_label(m) in folded]


def glued_digits(lines: list[Line]) -> list[str]:
    """Digit strings glued to labels ("数量640020470二、"): cells that ran together."""
    found: list[str] = []
    for line in lines:
        if line.fields is None:
            for token in line.text.split():
                if _GLUED.search(token):
                    found.append(line.ref)
                    break
    return found


_ISSUED_WORDS = ("修订", "制发", "制定", "新制", "发布", "印发")
_REPEALED_WORDS = ("失效", "废止", "宣布", "清理")


def assign_by_label(
    table: str, rows: tuple[Row, ...], runs: list[Run], section_ref: str
) -> TableResult:
    """Table 二: every row is found by its own label (converters move rows around)."""
    result = TableResult()
    by_row: dict[int, list[Run]] = {}
    unlabelled: list[Run] = []
    labels = label_runs(runs, rows)
    if reading_direction(runs, labels, rows) != "before":
        placed = labels_after(runs, rows)
        if placed is None:
            zh, en = shifted_problem_texts("表二", "2")
            result.problems.append(Problem(table, [r.code for r in rows], section_ref, zh, en))
            return result
        for row_i, run in placed.items():
            cells = fit(run, len(rows[row_i].columns))
            if cells is None:
                result.problems.append(row_problem(table, rows[row_i], run.ref, len(run.cells)))
                continue
            for col, cell in zip(rows[row_i].columns, cells, strict=True):
                result.cells[(rows[row_i].code, col)] = Placed(cell)
        for row in rows:
            if not any(key[0] == row.code for key in result.cells):
                result.problems.append(
                    Problem(table, [row.code], section_ref, f"未找到“{row.label}”一行",
                            f"row {row.code} not found")
                )  # fmt: skip
        return result
    named = [lab.row for lab in labels if lab.strength in ("strong", "weak")]
    # a label on another line than its numbers counts only where every label is in order
    weak_ok = all(lab.strength != "ambiguous" for lab in labels) and all(
        a is not None and b is not None and a < b for a, b in itertools.pairwise(named)
    )
    for run, lab in zip(runs, labels, strict=True):
        if lab.row is None or (lab.strength == "weak" and not weak_ok):
            if run.filled:
                unlabelled.append(run)
            continue
        by_row.setdefault(lab.row, []).append(run)
    short: list[int] = []
    for i, row in enumerate(rows):
        found = by_row.get(i, [])
        if not found:
            continue
        if len(found) > 1:
            result.problems.append(
                Problem(
                    table,
                    [row.code],
                    found[1].ref,
                    f"“{row.label}”一行出现 {len(found)} 次，不取",
                    f"row {row.code} appears {len(found)} times: not read",
                )
            )
            continue
        cells = fit(found[0], len(row.columns))
        if cells is None:
            if len(found[0].cells) == len(row.columns) - 1:
                short.append(i)
            result.problems.append(row_problem(table, row, found[0].ref, len(found[0].cells)))
            continue
        for col, cell in zip(row.columns, cells, strict=True):
            result.cells[(row.code, col)] = Placed(cell)
    _place_floated(table, rows, by_row, short, unlabelled, result)
    for i, row in enumerate(rows):
        if i not in by_row and not any(k[0] == row.code for k in result.cells):
            result.problems.append(
                Problem(
                    table,
                    [row.code],
                    section_ref,
                    f"未找到“{row.label}”一行",
                    f"row {row.code} not found",
                )
            )
    return result


def _place_floated(
    table: str,
    rows: tuple[Row, ...],
    by_row: dict[int, list[Run]],
    short: list[int],
    unlabelled: list[Run],
    result: TableResult,
) -> None:
    """A converter that cannot fit a two-line cell ("22" + "（其中修订16件）") into a markdown
    row prints it apart and leaves the row one cell short. When the rows one cell short and the
    floating annotated cells are equally many, each floating cell goes, in order, to the row
    and to the column its note names (修订/制发 → 本年制发, 失效/废止 → 本年废止); the row's
    other cells keep their order. All cells of such a row are written as `inferred`."""
    floated = [c for run in unlabelled for c in run.cells if c.annotated]
    others = [c for run in unlabelled for c in run.cells if not c.annotated and c.kind != "empty"]
    if not short or len(floated) != len(short) or others:
        return
    for row_i, cell in zip(short, floated, strict=True):
        row = rows[row_i]
        if len(row.columns) != 3:
            return
        note = cell.text
        if any(w in note for w in _REPEALED_WORDS):
            slot = 1
        elif any(w in note for w in _ISSUED_WORDS):
            slot = 0
        else:
            return
        rest = list(by_row[row_i][0].cells)
        placed = [*rest[:slot], cell, *rest[slot:]]
        result.problems = [p for p in result.problems if p.codes != [row.code]]
        for col, c in zip(row.columns, placed, strict=True):
            result.cells[(row.code, col)] = Placed(
                c,
                "inferred",
                f"floated cell {cell.text} placed by its note into column {row.columns[slot]}",
            )
        result.inferred_notes.append(
            (
                f"表二“{row.label}”一行只印出 {len(rest)} 格，游离的“{cell.text}”按注文放入"
                f"“{row.columns[slot]}”列，其余按顺序（推断）",
                f"table 2 row {row.code} printed {len(rest)} cells; the floating cell "
                f"'{cell.text}' was placed by its note into column {row.columns[slot]}, the "
                "others in order (inferred)",
            )
        )


def extract_tables(
    lines: list[Line], template: Template
) -> tuple[Sections, dict[str, TableResult]]:
    lines = prepare_lines(lines)
    sections = find_sections(lines)
    results: dict[str, TableResult] = {}
    for key in ("t2", "t3", "t4"):
        section = getattr(sections, key)
        rows = template.rows(key)
        if section is None:
            results[key] = TableResult(
                problems=[
                    Problem(
                        key,
                        [r.code for r in rows],
                        "",
                        f"未找到表{'二三四'[int(key[1]) - 2]}的标题",
                        f"heading of table {key[1]} not found",
                    )
                ]
            )
            continue
        runs = tokenize(section)
        if key == "t3":
            results[key] = assign_ordered(
                key,
                rows,
                runs,
                sections.refs.get(key, ""),
                template.t3_groups,
                template.t3_parents,
            )
        elif key == "t4":
            results[key] = assign_table4(
                key, rows, runs, sections.refs.get(key, ""), template.t4_outcome_labels
            )
        else:
            results[key] = assign_by_label(key, rows, runs, sections.refs.get(key, ""))
    return sections, results
