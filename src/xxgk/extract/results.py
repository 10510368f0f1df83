"""What placing runs on template rows gives — 对位结果: cells placed, rows refused and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.cells import Cell, Run
from xxgk.extract.template import Row


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
    # a group of the template printed as one row: (group code, column) -> cell
    group_cells: dict[tuple[str, str], Placed] = field(default_factory=dict)
    grouped: list[str] = field(default_factory=list)  # leaf rows reported through their group


def fit(run: Run, n: int) -> list[Cell] | None:
    """The run's cells when they fill exactly n template cells, else None."""
    cells = list(run.cells)
    if run.structured and len(cells) > n:
        while len(cells) > n and cells[0].kind == "empty":
            cells.pop(0)
        while len(cells) > n and cells[-1].kind == "empty":
            cells.pop()
    return cells if len(cells) == n else None


def row_problem(table: str, row: Row, ref: str, got: int) -> Problem:
    return Problem(
        table,
        [row.code],
        ref,
        f"“{row.label}”一行读到 {got} 个值，应为 {len(row.columns)} 个，整行不取",
        f"row {row.code} has {got} values, expected {len(row.columns)}: row not read",
    )
