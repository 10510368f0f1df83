"""Table 四: 15 cells, placed only where the layout says which is which — 表四对位.

The template prints table 四 as one row of 15 numbers under a three-level header; that row (or
its numbers wrapped over several lines, with no label between them) is read in template order.
Reports also print it as three rows, one per proceeding (行政复议 / 未经复议直接起诉 / 复议后起诉,
five numbers each, in any order): each row is then placed by its label. A table printed the
other way round — one row per outcome (结果维持 …, three numbers each) — is refused: its column
order cannot be told from the header with certainty. Anything else is refused with the reason.
"""

from __future__ import annotations

from xxgk.extract.cells import Cell, Run
from xxgk.extract.results import Placed, Problem, TableResult, fit
from xxgk.extract.template import Row, find_labels, norm_label


def _proceeding(run: Run, rows: tuple[Row, ...]) -> int | None:
    """The proceeding named last before the run's numbers: on its line, else before it."""
    for text in (run.linetext, run.pretext):
        hits = find_labels(text, rows)
        if hits:
            return hits[-1].row
    return None


def _names_outcome(run: Run, outcomes: tuple[Row, ...]) -> bool:
    return bool(find_labels(run.linetext or run.pretext, outcomes))


def _problem(table: str, rows: tuple[Row, ...], ref: str, zh: str, en: str) -> TableResult:
    result = TableResult()
    result.problems.append(Problem(table, [r.code for r in rows], ref, zh, en))
    return result


def assign_table4(
    table: str,
    rows: tuple[Row, ...],
    runs: list[Run],
    section_ref: str,
    outcome_labels: dict[str, str] | None = None,
) -> TableResult:
    n = sum(len(r.columns) for r in rows)
    filled = [r for r in runs if r.filled]
    ref = filled[0].ref if filled else section_ref
    outcomes = tuple(
        Row(table, code, i, label, (), (norm_label(label),))
        for i, (code, label) in enumerate((outcome_labels or {}).items())
    )
    width = len(rows[0].columns)
    if len(filled) > 1:
        proceedings = [_proceeding(r, rows) for r in filled]
        later = filled[1:]
        if (
            len(filled) >= 3
            and all(len(r.cells) == len(rows) for r in filled)
            and all(_names_outcome(r, outcomes) and _proceeding(r, rows) is None for r in later)
        ):
            return _problem(
                table,
                rows,
                ref,
                "表四按结果分行（行列与模板相反），列的顺序无法确定，整表不取",
                "table 4 is printed one row per outcome (transposed): its column order "
                "cannot be told, table not read",
            )
        if any(p is not None for p in proceedings[1:]):
            return _by_proceeding(table, rows, filled, proceedings, width, ref)
    cells: list[Cell] = [c for run in filled for c in run.cells]
    if len(cells) > n and all(r.structured for r in filled):
        fitted = [fit(r, n) for r in filled]
        ok = [f for f in fitted if f is not None]
        if len(ok) == 1:
            cells = ok[0]
    if len(cells) != n:
        return _problem(
            table,
            rows,
            ref,
            f"表四读到 {len(cells)} 个值，应为 {n} 个，整表不取",
            f"table 4 has {len(cells)} values, expected {n}: table not read",
        )
    result = TableResult()
    it = iter(cells)
    for r in rows:
        for col in r.columns:
            result.cells[(r.code, col)] = Placed(next(it))
    return result


def _by_proceeding(
    table: str,
    rows: tuple[Row, ...],
    filled: list[Run],
    own: list[int | None],
    width: int,
    ref: str,
) -> TableResult:
    """One row per proceeding, each placed by its label: all three, once each, 5 cells each."""
    placed: dict[int, list[Cell]] = {}
    for run, label in zip(filled, own, strict=True):
        cells = fit(run, width)
        if label is None or cells is None or label in placed:
            return _problem(
                table,
                rows,
                run.ref,
                "表四分行印出，但有一行的行名或数字个数与模板不符，整表不取",
                "table 4 is printed in rows, but a row's label or number of values does not "
                "fit the template: table not read",
            )
        placed[label] = cells
    if len(placed) != len(rows):
        return _problem(
            table,
            rows,
            ref,
            f"表四分行印出，只找到 {len(placed)} 行，整表不取",
            f"table 4 is printed in rows, only {len(placed)} found: table not read",
        )
    result = TableResult()
    for i, row in enumerate(rows):
        for col, cell in zip(row.columns, placed[i], strict=True):
            result.cells[(row.code, col)] = Placed(cell)
    return result
