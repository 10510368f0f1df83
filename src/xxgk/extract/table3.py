"""Table 三: runs placed on the 25 rows by label, or by a template order the whole table
agrees with — 表三对位.

A run with a strong label (`rowlabels`) is placed on its row. Runs without one are placed by
template order between two labelled rows, only when the whole sequence is consistent with the
template order (every strong label in order, each row labelled once), their number equals the
number of rows in between, and every weak or ambiguous label among them agrees with the row
order gives it. Otherwise they are refused with the reason. A group of the template printed as
one row (（六）其他处理 in county reports and in the 2019 format) is read as that group's cells.
"""

from __future__ import annotations

import functools
import itertools

from xxgk.extract.cells import Cell, Run
from xxgk.extract.results import Placed, Problem, TableResult, fit, row_problem
from xxgk.extract.rowlabels import (
    NONE,
    RunLabel,
    label_runs,
    labels_after,
    reading_direction,
    shifted_problem_texts,
)
from xxgk.extract.template import Row, find_labels, norm_label


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


def _rows_by_line(run: Run, n: int) -> list[list[Cell]] | None:
    """A plain-text run holding several rows, cut into rows of n cells along its printed
    lines: a row starts at the start of a line; a line holds whole rows, or a row wraps over
    consecutive lines. None where the lines do not divide so (the rows cannot be told)."""
    lines: list[list[Cell]] = []
    for cell in run.cells:
        if lines and lines[-1][0].ref == cell.ref:
            lines[-1].append(cell)
        else:
            lines.append([cell])
    rows: list[list[Cell]] = []
    pending: list[Cell] = []
    for line in lines:
        if not pending and len(line) % n == 0:
            rows.extend(line[i : i + n] for i in range(0, len(line), n))
            continue
        pending.extend(line)
        if len(pending) == n:
            rows.append(pending)
            pending = []
        elif len(pending) > n:
            return None
    return rows if not pending and len(rows) > 1 else None


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
        rows = _rows_by_line(run, n) if not run.structured and k > 1 else None
        if rows is not None:
            for j, cells in enumerate(rows):
                runs2.append(Run(cells, run.pretext if j == 0 else "", cells[0].ref))
                labels2.append(lab if j == 0 else NONE)
        else:
            if run.filled == 0 and lab.row is None:
                continue  # blank alignment fields without a label: no evidence
            runs2.append(run)
            labels2.append(lab)
    return runs2, labels2


PIECE_MIN = 6  # a piece of label text this long on a row's line is evidence of its row


def _disagreements(
    gap_rows: list[int],
    labels: list[RunLabel],
    line_texts: list[str] | None = None,
    row_labels: list[str] | None = None,
) -> list[tuple[int, RunLabel]]:
    """Runs whose nearby labels contradict the rows template order gives them. A weak label
    must name its row; an ambiguous run (labels printed as a block above the numbers) must
    start a stretch of runs placed, one by one, on the block's rows in the block's order; and
    a piece of label text on the run's own line that belongs to some row's label but names no
    row alone ("行政机关不再处理其政府信息公", shared by two rows) must belong to its row's."""
    out: list[tuple[int, RunLabel]] = []
    texts = line_texts or [""] * len(gap_rows)
    all_labels = row_labels or []
    for j, (row_i, lab) in enumerate(zip(gap_rows, labels, strict=True)):
        piece = texts[j]
        foreign_piece = (
            len(piece) >= PIECE_MIN
            and row_i < len(all_labels)
            and any(piece in label for label in all_labels)
            and piece not in all_labels[row_i]
        )
        if foreign_piece or (lab.strength == "weak" and lab.row != row_i):
            out.append((row_i, lab))
        elif lab.strength == "ambiguous":
            block = list(lab.candidates)
            following = gap_rows[j : j + len(block)]
            rest = labels[j + 1 : j + len(block)]
            if following != block or any(r.strength != "none" for r in rest):
                out.append((row_i, lab))
    return out


def _numbers_follow(
    runs: list[Run], labels: list[RunLabel], index: int, assigned: set[int]
) -> bool:
    """The run after `index` holds numbers, has no label and is placed on no row."""
    nxt = index + 1
    return (
        nxt < len(runs)
        and runs[nxt].filled > 0
        and labels[nxt].strength == "none"
        and id(runs[nxt]) not in assigned
    )


