"""Runs → template cells for tables 二, 三 and 四 — 表格定位与单元格对位.

Sections are found by their headings. In each section the runs of cell tokens are matched to
template rows: by the row labels printed before them (checked against the labels of
template_codes.csv) and, between two labelled rows, by order when the number of unlabelled
runs equals the number of rows in between. A row whose run does not have exactly the
template's number of cells is never guessed: its cells are reported missing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from xxgk.extract.cells import PAGE_MARKER, Cell, Line, Run, tokenize
from xxgk.extract.rowlabels import NONE, RunLabel, label_runs
from xxgk.extract.template import Row, Template, norm_label

# a table heading's number as printed: 三、 / 3. / 表三： / 表3 / （三） — reports renumber their
# tables (三 printed as 四, tables numbered 1/2/3), so the number itself is not checked
_NUMBER = r"(?:表?[一二三四五六七八九十\d]{1,2}[、.:]?|\([一二三四五六七八九十\d]{1,2}\))?:?"
_H2 = re.compile(rf"^{_NUMBER}主动公开政府信息(?:情况|统计)")
_H3 = re.compile(rf"^{_NUMBER}收到和处理政府信息公开申请(?:情况|统计)")
_H4 = re.compile(rf"^{_NUMBER}(?:因)?政府信息公开.{{0,12}}?行政法?复议")
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
_GLUED = re.compile(r"(?:[\u4e00-\u9fff)）]\d{3,}|\d{3,}[\u4e00-\u9fff(（])")


@dataclass(slots=True)
class Placed:
    cell: Cell
    provenance: str = "read"
    note: str = ""


@dataclass
class Problem:
    table: str
    codes: list[str]  # row codes affected (all their cells missing)
    ref: str
    zh: str
    en: str


@dataclass
class TableResult:
    cells: dict[tuple[str, str], Placed] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    inferred_notes: list[tuple[str, str]] = field(default_factory=list)


def prepare_lines(lines: list[Line]) -> list[Line]:
    """Drop page markers ("- 3 -", "— 4 —") and split run-together text before headings."""
    out: list[Line] = []
    for line in lines:
        if line.fields is None:
            if PAGE_MARKER.match(line.text):
                continue
            parts = [q for p in _SPLIT.split(line.text) for q in _HEADING_END.split(p)]
            out.extend(Line(p, line.ref) for p in parts if p.strip())
        else:
            if re.fullmatch(r"\s*\|?\s*:?-{3,}.*", line.text or "") and not any(
                re.search(r"\w", f or "") for f in line.fields
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


_HEADING_HINTS = ("主动公开", "申请情况", "复议", "存在", "改进", "报告", "五", "六")


def _heading_text(line: Line) -> str:
    joined = line.joined[:80]
    if not any(h in joined for h in _HEADING_HINTS):
        return ""
    return norm_label(joined).lstrip("#")


_HEAD_START = re.compile(rf"^{_NUMBER}[\u4e00-\u9fff]")


def _heading_texts(lines: list[Line], i: int) -> list[tuple[str, bool]]:
    """The line as a heading, and — for a short line — the line joined with the next one
    (a heading split over two lines or two HTML blocks: “三、收到和处理政府信息 / 公开申请情况”)."""
    texts = [(_heading_text(lines[i]), True)]
    head = norm_label(lines[i].joined[:40]).lstrip("#")
    if (
        2 <= len(head) <= 24
        and i + 1 < len(lines)
        and lines[i].fields is None
        and _HEAD_START.match(head)
    ):
        texts.append((head + norm_label(lines[i + 1].joined[:60]).lstrip("#"), False))
    return [(t, whole) for t, whole in texts if t]


def find_sections(lines: list[Line]) -> Sections:
    idx: dict[str, int] = {}
    for i in range(len(lines)):
        for text, whole in _heading_texts(lines, i):
            if "t2" not in idx and "t3" not in idx and _H2.match(text):
                idx["t2"] = i
            elif "t3" not in idx and _H3.match(text):
                idx["t3"] = i
            elif "t3" in idx and "t4" not in idx and _H4.match(text) and len(text) < 60:
                idx["t4"] = i
            elif "t4" in idx and "end" not in idx and whole and _H_END.match(text):
                idx["end"] = i
            else:
                continue
            break
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
    return Sections(bounds["t2"], bounds["t3"], bounds["t4"], refs, narrative)


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


def _label_match(text: str, rows: tuple[Row, ...]) -> tuple[int, int] | None:
    """(row index, position) of the row whose label occurs last in `text`."""
    best: tuple[int, int, int] | None = None
    for i, row in enumerate(rows):
        for frag in row.fragments:
            pos = text.rfind(frag)
            if pos >= 0:
                cand = (pos, len(frag), i)
                if best is None or cand[:2] > best[:2]:
                    best = cand
    return (best[2], best[0]) if best else None


def _fit(run: Run, n: int) -> list[Cell] | None:
    """The run's cells when they fill exactly n template cells, else None."""
    cells = list(run.cells)
    if run.structured and len(cells) > n:
        while len(cells) > n and cells[0].kind == "empty":
            cells.pop(0)
        while len(cells) > n and cells[-1].kind == "empty":
            cells.pop()
    return cells if len(cells) == n else None


