"""What a validation run leaves behind, on real files: the audit table (its columns are the
fields of ExpectationOutcome), the plain-HTML suite list in the Data Docs index and the offending
rows on a validation page (inserted with BeautifulSoup, every text escaped). No GX run: the
outcomes are made here.

验证结果的记录：audit.gx_results 的列来自数据类；
Data Docs 索引页的套件一览（经 BeautifulSoup 插入并转义）。
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from bs4 import BeautifulSoup

from xxgk.validate.run import (
    ExpectationOutcome,
    ValidationRun,
    inject_offending_rows,
    inject_summary,
    write_audit,
)

pytestmark = pytest.mark.unit

RUN_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def outcome(suite: str, success: bool, rule_id: str | None = None) -> ExpectationOutcome:
    return ExpectationOutcome(
        run_time=RUN_TIME,
        run_id="xxgk-test",
        suite=suite,
        data_asset="marts.fct_rule_checks",
        expectation_type="expect_column_values_to_be_in_set",
        column_name="status",
        kwargs="{}",
        rule_id=rule_id,
        severity="error",
        success=success,
        observed_value=None,
        unexpected_count=0 if success else 2,
        missing_count=0,
        element_count=10,
        unexpected_rows=None,
        exception_text=None,
        result={"kept": "in memory only"},
    )


def test_audit_table_has_the_fields_of_an_outcome_and_appends(tmp_path: Path) -> None:
    database = tmp_path / "x.duckdb"
    outcomes = [outcome("rule_A", True, "A"), outcome("rule_B", False, "B")]
    write_audit(database, outcomes)
    write_audit(database, outcomes[:1])
    with duckdb.connect(str(database), read_only=True) as connection:
        columns = connection.sql(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'audit' and table_name = 'gx_results' order by ordinal_position"
        ).fetchall()
        rows = connection.sql(
            "select suite, success, unexpected_count, run_time from audit.gx_results order by all"
        ).fetchall()
    names = [f.name for f in dataclasses.fields(ExpectationOutcome) if f.name != "result"]
    assert [name for name, _ in columns] == names
    types = dict(columns)
    assert (types["run_time"], types["success"], types["element_count"]) == (
        "TIMESTAMP WITH TIME ZONE",
        "BOOLEAN",
        "BIGINT",
    )
    assert [row[:3] for row in rows] == [
        ("rule_A", True, 0),
        ("rule_A", True, 0),
        ("rule_B", False, 2),
    ]
    assert rows[0][3] == RUN_TIME


def test_index_gets_the_suite_list_first_in_its_body_escaped(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_text(
        '<html><head><title>GX</title></head><body class="gx"><div id="gx">app</div></body></html>',
        encoding="utf-8",
    )
    hostile = 'rule_<script>alert("x")</script>'
    run = ValidationRun(
        run_id="xxgk-<b>run</b>",
        run_time=RUN_TIME,
        outcomes=[outcome("rule_A", True, "A"), outcome(hostile, False, "<i>B</i>")],
        docs_index=index,
        drifted_suites=[],
    )
    inject_summary(tmp_path, run)
    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    assert page.body is not None
    first = next(child for child in page.body.children if getattr(child, "name", None))
    assert first.get("id") == "xxgk-suites"
    assert page.find("div", id="gx") is not None  # GX's own page is kept
    assert page.find("script") is None and page.find("i") is None and page.find("b") is None
    rows = {row["data-suite"]: row for row in page.select("#xxgk-suites tr.xxgk-suite")}
    assert set(rows) == {"rule_A", hostile}
    assert rows["rule_A"]["data-success"] == "true"
    assert rows[hostile]["data-success"] == "false"
    assert "<i>B</i>" in rows[hostile].get_text()
    assert "0 / 1" in rows[hostile].get_text() and "1 / 1" in rows["rule_A"].get_text()
    assert "xxgk-<b>run</b>" in page.select_one("#xxgk-suites p").get_text()


def test_validation_page_gets_the_offending_rows_after_its_nav_escaped(tmp_path: Path) -> None:
    run_dir = tmp_path / "validations" / "rule_B" / "xxgk-test-batch00003" / "20260102T030405Z"
    run_dir.mkdir(parents=True)
    page_path = run_dir / "batch.html"
    page_path.write_text(
        '<html><body><nav id="top">GX</nav><div id="gx">result</div></body></html>',
        encoding="utf-8",
    )
    hostile = '<script>alert("x")</script>某某局'
    failed = dataclasses.replace(
        outcome("rule_B", False, "B"),
        observed_value="1 unexpected of 10 rows (0 missing)",
        unexpected_rows=json.dumps(
            [
                {
                    "report_id": "r1",
                    "title_agency": hostile,
                    "report_year": 2023,
                    "expected_value": 5.0,
                    "actual_value": None,
                }
            ],
            ensure_ascii=False,
        ),
    )
    passed = dataclasses.replace(
        outcome("rule_B", True, "C"), unexpected_rows='[{"report_id": "not shown"}]'
    )
    inject_offending_rows(run_dir.parent, [failed, passed], ["title_agency", "report_year"])
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    assert page.body is not None
    section = page.select_one("#xxgk-offending-rows")
    assert section is not None
    # after GX's top bar, before its own content; GX's page is kept
    assert section.find_previous_sibling("nav")["id"] == "top"
    assert section.find_next_sibling("div")["id"] == "gx"
    assert page.find("script") is None
    headers = [th.get_text() for th in section.select("th")]
    # the given columns first, then the others by name
    assert headers == ["title_agency", "report_year", "actual_value", "expected_value", "report_id"]
    [row] = [[td.get_text() for td in tr.select("td")] for tr in section.select("tbody tr")]
    assert row == [hostile, "2023", "", "5.0", "r1"]
    assert "B · expect_column_values_to_be_in_set · status" in section.get_text()
    assert "not shown" not in section.get_text()  # a passed expectation lists no rows