def _read_labels_after(
    table: str, rows: tuple[Row, ...], runs: list[Run], section_ref: str, result: TableResult
) -> TableResult:
    """Labels printed after their numbers: each row by the label right after it, when that
    reading accounts for every run in template order; else the table is refused."""
    placed = labels_after(runs, rows)
    if placed is None:
        zh, en = shifted_problem_texts("表三", "3")
        result.problems.append(Problem(table, [r.code for r in rows], section_ref, zh, en))
        return result
    for row_i, row in enumerate(rows):
        run = placed.get(row_i)
        cells = fit(run, len(row.columns)) if run is not None else None
        if run is None:
            result.problems.append(
                Problem(table, [row.code], section_ref, f"未找到“{row.label}”一行",
                        f"row {row.code} not found")
            )  # fmt: skip
        elif cells is None:
            result.problems.append(row_problem(table, row, run.ref, len(run.cells)))
        else:
            for col, cell in zip(row.columns, cells, strict=True):
                result.cells[(row.code, col)] = Placed(cell)
    result.inferred_notes.append(
        (
            "表三的行名印在数字之后：按紧随其后的行名对位（各行顺序与模板一致）",
            "table 3 prints its labels after the numbers: rows placed by the label right "
            "after them (in template order)",
        )
    )
    return result


