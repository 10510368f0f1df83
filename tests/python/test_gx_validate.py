"""`xxgk validate` on real builds: every expectation evaluates; the broken fixture fails exactly
the broken rules, with the offending rows in the results and in Data Docs.

真实构建上的 GX 验证：每条期望都得到计算结果；故障样例只让被破坏的规则失败。
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from dbt_harness import REPO, XXGK, DbtProject
from seeded_faults import BALANCE_REPORT, BROKEN_EXPECTATIONS, NEGATIVE_REPORT

from xxgk.validate.suites import load_suites

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

CROSS_YEAR_PREFIX = "XY_"
# rules with no check on the reference reports: they need a previous-year report (the
# year-on-year office rules) or a registered roll-up (HIERARCHY_SUM)
NO_REFERENCE_CHECKS = {"YOY_ANOMALY", "COPY_PASTE", "HIERARCHY_SUM"}


def _latest_results(project: DbtProject) -> list[dict]:
    rows = project.query(
        "select * from audit.gx_results"
        " where run_id = (select max(run_id) from audit.gx_results) order by suite, rule_id"
    )
    columns = [
        row[0]
        for row in project.query(
            "select column_name from information_schema.columns"
            " where table_schema = 'audit' and table_name = 'gx_results' order by ordinal_position"
        )
    ]
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _expectation_count() -> int:
    return sum(len(s["expectations"]) for s in load_suites(REPO / "expectations").values())


def test_reference_build_succeeds_in_strict_mode(reference_project: DbtProject) -> None:
    assert reference_project.build_run.returncode == 0, reference_project.build_run.output


def test_reference_every_expectation_evaluates_and_passes(reference_project: DbtProject) -> None:
    results = _latest_results(reference_project)
    assert len(results) == _expectation_count()
    for row in results:
        label = (row["suite"], row["rule_id"], row["expectation_type"], row["column_name"])
        assert row["exception_text"] is None, label
        assert row["observed_value"], label
        assert row["element_count"] is not None, label
        if (
            not row["rule_id"].startswith(CROSS_YEAR_PREFIX)
            and row["rule_id"] not in NO_REFERENCE_CHECKS
        ):
            # cross-year rules have no previous-year report among the reference reports
            assert row["element_count"] > 0, label
        assert row["success"], label


def test_audit_table_has_one_row_per_expectation_per_run(reference_project: DbtProject) -> None:
    before = reference_project.query(
        "select count(distinct run_id), count(*) from audit.gx_results"
    )
    completed = reference_project.xxgk("validate")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    after = reference_project.query("select count(distinct run_id), count(*) from audit.gx_results")
    assert after == [(before[0][0] + 1, before[0][1] + _expectation_count())]
    severities = dict(
        reference_project.query(
            "select rule_id, any_value(severity) from audit.gx_results group by rule_id"
        )
    )
    assert severities["T3_BALANCE"] == "error"
    assert severities["XY_CARRY_OVER"] == "warning"


def test_broken_build_completes_without_strict(broken_project: DbtProject) -> None:
    assert broken_project.build_run.returncode == 0, broken_project.build_run.output
    assert broken_project.database.exists()
    assert not (broken_project.root / "xxgk.duckdb").exists(), "XXGK_DUCKDB was not honoured"


def test_broken_fails_exactly_the_broken_rules(broken_project: DbtProject) -> None:
    results = _latest_results(broken_project)
    assert all(row["exception_text"] is None for row in results)
    failed = {(row["suite"], row["rule_id"]) for row in results if not row["success"]}
    assert failed == BROKEN_EXPECTATIONS


def test_broken_results_name_the_offending_rows(broken_project: DbtProject) -> None:
    results = {(row["suite"], row["rule_id"]): row for row in _latest_results(broken_project)}
    balance = results[("rule_T3_BALANCE", "T3_BALANCE")]
    assert balance["unexpected_count"] == 2
    offending = json.loads(balance["unexpected_rows"])
    assert {(row["report_id"], row["instance_code"]) for row in offending} == {
        (BALANCE_REPORT, "natural_person"),
        (BALANCE_REPORT, "total"),
    }
    # each row also names the agency, the year and the cells in words (label columns)
    assert {(row["title_agency"], row["report_year"]) for row in offending} == {
        ("焦作市人民政府", 2023)
    }
    assert {row["message_zh"].split("：")[0] for row in offending} == {
        "勾稽关系不成立（自然人列）",
        "勾稽关系不成立（总计列）",
    }
    negative = results[("fct_review_litigation", "CELL_NON_NEGATIVE")]
    assert negative["unexpected_count"] == 1
    [row] = json.loads(negative["unexpected_rows"])
    assert (row["report_id"], row["proceeding_code"], row["outcome_code"]) == (
        NEGATIVE_REPORT,
        "admin_review",
        "other",
    )
    assert (row["title_agency"], row["report_year"], row["cell_text"]) == (
        "周口市城乡一体化示范区许湾办事处",
        2023,
        "-1",
    )


def test_gx_and_dbt_agree_on_the_broken_fixture(broken_project: DbtProject) -> None:
    dbt_failed = set(
        broken_project.query(
            "select distinct report_id, rule_id from marts.fct_rule_violations"
            " where severity = 'error'"
        )
    )
    assert dbt_failed == {(BALANCE_REPORT, "T3_BALANCE"), (NEGATIVE_REPORT, "CELL_NON_NEGATIVE")}


def test_strict_validate_exits_non_zero_on_the_broken_fixture(broken_project: DbtProject) -> None:
    completed = broken_project.xxgk("validate", "--strict")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "T3_BALANCE" in completed.stdout
    assert BALANCE_REPORT in completed.stdout


def test_broken_data_docs_page_shows_the_offending_report(broken_project: DbtProject) -> None:
    pages = sorted((broken_project.gx_docs / "validations" / "rule_T3_BALANCE").rglob("*.html"))
    assert pages
    html = Path(pages[-1]).read_text(encoding="utf-8")
    assert BALANCE_REPORT in html
    assert "natural_person" in html
    assert "焦作市人民政府" in html
    assert "勾稽关系不成立（自然人列）" in html
    # the page loads nothing from the internet (vendored assets, local logo)
    assert "cdn." not in html and "unpkg.com" not in html and "amazonaws.com" not in html


def test_batches_give_the_same_results_as_one_batch(broken_project: DbtProject) -> None:
    """Validating in batches of one report's rows merges to exactly the single-batch results."""
    whole = {(row["suite"], row["expectation_type"], row["column_name"]): row for row in
             _latest_results(broken_project)}  # fmt: skip
    completed = broken_project.xxgk("validate", "--batch-rows", "1")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    batched = {(row["suite"], row["expectation_type"], row["column_name"]): row for row in
               _latest_results(broken_project)}  # fmt: skip
    assert batched.keys() == whole.keys()
    (reports,) = broken_project.query("select count(*) from marts.dim_reports")[0]
    assert reports > 1  # so that one row per batch really means several batches
    for key, row in whole.items():
        other = batched[key]
        assert other["run_id"] != row["run_id"]
        for field in ("success", "unexpected_count", "element_count", "missing_count"):
            assert other[field] == row[field], (key, field)
        assert other["exception_text"] is None, key
        if row["unexpected_rows"]:
            assert sorted(json.loads(other["unexpected_rows"]), key=str) == sorted(
                json.loads(row["unexpected_rows"]), key=str
            ), key


