"""Adding reports to a built database: `xxgk build --add-reports` (macros/increments.sql).

追加报告：先构建缺两份报告的语料，再追加这两份，结果须与整体构建逐行相同。

The committed corpus less two reports is built, then the two are added with `--add-reports`:
平潭 2021, a late report of an earlier year (平潭 2022's cross-year checks must be redone with
it), and 上海 2025, a new year. Every table of the marts, the intermediate layer and staging then
equals a full `dbt build` of the whole corpus row for row — but rpt_findings_diff, which compares
with the previous build by design. A changed project makes `--add-reports` build everything; a
report removed since the previous build stops the build and leaves the previous database.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_harness import RAW_DIR, REPO, DbtProject, DbtRun, rows_only_in

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

LATE_REPORT = "cd51d47da3a3e0a1"  # 平潭综合实验区 2021 (its 2022 report compares with it)
NEW_YEAR_REPORT = "5dedee5aad4d4cf5"  # 上海市人民政府办公厅 2025
NOT_COMPARED = {"rpt_findings_diff"}  # the difference from the previous build, by design
CARRIED = "only the new reports are built"
EVERYTHING = "building everything"


def _write_corpus(raw_dir: Path, without: set[str]) -> None:
    """The committed raw corpus into `raw_dir`, less the reports `without`."""
    shutil.rmtree(raw_dir)
    shutil.copytree(REPO / RAW_DIR, raw_dir, ignore=shutil.ignore_patterns("README.md"))
    for path in sorted(raw_dir.glob("raw_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            kept = [row for row in reader if row.get("report_id") not in without]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)


def _build_modes(project: DbtProject) -> list[str]:
    return [row[0] for row in project.query("select mode from audit.build_state order by built_at")]


@dataclass
class Added:
    project: DbtProject
    first: DbtRun
    added: DbtRun


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Added:
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("add") / "project")
    _write_corpus(project.raw_dir, {LATE_REPORT, NEW_YEAR_REPORT})
    first = project.xxgk_build("--add-reports")
    assert first.returncode == 0, first.output
    _write_corpus(project.raw_dir, set())
    second = project.xxgk_build("--add-reports")
    assert second.returncode == 0, second.output
    return Added(project, first, second)


def test_the_first_build_builds_everything_and_says_why(added: Added) -> None:
    assert f"{EVERYTHING}: there is no database yet" in added.first.output
    assert CARRIED not in added.first.output


def test_the_second_build_adds_the_new_reports_to_the_previous_database(added: Added) -> None:
    assert CARRIED in added.added.output
    # the audit history came with the copy of the previous database
    carried = re.search(r"carried (\d+) rows from the previous file", added.added.output)
    assert carried is not None and int(carried.group(1)) > 0
    assert _build_modes(added.project) == ["full", "add"]
    reports = {row[0] for row in added.project.query("select report_id from marts.dim_reports")}
    assert {LATE_REPORT, NEW_YEAR_REPORT} <= reports and len(reports) == 11


def test_the_added_database_equals_a_full_build_row_for_row(
    added: Added, default_project: DbtProject
) -> None:
    connection = duckdb.connect()
    connection.execute(f"attach '{added.project.database}' as added (read_only)")
    connection.execute(f"attach '{default_project.database}' as full_build (read_only)")
    tables = connection.execute(
        "select schema_name, table_name from duckdb_tables()"
        " where database_name = 'full_build'"
        " and schema_name in ('staging', 'intermediate', 'marts')"
        " union all select schema_name, view_name from duckdb_views()"
        " where database_name = 'full_build' and schema_name = 'marts'"
        " order by 1, 2"
    ).fetchall()
    compared = [(schema, table) for schema, table in tables if table not in NOT_COMPARED]
    assert ("marts", "fct_rule_checks") in compared and len(compared) > 40
    differing = {}
    for schema, table in compared:
        rows = rows_only_in(connection, "added", "full_build", f"{schema}.{table}")
        if rows != [0, 0]:
            differing[f"{schema}.{table}"] = rows
    assert differing == {}
    # the late report's year pair was checked: 平潭 2022 against it
    pairs = connection.execute(
        "select count(*) from added.marts.fct_rule_checks"
        f" where related_report_id = '{LATE_REPORT}'"
    ).fetchone()
    assert pairs is not None and pairs[0] > 0


def test_a_changed_project_builds_everything(added: Added) -> None:
    project_file = added.project.root / "dbt_project.yml"
    text = project_file.read_text(encoding="utf-8")
    assert "  yoy_max_ratio: 3\n" in text
    project_file.write_text(text.replace("  yoy_max_ratio: 3\n", "  yoy_max_ratio: 4\n"))
    try:
        run = added.project.xxgk_build("--add-reports")
        assert run.returncode == 0, run.output
        assert f"{EVERYTHING}: the models, macros, reference seeds or vars changed" in run.output
        assert _build_modes(added.project)[-1] == "full"
    finally:
        project_file.write_text(text, encoding="utf-8")


def test_a_removed_report_stops_the_added_build_and_keeps_the_previous_database(
    added: Added,
) -> None:
    project = added.project
    assert project.xxgk_build().returncode == 0  # the fingerprint of the project as committed
    modes = _build_modes(project)
    _write_corpus(project.raw_dir, {NEW_YEAR_REPORT})
    try:
        run = project.xxgk_build("--add-reports")
        assert run.returncode != 0
        assert "assert_built_reports_in_corpus" in run.output
        assert _build_modes(project) == modes
        assert project.query("select count(*) from marts.dim_reports") == [(11,)]
    finally:
        _write_corpus(project.raw_dir, set())