def _lis(items: list[tuple[int, int]]) -> set[int]:
    """Indices (into items) of a longest strictly increasing subsequence by row index."""
    if not items:
        return set()
    best = [1] * len(items)
    prev = [-1] * len(items)
    for j in range(len(items)):
        for i in range(j):
            if items[i][1] < items[j][1] and best[i] + 1 > best[j]:
                best[j], prev[j] = best[i] + 1, i
    k = max(range(len(items)), key=lambda x: (best[x], -x))
    chosen: set[int] = set()
    while k >= 0:
        chosen.add(items[k][0])
        k = prev[k]
    return chosen


def _row_problem(table: str, row: Row, ref: str, got: int) -> Problem:
    return Problem(
        table,
        [row.code],
        ref,
        f"“{row.label}”一行读到 {got} 个值，应为 {len(row.columns)} 个，整行不取",
        f"row {row.code} has {got} values, expected {len(row.columns)}: row not read",
    )


def _gap_problem(
    table: str,
    rows: tuple[Row, ...],
    gap_rows: list[int],
    n_runs: int,
    ref: str,
    why_zh: str = "",
    why_en: str = "",
) -> Problem:
    labels_zh = "、".join(rows[i].label for i in gap_rows[:3]) + ("…" if len(gap_rows) > 3 else "")
    codes = ", ".join(rows[i].code for i in gap_rows[:3]) + ("…" if len(gap_rows) > 3 else "")
    return Problem(
        table,
        [rows[i].code for i in gap_rows],
        ref,
        f"{len(gap_rows)} 行（{labels_zh}）对应 {n_runs} 组无行名的数字，无法对位，不取{why_zh}",
        f"{len(gap_rows)} rows ({codes}) against {n_runs} unlabelled "
        f"groups of numbers: cannot be placed, not read{why_en}",
    )