def test_a_killed_validation_leaves_its_scratch_beside_the_database_for_the_next_run(
    broken_project: DbtProject,
) -> None:
    """`xxgk validate` writes each suite's rows, partitioned by batch, beside the database (as
    large as a mart: not in a /tmp that may be memory). Killed while it does, it leaves them;
    the next run removes them, and its own. 被终止的验证留下的分批数据由下一次验证删除。"""
    database = broken_project.database
    scratch_files = f"{database.name}.building-*.scratch/**/*.parquet"
    env = {key: value for key, value in os.environ.items() if key != "XXGK_DUCKDB"}
    validation = subprocess.Popen(
        [str(XXGK), "validate", "--batch-rows", "1", "--duckdb", str(database)],
        cwd=broken_project.root,
        env={**env, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    written: list[Path] = []
    while not written and validation.poll() is None and time.monotonic() < deadline:
        written = sorted(database.parent.glob(scratch_files))
        time.sleep(0.02)
    validation.kill()
    validation.wait()
    assert written, "no batch files beside the database while validating"
    assert sorted(database.parent.glob(f"{database.name}.building-*"))  # left behind

    completed = broken_project.xxgk("validate")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert sorted(database.parent.glob(f"{database.name}.building-*")) == []
    assert len(_latest_results(broken_project)) == _expectation_count()