def assign_ordered(
    table: str,
    rows: tuple[Row, ...],
    runs: list[Run],
    section_ref: str,
    groups: tuple[Row, ...] = (),
    parents: dict[str, str] | None = None,
) -> TableResult:
    """Table 三: see the module's description. `groups` are the template's groups without
    cells of their own and `parents` the parent code of every row: a strong label naming a
    group whose leaf rows have no labelled numbers of their own reads the run as the group's
    cells (`TableResult.group_cells`), its leaves listed as `grouped`."""
    result = TableResult()
    n = len(rows[0].columns)
    search = (*rows, *groups)
    leaves = {
        len(rows) + g: [i for i, r in enumerate(rows) if (parents or {}).get(r.code) == grp.code]
        for g, grp in enumerate(groups)
    }
    row_labels = [norm_label(r.label) for r in rows]
    first_labels = label_runs(runs, search, len(rows))
    if reading_direction(runs, first_labels, search) != "before":
        return _read_labels_after(table, rows, runs, section_ref, result)
    runs2, labels2 = _merge_and_split(runs, first_labels, n)
    strong = [(i, lab.row) for i, lab in enumerate(labels2) if lab.places and lab.row is not None]
    labelled_rows = {row_i for _, row_i in strong if row_i < len(rows)}
    # a group row counts only where none of its leaves has a labelled row of its own
    spans: list[tuple[int, int, int, int]] = []  # (run index, first row, last row, label)
    subtotals: set[int] = set()  # a group's own numbers printed above its leaf rows
    for i, row_i in strong:
        if row_i < len(rows):
            spans.append((i, row_i, row_i, row_i))
        elif leaves.get(row_i) and not labelled_rows & set(leaves[row_i]):
            spans.append((i, min(leaves[row_i]), max(leaves[row_i]), row_i))
        else:
            labels2[i] = NONE  # a group heading next to its printed leaves: no row of its own
            subtotals.add(i)
    by_row: dict[int, list[int]] = {}
    for i, _, _, row_i in spans:
        by_row.setdefault(row_i, []).append(i)
    repeated = {row_i for row_i, found in by_row.items() if len(found) > 1}
    in_order = all(a[2] < b[1] for a, b in itertools.pairwise(spans))
    assignment: dict[int, Run] = {}
    for row_i in sorted(repeated):
        result.problems.append(
            Problem(
                table,
                [search[row_i].code],
                runs2[by_row[row_i][1]].ref,
                f"“{search[row_i].label}”一行出现 {len(by_row[row_i])} 次，不取",
                f"row {search[row_i].code} appears {len(by_row[row_i])} times: not read",
            )
        )
    if in_order and not repeated:
        anchors = [(-1, -1, -1, -1), *spans, (len(runs2), len(rows), len(rows), -1)]
        stray: list[int] = []  # whole rows of numbers that no row is left for
        for (ri, _, last, label), (rj, first2, _, _) in itertools.pairwise(anchors):
            if 0 <= ri < len(runs2):
                assignment[label] = runs2[ri]
            gap_rows = list(range(last + 1, first2))
            gap_idx = list(range(ri + 1, rj))
            if not gap_rows:
                stray += [
                    k
                    for k in gap_idx
                    if runs2[k].filled and len(runs2[k].cells) >= n and k not in subtotals
                ]
                continue
            ref = (
                runs2[gap_idx[0]].ref
                if gap_idx
                else (runs2[ri].ref if 0 <= ri < len(runs2) else section_ref)
            )
            # the gap's problem, with why (zh, en) when there is more to say than the counts
            gap_problem = functools.partial(_gap_problem, table, rows, gap_rows, len(gap_idx), ref)
            if len(gap_idx) != len(gap_rows):
                result.problems.append(gap_problem())
                whole = [k for k in gap_idx if runs2[k].filled and len(runs2[k].cells) >= n]
                if len(whole) > len(gap_rows):  # more rows of numbers than rows: inconsistent
                    stray += whole[len(gap_rows) :]
                continue
            misfits = [k for k in gap_idx if fit(runs2[k], n) is None]
            if misfits:  # a run that is no whole row: the runs and rows do not pair one to one
                result.problems.append(
                    gap_problem(
                        f"（其中一组有 {len(runs2[misfits[0]].cells)} 个数字，不是整行）",
                        f" (one group has {len(runs2[misfits[0]].cells)} values, not a whole row)",
                    )
                )
                continue
            disagree = _disagreements(
                gap_rows,
                [labels2[k] for k in gap_idx],
                [runs2[k].linetext for k in gap_idx],
                row_labels,
            )
            if disagree:
                row_i, lab = disagree[0]
                named = (
                    search[lab.row].label
                    if lab.row is not None
                    else "、".join(search[c].label for c in lab.candidates)
                )
                result.problems.append(
                    gap_problem(
                        f"（按顺序应为“{rows[row_i].label}”，旁边的行名却是“{named}”）",
                        f" (by order it would be {rows[row_i].code}, but the label next to "
                        "it names another row)",
                    )
                )
                continue
            for row_i, k in zip(gap_rows, gap_idx, strict=True):
                assignment[row_i] = runs2[k]
        if stray:
            # rows of numbers left over: only rows whose label stands on their own line stay
            kept = {
                row_i: run
                for row_i, run in assignment.items()
                if any(h.row == row_i for h in find_labels(run.linetext, search))
            }
            dropped = [r for r in sorted(assignment) if r not in kept and r < len(rows)]
            assignment = kept
            result.problems.append(
                Problem(
                    table,
                    [rows[r].code for r in dropped],
                    runs2[stray[0]].ref,
                    f"表三有 {len(stray)} 组整行的数字没有对应的行（行名与数字的对应不可靠）："
                    f"只取行名与数字同在一行的行，其余 {len(dropped)} 行不取",
                    f"table 3 has {len(stray)} whole rows of numbers that no row is left for "
                    "(labels and numbers do not correspond reliably): only rows printed with "
                    f"their label on the same line are read, {len(dropped)} others not",
                )
            )
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
        covered = {r for _, first, last, _ in spans for r in range(first, last + 1)}
        missing_rows = [i for i in range(len(rows)) if i not in covered]
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
    position = {id(run): i for i, run in enumerate(runs2)}
    assigned = {id(run) for run in assignment.values()}
    for row_i, run in sorted(assignment.items()):
        row = search[row_i]
        cells = fit(run, n)
        if run.filled == 0 and _numbers_follow(runs2, labels2, position[id(run)], assigned):
            result.problems.append(
                Problem(
                    table,
                    [row.code],
                    run.ref,
                    f"“{row.label}”一行印成空白，下一行却是没有行名的数字：无法确定，不取",
                    f"row {row.code} printed blank, followed by numbers without a label: "
                    "cannot tell which, not read",
                )
            )
            continue
        if cells is None:
            result.problems.append(row_problem(table, row, run.ref, len(run.cells)))
            continue
        if row_i >= len(rows):
            for col, cell in zip(rows[0].columns, cells, strict=True):
                result.group_cells[(row.code, col)] = Placed(cell)
            result.grouped.extend(rows[leaf].code for leaf in leaves[row_i])
            continue
        for col, cell in zip(row.columns, cells, strict=True):
            result.cells[(row.code, col)] = Placed(cell)
    return result