def _merge_and_split(
    runs: list[Run], labels: list[RunLabel], n: int
) -> tuple[list[Run], list[RunLabel]]:
    """Merge a short run with an unlabelled continuation (numbers of one row split by a label
    fragment, e.g. "…情形） 26 0 0 0 0 1 / 27"); split plain-text runs that hold k whole rows
    without labels between them; drop unlabelled runs of blank alignment fields."""
    merged: list[Run] = []
    merged_labels: list[RunLabel] = []
    for run, lab in zip(runs, labels, strict=True):
        if (
            merged
            and lab.strength == "none"
            and not run.delimited
            and not merged[-1].delimited
            and len(merged[-1].cells) < n
            and len(merged[-1].cells) + len(run.cells) == n
        ):
            merged[-1] = Run(merged[-1].cells + run.cells, merged[-1].pretext, merged[-1].ref)
            continue
        merged.append(run)
        merged_labels.append(lab)
    runs2: list[Run] = []
    labels2: list[RunLabel] = []
    for run, lab in zip(merged, merged_labels, strict=True):
        k = len(run.cells) // n
        if not run.structured and k > 1 and len(run.cells) == k * n:
            for j in range(k):
                runs2.append(
                    Run(run.cells[j * n : (j + 1) * n], run.pretext if j == 0 else "", run.ref)
                )
                labels2.append(lab if j == 0 else NONE)
        else:
            if run.filled == 0 and lab.row is None:
                continue  # blank alignment fields without a label: no evidence
            runs2.append(run)
            labels2.append(lab)
    return runs2, labels2


def _disagreements(gap_rows: list[int], labels: list[RunLabel]) -> list[tuple[int, RunLabel]]:
    """Runs whose nearby labels contradict the rows template order gives them. A weak label
    must name its row; an ambiguous run (labels printed as a block above the numbers) must
    start a stretch of runs placed, one by one, on the block's rows in the block's order."""
    out: list[tuple[int, RunLabel]] = []
    for j, (row_i, lab) in enumerate(zip(gap_rows, labels, strict=True)):
        if lab.strength == "weak" and lab.row != row_i:
            out.append((row_i, lab))
        elif lab.strength == "ambiguous":
            block = list(lab.candidates)
            following = gap_rows[j : j + len(block)]
            rest = labels[j + 1 : j + len(block)]
            if following != block or any(r.strength != "none" for r in rest):
                out.append((row_i, lab))
    return out


