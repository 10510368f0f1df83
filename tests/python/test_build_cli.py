"""`xxgk build`, `xxgk validate`, `xxgk gx-suites` and the shared project helpers.

主流程命令与项目工具函数的测试（真实 dbt、真实 DuckDB 文件）。
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dbt_harness import DbtProject, copy_project, run_xxgk

from xxgk.project import Project, dbt_vars, run_dbt

pytestmark = [pytest.mark.dbt, pytest.mark.slow]


def test_build_prints_where_the_database_and_both_docs_sites_are(
    reference_project: DbtProject,
) -> None:
    output = reference_project.build_run.output
    assert reference_project.build_run.returncode == 0, output
    assert str(reference_project.database) in output
    assert reference_project.dbt_docs.as_uri() in output
    assert (reference_project.gx_docs / "index.html").as_uri() in output
    assert reference_project.database.is_file()
    assert reference_project.dbt_docs.is_file()
    assert (reference_project.gx_docs / "index.html").is_file()


def test_build_honours_xxgk_duckdb(broken_project: DbtProject) -> None:
    assert broken_project.build_run.returncode == 0, broken_project.build_run.output
    assert broken_project.database.name == "broken.duckdb"
    assert str(broken_project.database) in broken_project.build_run.output
    assert broken_project.query("select count(*) from marts.dim_reports") == [(5,)]
    assert not (broken_project.root / "xxgk.duckdb").exists()


def test_strict_reaches_dbt_as_a_var(broken_project: DbtProject) -> None:
    project = Project(broken_project.root, broken_project.database)
    gate = ("test", "--select", "assert_no_error_severity_violations")
    lenient = run_dbt(project, *gate, capture=True)
    strict = run_dbt(project, *gate, *dbt_vars(strict=True), capture=True)
    assert lenient.returncode == 0, lenient.stdout
    assert strict.returncode != 0, strict.stdout


def test_validate_without_a_database_says_so(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    completed = run_xxgk(root, "validate", "--duckdb", str(tmp_path / "absent.duckdb"))
    assert completed.returncode == 2
    assert "xxgk build" in completed.stderr


def test_gx_suites_check_detects_a_hand_edited_suite(
    reference_project: DbtProject, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "project")
    duckdb_option = ("--duckdb", str(reference_project.database))
    assert run_xxgk(root, "gx-suites", "--check", *duckdb_option).returncode == 0

    path = root / "expectations" / "rule_T3_BALANCE.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"][0]["kwargs"]["sum_total"] = 1
    path.write_text(json.dumps(suite, ensure_ascii=False), encoding="utf-8")
    checked = run_xxgk(root, "gx-suites", "--check", *duckdb_option)
    assert checked.returncode == 1
    assert "rule_T3_BALANCE" in checked.stderr

    regenerated = run_xxgk(root, "gx-suites", *duckdb_option)
    assert regenerated.returncode == 0, regenerated.stderr
    assert run_xxgk(root, "gx-suites", "--check", *duckdb_option).returncode == 0


def test_build_with_a_missing_raw_dir_stops_before_dbt(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    missing = tmp_path / "no such corpus"
    by_option = run_xxgk(root, "build", "--raw-dir", str(missing))
    by_env = run_xxgk(root, "build", env={"XXGK_RAW_DIR": str(missing)})
    for completed in (by_option, by_env):
        assert completed.returncode == 2
        assert f"raw corpus directory not found: {missing}" in completed.stderr
        assert "Running with dbt" not in completed.stdout
    assert not (root / "xxgk.duckdb").exists()


def test_build_leaves_no_private_files_behind(reference_project: DbtProject) -> None:
    names = [
        entry.name
        for place in (
            reference_project.root,
            reference_project.root / "target",
            reference_project.root / "build",
        )
        for entry in place.iterdir()
    ]
    assert [name for name in names if ".building-" in name or ".old-" in name] == []
    assert (reference_project.root / "xxgk.duckdb.lock").is_file()


def test_build_never_replaces_a_docs_dir_it_did_not_write(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    theirs = tmp_path / "their_docs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me", encoding="utf-8")
    completed = run_xxgk(root, "build", "--docs-dir", str(theirs))
    assert completed.returncode == 2
    assert "was not written by xxgk" in completed.stderr
    assert "Running with dbt" not in completed.stdout
    assert [path.name for path in theirs.iterdir()] == ["notes.txt"]
