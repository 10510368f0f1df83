"""The key tests' DuckDB form (macros/test_unique_combination.sql) finds exactly the duplicates
dbt's plain query finds: grouped by a hash first, then by the key itself.
主键测试在 DuckDB 上先按哈希分组再复核：结果与 dbt 的直接分组完全相同。"""

from __future__ import annotations

import json

import pytest
from dbt_harness import DbtProject

pytestmark = pytest.mark.dbt

# Keys with a repeated pair, a triple, NULLs (not duplicates for `unique`, a group for the
# composite key as for dbt's plain query) and keys that differ only in one column.
ROWS = (
    "(select * from (values ('a', 1), ('a', 1), ('a', 2), ('b', 1), ('b', 1), ('b', 1),"
    " (null, 1), (null, 1), (null, null), ('c', null), ('c', null)) as keys(k, n))"
)


def _show(project: DbtProject, sql: str) -> list[dict]:
    run = project.dbt("show", "--inline", sql, "--limit", "-1", "--output", "json", "--quiet")
    assert run.returncode == 0, run.output
    return json.loads(run.output[run.output.index("{") :])["show"]


def _rows(rows: list[dict], form: str) -> set[tuple]:
    return {tuple(row[key] for key in row if key != "form") for row in rows if row["form"] == form}


def test_duckdb_key_tests_find_exactly_the_plain_querys_duplicates(
    default_project: DbtProject,
) -> None:
    unique = _show(
        default_project,
        f"select 'dbt' as form, * from ({{{{ dbt.default__test_unique(\"{ROWS}\", 'k') }}}})"
        " union all "
        f"select 'project', * from ({{{{ test_unique(\"{ROWS}\", 'k') }}}})",
    )
    assert _rows(unique, "project") == _rows(unique, "dbt") == {("a", 3), ("b", 3), ("c", 2)}

    combination = _show(
        default_project,
        "select 'plain' as form, * from"
        f" ({{{{ default__duplicate_keys(\"{ROWS}\", ['k', 'n'], 'true', 'occurrences') }}}})"
        " union all "
        f"select 'project', * from ({{{{ test_unique_combination(\"{ROWS}\", ['k', 'n']) }}}})",
    )
    expected = {("a", 1, 2), ("b", 1, 3), (None, 1, 2), ("c", None, 2)}
    assert _rows(combination, "project") == _rows(combination, "plain") == expected