def assign_ordered(
    table: str, rows: tuple[Row, ...], runs: list[Run], section_ref: str
) -> TableResult:
    """Table 三. A run with a strong label (`rowlabels`) is placed on its row. Runs without one
    are placed by template order between two labelled rows, only when the whole sequence is
    consistent with the template order — every strong label in order, each row labelled once —
    their number equals the number of rows in between, and every weak or ambiguous label among
    them agrees with the row order gives it. Otherwise they are refused with the reason."""
    result = TableResult()
    n = len(rows[0].columns)
    runs2, labels2 = _merge_and_split(runs, label_runs(runs, rows), n)
    strong = [(i, lab.row) for i, lab in enumerate(labels2) if lab.places and lab.row is not None]
    by_row: dict[int, list[int]] = {}
    for i, row_i in strong:
        by_row.setdefault(row_i, []).append(i)
    repeated = {row_i for row_i, found in by_row.items() if len(found) > 1}
    in_order = all(a[1] < b[1] for a, b in itertools.pairwise(strong))
    assignment: dict[int, Run] = {}
    for row_i in sorted(repeated):
        result.problems.append(
            Problem(
                table,
                [rows[row_i].code],
                runs2[by_row[row_i][1]].ref,
                f"“{rows[row_i].label}”一行出现 {len(by_row[row_i])} 次，不取",
                f"row {rows[row_i].code} appears {len(by_row[row_i])} times: not read",
            )
        )
    if in_order and not repeated:
        anchors = [(-1, -1), *strong, (len(runs2), len(rows))]
        for (ri, rrow), (rj, rrow2) in itertools.pairwise(anchors):
            if 0 <= ri < len(runs2):
                assignment[rrow] = runs2[ri]
            gap_rows = list(range(rrow + 1, rrow2))
            gap_idx = list(range(ri + 1, rj))
            if not gap_rows:
                continue
            ref = (
                runs2[gap_idx[0]].ref
                if gap_idx
                else (runs2[ri].ref if 0 <= ri < len(runs2) else section_ref)
            )
            if len(gap_idx) != len(gap_rows):
                result.problems.append(_gap_problem(table, rows, gap_rows, len(gap_idx), ref))
                continue
            disagree = _disagreements(gap_rows, [labels2[k] for k in gap_idx])
            if disagree:
                row_i, lab = disagree[0]
                named = (
                    rows[lab.row].label
                    if lab.row is not None
                    else "、".join(rows[c].label for c in lab.candidates)
                )
                result.problems.append(
                    _gap_problem(
                        table,
                        rows,
                        gap_rows,
                        len(gap_idx),
                        ref,
                        f"（按顺序应为“{rows[row_i].label}”，旁边的行名却是“{named}”）",
                        f" (by order it would be {rows[row_i].code}, but the label next to "
                        "it names another row)",
                    )
                )
                continue
            for row_i, k in zip(gap_rows, gap_idx, strict=True):
                assignment[row_i] = runs2[k]
    else:
        for row_i, found in by_row.items():
            if row_i not in repeated:
                assignment[row_i] = runs2[found[0]]
        placed_idx = {found[0] for found in by_row.values()}
        loose = [
            i
            for i, run in enumerate(runs2)
            if i not in placed_idx and run.filled and not labels2[i].places
        ]
        missing_rows = [i for i in range(len(rows)) if i not in by_row]
        if missing_rows:
            ref = runs2[loose[0]].ref if loose else section_ref
            result.problems.append(
                _gap_problem(
                    table,
                    rows,
                    missing_rows,
                    len(loose),
                    ref,
                    "（表中各行不按模板顺序，不能按顺序对位）",
                    " (the rows are not in template order, so order cannot place them)",
                )
            )
    for row_i, run in sorted(assignment.items()):
        row = rows[row_i]
        cells = _fit(run, len(row.columns))
        if cells is None:
            result.problems.append(_row_problem(table, row, run.ref, len(run.cells)))
            continue
        for col, cell in zip(row.columns, cells, strict=True):
            result.cells[(row.code, col)] = Placed(cell)
    return result


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
        cells = _fit(found[0], len(row.columns))
        if cells is None:
            if len(found[0].cells) == len(row.columns) - 1:
                short.append(i)
            result.problems.append(_row_problem(table, row, found[0].ref, len(found[0].cells)))
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


def assign_single_row(
    table: str, rows: tuple[Row, ...], runs: list[Run], section_ref: str
) -> TableResult:
    """Table 四: one row of 15 cells, whatever the header layout; all or nothing."""
    result = TableResult()
    row = rows[0]
    n = sum(len(r.columns) for r in rows)
    cells: list[Cell] = []
    structured_runs = [r for r in runs if r.filled]
    for run in structured_runs:
        cells.extend(run.cells)
    if len(cells) > n and all(r.structured for r in structured_runs):
        fitted = [_fit(r, n) for r in structured_runs]
        ok = [f for f in fitted if f is not None]
        if len(ok) == 1:
            cells = ok[0]
    if len(cells) != n:
        ref = structured_runs[0].ref if structured_runs else section_ref
        result.problems.append(
            Problem(
                table,
                [r.code for r in rows],
                ref,
                f"表四读到 {len(cells)} 个值，应为 {n} 个，整表不取",
                f"table 4 has {len(cells)} values, expected {n}: table not read",
            )
        )
        return result
    it = iter(cells)
    for r in rows:
        for col in r.columns:
            result.cells[(r.code, col)] = Placed(next(it))
    del row
    return result


def extract_tables(
    lines: list[Line], template: Template
) -> tuple[Sections, dict[str, TableResult]]:
    lines = prepare_lines(lines)
    sections = find_sections(lines)
    results: dict[str, TableResult] = {}
    for key, assign in (("t2", assign_by_label), ("t3", assign_ordered), ("t4", assign_single_row)):
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
        results[key] = assign(key, rows, runs, sections.refs.get(key, ""))
    return sections, results
