"""The marts hold the five reference reports, cell for cell as the hand-checked truth says.

The committed corpus data/raw holds the reference reports and the real reports of
data/reports/real (the default build shows real findings); the truth covers the reference
reports, and these tests read exactly those (by source file), so a real report can never hide
a wrong reference value or stand in for a missing one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from dbt_harness import FACT_MARTS, DbtProject, FactMart, read_csv

pytestmark = pytest.mark.dbt


def _in_truth(truth_dir: Path) -> str:
    names = sorted(r["source_file"] for r in read_csv(truth_dir / "reports.csv"))
    return "(" + ", ".join(f"'{name}'" for name in names) + ")"


def test_exactly_the_five_reference_reports(reference_project: DbtProject, truth_dir: Path) -> None:
    truth = read_csv(truth_dir / "reports.csv")
    rows = reference_project.query(
        "select source_file, report_year, title_agency, agency_name, province, city,"
        " coalesce(county, ''), agency_level from marts.dim_reports"
        f" where source_file in {_in_truth(truth_dir)} order by source_file"
    )
    expected = [
        (
            r["source_file"],
            int(r["report_year"]),
            r["title_agency"],
            r["agency_name"],
            r["province"],
            r["city"],
            r["county"],
            r["agency_level"],
        )
        for r in sorted(truth, key=lambda r: r["source_file"])
    ]
    assert rows == expected
    # each reference report once (no real report shares a reference file's name)
    (count,) = reference_project.query(
        f"select count(*) from marts.dim_reports where source_file in {_in_truth(truth_dir)}"
    )[0]
    assert count == 5


TRUTH_FILES = {
    "t2": ("table2_active_disclosure.csv", 10),
    "t3": ("table3_requests.csv", 175),
    "t4": ("table4_review_litigation.csv", 15),
}


@pytest.mark.parametrize("mart", FACT_MARTS, ids=lambda m: m.name)
def test_fact_mart_equals_truth(
    reference_project: DbtProject, truth_dir: Path, mart: FactMart
) -> None:
    name, cells_per_report = TRUTH_FILES[mart.table]
    truth = read_csv(truth_dir / name)
    assert len(truth) == 5 * cells_per_report
    expected = {
        (row["source_file"], row[mart.row], row[mart.column]): Decimal(row[mart.value])
        for row in truth
    }
    sources = {row["source_file"] for row in truth}
    got = {k: v for k, v in reference_project.mart_values(mart).items() if k[0] in sources}
    assert got == expected


def test_fee_is_an_exact_decimal_not_a_float(reference_project: DbtProject) -> None:
    (total,) = reference_project.query(
        "select sum(f.value) from marts.fct_active_disclosure as f"
        " join marts.dim_reports as r using (report_id)"
        " where f.metric_code = 'amount_10k_yuan'"
        " and r.source_file similar to '00[0-4]_[0-9a-f]{16}[.]txt'"
    )[0]
    assert total == Decimal("22302.6396")
    (data_type,) = reference_project.query(
        "select data_type from information_schema.columns where table_schema = 'marts'"
        " and table_name = 'fct_active_disclosure' and column_name = 'value'"
    )[0]
    assert data_type == "DECIMAL(20,6)"


def test_marts_carry_bilingual_comments(reference_project: DbtProject) -> None:
    comments = dict(
        reference_project.query(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
        )
    )
    assert "规则违反明细" in comments["fct_rule_violations"]
    assert "One row per rule violation" in comments["fct_rule_violations"]
    (column_comment,) = reference_project.query(
        "select comment from duckdb_columns() where schema_name = 'marts'"
        " and table_name = 'fct_request_handling' and column_name = 'cases'"
    )[0]
    assert column_comment.startswith("件数")


def test_wide_table_three_shows_inflow_and_outflow(reference_project: DbtProject) -> None:
    rows = reference_project.query(
        "select w.applicant_code, w.new_received, w.carried_over, w.inflow, w.total_handled,"
        " w.carried_forward, w.outflow, w.balance_status"
        " from marts.rpt_request_handling_wide w join marts.dim_reports r using (report_id)"
        " where r.source_file = '004_967c1590f64ec95c.txt' and w.applicant_code = 'total'"
    )
    assert rows == [("total", 604, 10, 614, 602, 12, 614, "pass")]


def test_schemas_are_named_plainly(reference_project: DbtProject) -> None:
    schemas = {
        row[0] for row in reference_project.query("select schema_name from duckdb_schemas()")
    }
    # the raw corpus is read in place (dbt sources), so there is no raw schema
    assert {"reference", "staging", "intermediate", "marts"} <= schemas
    assert not any(schema.startswith("main_") for schema in schemas)


def test_the_default_corpus_shows_the_real_reports_findings(default_project: DbtProject) -> None:
    """The default build (data/raw: the reference and the real reports) shows a newcomer real
    findings: the 2019-format report's outcome total, Pingtan 2022's narrative, and the cells
    the extractor could not read counted as its own (not_read), never as the reports' errors."""
    violations = default_project.query(
        "select source_file, rule_id, column_code, expected, actual from marts.fct_rule_violations"
        " where rule_id != 'COVERAGE_MISSING' order by all"
    )
    assert violations == [
        ("pingtan_2020_format2019_concat.txt", "CELL_GROUPED", None, _GROUPED, "grouped"),
        ("pingtan_2020_format2019_concat.txt", "T3_OUTCOME_TOTAL", "natural_person", "26", "20"),
        ("pingtan_2020_format2019_concat.txt", "T3_OUTCOME_TOTAL", "total", "27", "21"),
        # requests received and handled jump from 2020 to 2021 (YOY_ANOMALY, a warning)
        ("pingtan_2021_concat.txt", "YOY_ANOMALY", None, "21", "69"),
        ("pingtan_2021_concat.txt", "YOY_ANOMALY", None, "21", "70"),
        ("pingtan_2022_concat.txt", "NARRATIVE_TABLE", "total", "74", "75"),
    ]
    # the sample corpus holds one to three years per registered agency: the later years up to
    # the corpus's latest are reported missing (COVERAGE_MISSING), each once, and no published one
    coverage = default_project.query(
        "select count(*), count(distinct agency_id || '/' || report_year)"
        " from marts.fct_rule_violations where rule_id = 'COVERAGE_MISSING'"
    )
    missing = default_project.query(
        "select count(*) from marts.rpt_coverage where coverage_status = 'missing'"
    )
    assert coverage[0][0] == coverage[0][1] == missing[0][0] > 0
    statuses = dict(
        default_project.query(
            "select source_file, status from marts.rpt_report_quality"
            " where source_file like 'pingtan%'"
        )
    )
    assert statuses == {
        "pingtan_2020_format2019_concat.txt": "fail",
        "pingtan_2021_concat.txt": "not_read",
        "pingtan_2022_concat.txt": "not_read",
    }
    rejected = default_project.query(
        "select reason_code, file_count from marts.rpt_extraction_rejections order by 1"
    )
    assert rejected == [("blank_template", 1), ("no_tables", 2)]


_GROUPED = "its 3 rows filled in one by one"
