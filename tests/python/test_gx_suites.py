"""The committed GX suites are exactly what the rule catalogue generates, and cover the rules.

已提交的 GX 套件必须与规则目录的生成结果完全一致，并覆盖各条规则。
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from dbt_harness import REPO, DbtProject

from xxgk.validate.frames import SuiteRows, report_batches
from xxgk.validate.suites import (
    fact_marts,
    generate_from_file,
    load_suites,
    suite_json,
)

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def committed() -> dict[str, dict]:
    return load_suites(REPO / "expectations")


def test_committed_json_equals_generation(reference_project: DbtProject, committed: dict) -> None:
    generated = generate_from_file(reference_project.database)
    assert sorted(committed) == sorted(generated), "run `xxgk gx-suites` and commit expectations/"
    for name, suite in generated.items():
        on_disk = (REPO / "expectations" / f"{name}.json").read_text(encoding="utf-8")
        assert on_disk == suite_json(suite), f"{name}.json is stale: run `xxgk gx-suites`"


def test_every_expectation_names_its_rule_in_both_languages(
    reference_project: DbtProject, committed: dict
) -> None:
    catalogue = {row[0] for row in reference_project.query("select rule_id from marts.dim_rules")}
    for suite in committed.values():
        assert suite["expectations"], suite["name"]
        for expectation in suite["expectations"]:
            meta = expectation["meta"]
            assert meta["rule_id"] in catalogue, (suite["name"], meta)
            assert CJK.search(meta["description_zh"]), meta
            assert re.search(r"[A-Za-z]{3,}", meta["description_en"]), meta
            assert meta["severity"] in {"error", "warning"}
            assert expectation["severity"] == (
                "critical" if meta["severity"] == "error" else "warning"
            )


def test_fact_marts_have_value_completeness_and_code_checks(
    reference_project: DbtProject, committed: dict
) -> None:
    import duckdb

    with duckdb.connect(str(reference_project.database), read_only=True) as connection:
        marts = fact_marts(connection)
    assert [mart.table_code for mart in marts] == ["t2", "t3", "t4"]
    for mart in marts:
        suite = committed[mart.name]
        by_rule = Counter(e["meta"]["rule_id"] for e in suite["expectations"])
        assert by_rule["CELL_NON_NEGATIVE"] == 1
        assert by_rule["CELL_COMPLETE"] == 1
        kinds = {(e["type"], e["kwargs"].get("column")) for e in suite["expectations"]}
        assert ("expect_column_values_to_be_between", mart.value_column) in kinds
        assert ("expect_column_values_to_be_in_set", mart.row_column) in kinds
        assert ("expect_column_values_to_be_in_set", mart.column_column) in kinds


def test_every_numeric_rule_compares_expected_and_actual(
    reference_project: DbtProject, committed: dict
) -> None:
    rules = reference_project.query(
        "select rule_id, severity from marts.dim_rules"
        " where check_kind in ('sum', 'narrative', 'hierarchy_sum') order by 1"
    )
    # the office rules judged against thresholds: GX asserts their checks' status
    status_rules = reference_project.query(
        "select rule_id, severity from marts.dim_rules"
        " where check_kind in ('coverage_missing', 'late_publication', 'yoy_anomaly', 'copy_paste')"
        " order by 1"
    )
    assert len(rules) >= 5 and len(status_rules) >= 3
    assert {name for name in committed if name.startswith("rule_")} == {
        f"rule_{rule_id}" for rule_id, _ in rules + status_rules
    }
    for rule_id, severity in status_rules:
        suite = committed[f"rule_{rule_id}"]
        [expectation] = suite["expectations"]
        assert expectation["type"] == "expect_column_values_to_not_be_in_set"
        assert expectation["kwargs"] == {"column": "status", "value_set": ["fail"]}
        assert expectation["meta"]["severity"] == severity
        assert suite["meta"]["batch"]["relation"] == "marts.fct_rule_checks"
    for rule_id, severity in rules:
        suite = committed[f"rule_{rule_id}"]
        [expectation] = suite["expectations"]
        assert expectation["type"] == "expect_column_pair_values_to_be_equal"
        assert expectation["kwargs"]["column_A"] == "expected_value"
        assert expectation["kwargs"]["column_B"] == "actual_value"
        assert expectation["meta"]["severity"] == severity
        assert suite["meta"]["batch"]["relation"] == "marts.fct_rule_checks"


@pytest.mark.parametrize("batch_reports", [1, 2, 1000])
def test_batches_cover_every_row_of_every_mart_once(
    reference_project: DbtProject, committed: dict, batch_reports: int, tmp_path: Path
) -> None:
    """Whatever the batch size, the frames GX validates hold every row of the suite's mart
    (for a rule suite: every dbt check of the rule) exactly once, each in its report's batch;
    the Parquet files several batches are read from are removed afterwards."""
    import duckdb

    with duckdb.connect(str(reference_project.database), read_only=True) as connection:
        batches = report_batches(connection, batch_reports)
        (reports,) = connection.sql("select count(*) from marts.dim_reports").fetchone()
        assert len(batches) == -(-reports // batch_reports)
        for name, suite in committed.items():
            spec = suite["meta"]["batch"]
            where = f" where rule_id = '{spec['rule_id']}'" if "rule_id" in spec else ""
            (expected,) = connection.sql(
                f"select count(*) from {spec['relation']}{where}"
            ).fetchone()
            with SuiteRows(connection, suite, batch_reports, tmp_path) as rows:
                assert rows.batches == batches
                frames = [(batch, rows.frame(batch)) for batch in batches]
            assert list(tmp_path.iterdir()) == [], name
            keys = [
                tuple(row) for _, frame in frames for row in frame[spec["index_columns"]].values
            ]
            assert len(keys) == expected, name
            assert len(set(keys)) == len(keys), name
            for batch, frame in frames:
                if "report_id" in frame and batch.number > 0:
                    assert frame["report_id"].astype(str).between(batch.first, batch.last).all(), (
                        name
                    )
                # ordered by the suite's index columns, as a single query would return them
                ordered = frame.sort_values(
                    spec["index_columns"], kind="stable", na_position="last"
                )
                assert frame[spec["index_columns"]].equals(ordered[spec["index_columns"]]), name
