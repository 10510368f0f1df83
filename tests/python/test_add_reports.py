"""Adding reports to a built database: `xxgk build --add-reports` (macros/increments.sql).

追加报告：先构建缺两份报告的语料，再追加这两份，结果须与整体构建逐行相同。

The committed corpus less three reports is built, then the three are added with `--add-reports`
as a new batch of the raw directory (a sub-directory beside the first), of which only the new files
are read:
平潭 2021, a late report of an earlier year (平潭 2022's cross-year checks must be redone with
it); 许衡 2023, a late report of a subordinate whose superior's 2023 report rolls it up (焦作, so
its roll-up checks of 2023 must be redone: HIERARCHY_SUM, rebuilt by year); and 上海 2025, a new
year. The registry of the copy makes 焦作 and 平潭 roll-ups (平潭's subordinate never reports, so
its roll-ups of 2020 and 2022 must stay as they were). Every table of the marts, the intermediate
layer and staging then equals a full `dbt build` of the same corpus row for row — but
rpt_findings_diff, which compares with the previous build by design. A changed project makes
`--add-reports` build everything; a report removed since the previous build stops the build and
leaves the previous database.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_harness import DbtProject, DbtRun, read_csv, rows_only_in, write_raw_batch

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

LATE_REPORT = "cd51d47da3a3e0a1"  # 平潭综合实验区 2021 (its 2022 report compares with it)
NEW_YEAR_REPORT = "5dedee5aad4d4cf5"  # 上海市人民政府办公厅 2025
SUBORDINATE_REPORT = "322d99d9c697671f"  # 许衡办事处 2023, rolled up by 焦作市人民政府 2023
ROLL_UP_REPORT = "31c532c0695f4145"  # 焦作市人民政府 2023
PINGTAN_KEPT = {"e33f0e56200b73b7", "b5efaaeb5342ad2e"}  # 平潭 2020, 2022: roll-ups not redone
RUN_DIR = "target/run/xxgk/models"  # the SQL as `dbt build` ran it
STAGED_SQL = f"{RUN_DIR}/staging/stg_reports__cells.sql"
NOT_COMPARED = {
    "rpt_findings_diff",  # the difference from the previous build, by design
}
RAW_FILES_READ = (
    "_raw_files"  # the record of the raw files a model read: two batches here, one file there
)
ADDED = {LATE_REPORT, NEW_YEAR_REPORT, SUBORDINATE_REPORT}
ROLL_UPS = {  # agency -> its superior, which rolls it up (a new agency: one that never reports)
    "henan.jiaozuo.zhongzhan.xuheng": "henan.jiaozuo",
    "fujian.pingtan.never": "fujian.pingtan",
}
CARRIED = "only the new reports are built"
EVERYTHING = "building everything"


def _earlier(report_id: str) -> bool:
    return report_id not in ADDED


def _added(report_id: str) -> bool:
    return report_id in ADDED


def _build_modes(project: DbtProject) -> list[str]:
    return [row[0] for row in project.query("select mode from audit.build_state order by built_at")]


@dataclass
class Added:
    project: DbtProject
    first: DbtRun
    added: DbtRun


def _register_roll_ups(registry: Path) -> None:
    """The superiors of ROLL_UPS roll up their subordinates (an agency not registered yet is
    added, with no report)."""
    rows = read_csv(registry)
    fields = list(rows[0])
    known = {row["agency_id"] for row in rows}
    for agency_id in ROLL_UPS.keys() - known:
        rows.append({**dict.fromkeys(fields, ""), "agency_id": agency_id,
                     "agency_name": "平潭综合实验区从未发布报告的局", "agency_level": "department",
                     "rolls_up": "false"})  # fmt: skip
    superiors = set(ROLL_UPS.values())
    for row in rows:
        row["superior_agency_id"] = ROLL_UPS.get(row["agency_id"], row["superior_agency_id"])
        row["rolls_up"] = "true" if row["agency_id"] in superiors else row["rolls_up"]
    with registry.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Added:
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("add") / "project")
    _register_roll_ups(project.root / "seeds" / "registry" / "agency_registry.csv")
    shutil.rmtree(project.raw_dir)
    write_raw_batch(project.raw_dir / "earlier", _earlier)
    # an extraction still being written beside the batches is not part of the corpus
    write_raw_batch(project.raw_dir / ".added.building-1", _added)
    first = project.xxgk_build("--add-reports")
    assert first.returncode == 0, first.output
    write_raw_batch(project.raw_dir / "added", _added)
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
    # the build read the new batch's cells only, and recorded both batches as read
    staged = (added.project.root / STAGED_SQL).read_text(encoding="utf-8")
    assert re.search(r"filename in \('[^']*/added/raw_cells\.csv'\)", staged), staged
    for model in ("stg_reports__cells", "stg_reports__narrative_figures"):
        read = added.project.query(f"select filename from staging.{model}_raw_files order by 1")
        assert [Path(name).parent.name for (name,) in read] == ["added", "earlier"]
    # the list of files made for the build is kept only as that record
    leftovers = added.project.query(
        "select table_name from duckdb_tables() where table_name like '%raw_files%' order by 1"
    )
    assert leftovers == [
        ("stg_reports__cells_raw_files",),
        ("stg_reports__narrative_figures_raw_files",),
    ]
    # the tests of the per-report staging model looked at the new reports only, found by their
    # position (the rows this build appended, DuckDB rowid); the record of them is dropped once
    # the whole build has passed
    appended = re.compile(r"rowid >= [1-9]\d*")
    tests = [
        path.read_text(encoding="utf-8")
        for path in (added.project.root / RUN_DIR / "staging").rglob("*.yml/*.sql")
        if '"stg_reports__cells"' in path.read_text(encoding="utf-8")
    ]
    assert len(tests) >= 3 and all(appended.search(test) for test in tests), tests
    # and each per-report model looked up the recorded reports only (int_reports, rebuilt whole,
    # by report id) and read the new rows of the staged cells by position
    cells = (added.project.root / RUN_DIR / "intermediate" / "int_report_cells.sql").read_text()
    assert "reports_being_added" in cells and appended.search(cells) and "insert into" in cells
    being_added = added.project.query(
        "select count(*) from duckdb_tables() where table_name = 'reports_being_added'"
    )
    assert being_added == [(0,)]


@pytest.fixture(scope="module")
def full_build(added: Added) -> DbtProject:
    """A full `dbt build` of the same project and raw directory (both batches) into its own file."""
    project = DbtProject(added.project.root, added.project.root / "full_build.duckdb")
    run = project.build("--target-path", "target_full")  # the add's run SQL stays in target/
    assert run.returncode == 0, run.output
    return project


def test_the_added_database_equals_a_full_build_row_for_row(
    added: Added, full_build: DbtProject
) -> None:
    connection = duckdb.connect()
    connection.execute(f"attach '{added.project.database}' as added (read_only)")
    connection.execute(f"attach '{full_build.database}' as full_build (read_only)")
    tables = connection.execute(
        "select schema_name, table_name from duckdb_tables()"
        " where database_name = 'full_build'"
        " and schema_name in ('staging', 'intermediate', 'marts')"
        " union all select schema_name, view_name from duckdb_views()"
        " where database_name = 'full_build' and schema_name = 'marts'"
        " order by 1, 2"
    ).fetchall()
    compared = [
        (schema, table)
        for schema, table in tables
        if table not in NOT_COMPARED and not table.endswith(RAW_FILES_READ)
    ]
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
    # the roll-ups of 2023 were checked again with the late subordinate report (the report the
    # sum needs is there now), and built again by year (the years of the new reports), not whole
    roll_ups = dict(connection.execute(
        "select report_id, list(distinct status order by status)"
        " from added.intermediate.int_rule_checks__hierarchy group by report_id"
    ).fetchall())  # fmt: skip
    assert set(roll_ups) == PINGTAN_KEPT | {LATE_REPORT, ROLL_UP_REPORT}
    assert "not_checkable" not in roll_ups[ROLL_UP_REPORT]
    assert all(roll_ups[report] == ["not_checkable"] for report in PINGTAN_KEPT)
    hierarchy = (
        added.project.root / RUN_DIR / "intermediate" / "int_rule_checks__hierarchy.sql"
    ).read_text(encoding="utf-8")
    assert "insert into" in hierarchy and "years.report_year" in hierarchy, hierarchy


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
    write_raw_batch(project.raw_dir / "added", lambda report_id: report_id == LATE_REPORT)
    try:
        run = project.xxgk_build("--add-reports")
        assert run.returncode != 0
        assert "assert_built_reports_in_corpus" in run.output
        assert _build_modes(project) == modes
        assert project.query("select count(*) from marts.dim_reports") == [(11,)]
    finally:
        write_raw_batch(project.raw_dir / "added", _added)


def test_a_failed_build_leaves_its_new_reports_to_be_tested_again(added: Added) -> None:
    """Plain dbt adds a batch whose one report repeats a cell: the staging uniqueness test,
    narrowed to the reports being added, fails; the record of those reports stays, so the next
    adding run tests them again (and fails again) instead of passing over them."""
    project = added.project
    broken_id = "ffffffffffffffff"
    batch = project.raw_dir / "broken"
    write_raw_batch(batch, lambda report_id: report_id == NEW_YEAR_REPORT)
    for path in batch.glob("raw_*.csv"):
        rows = [{**row, "report_id": broken_id} if row.get("report_id") else row
                for row in read_csv(path)]  # fmt: skip
        if path.name == "raw_cells.csv":
            rows.insert(0, rows[0])  # the first cell twice
        if rows:
            project.write_raw(f"broken/{path.name}", rows, list(rows[0]))
    try:
        for _ in range(2):
            run = project.dbt("build", "--vars", "{add_reports: true}")
            assert run.returncode != 0
            failed = [line for line in run.output.splitlines() if " FAIL " in line]
            assert any("unique_combination_stg_reports__cells" in line for line in failed), failed
            being_added = project.query("select report_id from staging.reports_being_added")
            assert being_added == [(broken_id,)]
    finally:
        shutil.rmtree(batch)
        assert project.xxgk_build().returncode == 0
    assert project.query(
        "select count(*) from duckdb_tables() where table_name = 'reports_being_added'"
    ) == [(0,)]
