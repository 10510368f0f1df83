"""The committed GX suites are exactly what the rule catalogue generates, and cover the rules.

已提交的 GX 套件必须与规则目录的生成结果完全一致，并覆盖各条规则。
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from gx_fixtures import REPO, BuiltProject, gx_reference_fixture  # noqa: F401

from xxgk.validate.frames import suite_frame
from xxgk.validate.suites import (
    FACT_MARTS,
    generate_from_file,
    load_suites,
    suite_json,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def committed() -> dict[str, dict]:
    return load_suites(REPO / "expectations")


def test_committed_json_equals_generation(gx_reference: BuiltProject, committed: dict) -> None:
    generated = generate_from_file(gx_reference.duckdb_path)
    assert sorted(committed) == sorted(generated), "run `xxgk gx-suites` and commit expectations/"
    for name, suite in generated.items():
        on_disk = (REPO / "expectations" / f"{name}.json").read_text(encoding="utf-8")
        assert on_disk == suite_json(suite), f"{name}.json is stale: run `xxgk gx-suites`"


def test_every_expectation_names_its_rule_in_both_languages(
    gx_reference: BuiltProject, committed: dict
) -> None:
    catalogue = {row[0] for row in gx_reference.query("select rule_id from marts.dim_rules")}
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


def test_fact_marts_have_value_completeness_and_code_checks(committed: dict) -> None:
    for mart in FACT_MARTS:
        suite = committed[mart.name]
        by_rule = Counter(e["meta"]["rule_id"] for e in suite["expectations"])
        assert by_rule["CELL_NON_NEGATIVE"] == 1
        assert by_rule["CELL_COMPLETE"] == 1
        kinds = {(e["type"], e["kwargs"].get("column")) for e in suite["expectations"]}
        assert ("expect_column_values_to_be_between", mart.value_column) in kinds
        assert ("expect_column_values_to_be_in_set", mart.row_column) in kinds
        assert ("expect_column_values_to_be_in_set", mart.column_column) in kinds


def test_every_arithmetic_rule_is_a_multicolumn_sum(
    gx_reference: BuiltProject, committed: dict
) -> None:
    rules = gx_reference.query(
        "select rule_id, severity from marts.dim_rules where check_kind = 'sum' order by 1"
    )
    assert len(rules) >= 4
    for rule_id, severity in rules:
        [expectation] = committed[f"rule_{rule_id}"]["expectations"]
        assert expectation["type"] == "expect_multicolumn_sum_to_equal"
        assert expectation["kwargs"]["sum_total"] == 0
        assert expectation["meta"]["severity"] == severity
        terms = committed[f"rule_{rule_id}"]["meta"]["batch"]["terms"]
        assert expectation["kwargs"]["column_list"] == [term["column"] for term in terms]


def test_rule_frames_have_one_row_per_dbt_check(
    gx_reference: BuiltProject, committed: dict
) -> None:
    """The pivot GX validates covers the same report × instance pairs as dbt's rule checks."""
    import duckdb

    dbt_counts = dict(
        gx_reference.query("select rule_id, count(*) from marts.fct_rule_checks group by 1")
    )
    with duckdb.connect(str(gx_reference.duckdb_path), read_only=True) as connection:
        for name, suite in committed.items():
            if not name.startswith("rule_"):
                continue
            rule_id = suite["meta"]["batch"]["rule_id"]
            frame = suite_frame(connection, suite)
            assert len(frame) == dbt_counts.get(rule_id, 0), rule_id
            # one signed column per term, as the expectation sums them
            assert (
                list(frame.columns[-len(suite["meta"]["batch"]["terms"]) :])
                == (suite["expectations"][0]["kwargs"]["column_list"])
            )
