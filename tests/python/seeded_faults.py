"""The seeded faults of the session's broken build (conftest.py: `broken_project`).

在项目副本的原始语料中植入两个错误，供 GX、构建与浏览器测试使用：

* report 004 (31c532c0695f4145): 一、本年新收 +3 in the 自然人 and 总计 columns — breaks the
  balance (T3_BALANCE) in those two columns and nothing else (the applicant total still holds);
* report 001 (0f3cd633eeeb4fbc): 行政复议 结果维持 1, 其他结果 −1 — a negative cell
  (CELL_NON_NEGATIVE) whose block total still holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

from dbt_harness import RAW_DIR

BALANCE_REPORT = "31c532c0695f4145"
NEGATIVE_REPORT = "0f3cd633eeeb4fbc"
# (suite, rule_id) of every expectation the broken fixture must fail — and no other
BROKEN_EXPECTATIONS = {
    ("rule_T3_BALANCE", "T3_BALANCE"),
    ("fct_review_litigation", "CELL_NON_NEGATIVE"),
}


def edit_seed(
    path: Path, key_columns: tuple[str, ...], changes: dict[tuple[str, ...], str]
) -> None:
    """Set cell_text of the rows whose key columns match, keeping the file's format."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    pending = dict(changes)
    for row in rows:
        key = tuple(row[column] for column in key_columns)
        if key in pending:
            row["cell_text"] = pending.pop(key)
    assert not pending, f"rows not found in {path.name}: {sorted(pending)}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _cell(path: Path, key_columns: tuple[str, ...], key: tuple[str, ...]) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if tuple(row[column] for column in key_columns) == key:
                return int(row["cell_text"])
    raise KeyError(key)


def break_seeds(root: Path) -> None:
    cells = root / RAW_DIR / "raw_cells.csv"
    keys = ("report_id", "table_code", "row_code", "column_code")
    changes = {}
    for applicant in ("natural_person", "total"):
        key = (BALANCE_REPORT, "t3", "new_received", applicant)
        changes[key] = str(_cell(cells, keys, key) + 3)
    assert _cell(cells, keys, (NEGATIVE_REPORT, "t4", "admin_review", "total")) == 0
    changes[(NEGATIVE_REPORT, "t4", "admin_review", "upheld")] = "1"
    changes[(NEGATIVE_REPORT, "t4", "admin_review", "other")] = "-1"
    edit_seed(cells, keys, changes)
