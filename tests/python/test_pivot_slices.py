"""The wide rows built in slices of reports (macros/pivot_cells.sql) equal one statement's.

宽表分片构建的结果与一次构建逐行相同。

DuckDB cannot spill a pivot's lists to disk, so the wide rows of a large corpus are built in
slices, each its own statement (a post-hook inserts slices 1 …). Here the committed corpus is
built with slices of 500 cells (five slices) and compared with the session's one-statement build;
and two reports are added to the rest with slices of 100 cells, which the slices then count for
the reports being added alone (four), not for the corpus.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_harness import DbtProject, rows_only_in, write_raw_batch

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

ADDED = {"cd51d47da3a3e0a1", "5dedee5aad4d4cf5"}  # 平潭 2021, 上海 2025 (as in test_add_reports)
SLICED = {
    "intermediate": "int_report_cell_values",
    "reports": "rpt_request_handling_wide",
}


def _built_in_slices(project: DbtProject, slices: int) -> None:
    """Both sliced models ran with `slices` slices (the marker of slice 0 in the SQL run)."""
    for folder, model in SLICED.items():
        compiled = project.root / "target" / "run" / "xxgk" / "models" / folder / f"{model}.sql"
        marker = f"% {slices} = 0 /* xxgk:pivot-slice */"
        assert marker in compiled.read_text(encoding="utf-8"), model


def _equal_to_one_statement(project: DbtProject, whole: DbtProject) -> duckdb.DuckDBPyConnection:
    """The wide rows and the checks read from them equal one statement's build, row for row."""
    connection = duckdb.connect()
    connection.execute(f"attach '{project.database}' as sliced (read_only)")
    connection.execute(f"attach '{whole.database}' as whole (read_only)")
    for schema, table in (
        ("intermediate", "int_report_cell_values"),
        ("marts", "rpt_request_handling_wide"),
        ("marts", "fct_rule_checks"),
    ):
        assert rows_only_in(connection, "sliced", "whole", f"{schema}.{table}") == [0, 0], table
    return connection


def test_wide_rows_built_in_slices_equal_one_statement(
    default_project: DbtProject, tmp_path: Path
) -> None:
    project = DbtProject.copy_of_repo(tmp_path / "project")
    run = project.build("--vars", "{pivot_slice_rows: 500}")
    assert run.returncode == 0, run.output
    _built_in_slices(project, 5)
    connection = _equal_to_one_statement(project, default_project)
    reports = connection.execute("select count(*) from sliced.intermediate.int_report_cell_values")
    assert reports.fetchone() == (11,)


def test_added_reports_built_in_slices_equal_one_statement(
    default_project: DbtProject, tmp_path: Path
) -> None:
    project = DbtProject.copy_of_repo(tmp_path / "project")
    shutil.rmtree(project.raw_dir)
    write_raw_batch(project.raw_dir / "earlier", lambda report_id: report_id not in ADDED)
    assert project.build().returncode == 0
    write_raw_batch(project.raw_dir / "added", lambda report_id: report_id in ADDED)
    run = project.build("--vars", "{add_reports: true, pivot_slice_rows: 100}")
    assert run.returncode == 0, run.output
    _built_in_slices(project, 4)
    _equal_to_one_statement(project, default_project)
