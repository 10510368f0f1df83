"""Which template row a run of numbers belongs to, by the labels printed before it — 行名对位.

A run's *own* label is the last row label (or label variant of `template_codes.csv`'s `aliases`
column) printed before its numbers since the previous run. How much that label is worth:

- `strong`: the label stands on the same line (table row) as the numbers, or — in plain text,
  where PDF text prints labels on the lines above their numbers — it is the only row label
  between the previous run and this one. A strong label places the row by itself.
- `weak`: a delimited or structured row of numbers with no label of its own, after label text
  on earlier lines (PDF-to-markdown converters print a row's label apart from its numbers and
  sometimes out of order). A weak label never places a row: it only has to agree with the
  place that template order gives the run.
- `ambiguous`: several row labels stand before the numbers (labels printed as a block, numbers
  below): the run is unlabelled, and may be placed by order only onto one of those rows.

The tail of the previous run's label (a label wrapped around its numbers) is not a label of
this run.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from xxgk.extract.cells import Run
from xxgk.extract.template import Row, find_labels, norm_label


@dataclass(frozen=True)
class RunLabel:
    row: int | None  # the row the own label names (None: no label)
    strength: str  # "strong" | "weak" | "ambiguous" | "none"
    candidates: tuple[int, ...] = ()  # rows named before the numbers (ambiguous runs)

    @property
    def places(self) -> bool:
        return self.strength == "strong"


NONE = RunLabel(None, "none")


def label_runs(runs: list[Run], rows: tuple[Row, ...], n_cell_rows: int = 0) -> list[RunLabel]:
    """The label of every run. Rows from index `n_cell_rows` on (when given) are groups: a
    group's label counts only as the last label before the numbers (elsewhere it is the
    heading of the leaf rows printed after it)."""
    out: list[RunLabel] = []
    prev_row: int | None = None
    groups_from = n_cell_rows or len(rows)
    for run in runs:
        hits = find_labels(run.pretext, rows)
        hits = [h for j, h in enumerate(hits) if h.row < groups_from or j == len(hits) - 1]
        if prev_row is not None and hits and hits[0].row == prev_row:
            piece = run.pretext[hits[0].start : hits[0].end]
            whole = norm_label(rows[prev_row].label)
            if piece != whole and whole.endswith(piece):
                hits = hits[1:]  # the wrapped tail of the previous run's label
        if not hits:
            out.append(NONE)
            prev_row = None
            continue
        own = hits[-1].row
        rows_named = tuple(dict.fromkeys(h.row for h in hits))
        on_line = any(h.row == own for h in find_labels(run.linetext, rows))
        if run.delimited or run.structured:
            if on_line:
                label = RunLabel(own, "strong")
            elif len(rows_named) == 1:
                label = RunLabel(own, "weak")
            else:
                label = RunLabel(None, "ambiguous", rows_named)
        elif len(rows_named) == 1:
            label = RunLabel(own, "strong")
        else:
            label = RunLabel(None, "ambiguous", rows_named)
        out.append(label)
        prev_row = label.row
    return out


def labels_follow_numbers(runs: list[Run], labels: list[RunLabel], rows: tuple[Row, ...]) -> bool:
    """Plain text whose labels are printed after their numbers (or out of step with them): the
    first run of numbers has no row label before it, yet a row label follows the last run.
    Placing rows by the label before the numbers would shift every row by one."""
    filled = [i for i, run in enumerate(runs) if run.filled]
    if not filled:
        return False
    first, last = filled[0], filled[-1]
    if runs[first].delimited or runs[first].structured:
        return False
    before = labels[first].strength != "none"
    after = bool(find_labels(runs[last].posttext, rows))
    return not before and after


def shifted_problem_texts(table_zh: str, table_en: str) -> tuple[str, str]:
    return (
        f"{table_zh}的行名印在数字之后（或与数字错位）：不能按行名对位，整表不取",
        f"table {table_en} prints its row labels after the numbers (or out of step with "
        "them): rows cannot be placed by label, table not read",
    )


def labels_after(
    runs: list[Run], rows: tuple[Row, ...], last_may_lack: bool = False
) -> dict[int, Run] | None:
    """Where labels follow their numbers: each run of numbers placed on the one row named
    right after it — only when every run with numbers has exactly one such row (the last one
    excepted with `last_may_lack`), the rows come in template order and none twice; otherwise
    None (the table is refused)."""
    placed: dict[int, Run] = {}
    previous = -1
    filled = [i for i, run in enumerate(runs) if run.filled]
    for i, run in enumerate(runs):
        if not run.filled:
            continue
        after = runs[i + 1].pretext if i + 1 < len(runs) else run.posttext
        named = {h.row for h in find_labels(after, rows)}
        if not named and last_may_lack and i == filled[-1]:
            break
        if len(named) != 1:
            return None
        row = named.pop()
        if row <= previous:
            return None
        placed[row] = run
        previous = row
    return placed or None


def _single_after(runs: list[Run], i: int, rows: tuple[Row, ...]) -> int | None:
    after = runs[i + 1].pretext if i + 1 < len(runs) else runs[i].posttext
    named = {h.row for h in find_labels(after, rows)}
    return named.pop() if len(named) == 1 else None


def _in_order(named: list[int | None]) -> int:
    """How many of the rows named can stand in template order (longest increasing run)."""
    best: list[int] = []
    for row in named:
        if row is None:
            continue
        pos = bisect.bisect_left(best, row)
        if pos == len(best):
            best.append(row)
        else:
            best[pos] = row
    return len(best)


def reading_direction(runs: list[Run], labels: list[RunLabel], rows: tuple[Row, ...]) -> str:
    """Whether plain text prints its labels before their numbers ("before"), after them
    ("after"), or cannot be told ("neither": the table is refused, for read the wrong way
    every row would shift by one). Tables of rows with their labels on the same line are
    "before". "after" only where reading each run by the label right after it accounts for
    every run in template order while reading by the label before does not; "neither" where
    the first run has no label before it but the others one after, where labels are left
    after the last run, or where the labels before are out of order and those after are not.
    """
    filled = [i for i, run in enumerate(runs) if run.filled]
    if not filled or runs[filled[0]].delimited or runs[filled[0]].structured:
        return "before"
    named = [labels[i].row for i in filled]
    on_line = sum(
        1
        for i in filled
        if labels[i].row is not None
        and any(h.row == labels[i].row for h in find_labels(runs[i].linetext, rows))
    )
    if 2 * on_line >= len(filled):
        return "before"  # labels printed on the lines of their numbers
    before_rows = [r for r in named if r is not None]
    before_in_order = all(a < b for a, b in itertools.pairwise(before_rows))
    before_ok = (
        all(labels[i].strength == "strong" for i in filled)
        and before_in_order
        and not find_labels(runs[filled[-1]].posttext, rows)
    )
    if before_ok:
        return "before"
    if labels_after(runs, rows) is not None:
        return "after"
    if labels[filled[0]].strength == "none" and labels_after(runs, rows, last_may_lack=True):
        return "neither"
    if labels_follow_numbers(runs, labels, rows):
        return "neither"
    after_named = [_single_after(runs, i, rows) for i in filled]
    after_rows = [r for r in after_named if r is not None]
    after_in_order = len(after_rows) >= 2 and all(a < b for a, b in itertools.pairwise(after_rows))
    if (not before_in_order and after_in_order) or _in_order(after_named) > _in_order(named):
        return "neither"
    return "before"
