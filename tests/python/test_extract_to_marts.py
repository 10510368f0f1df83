"""From report files to marts: `xxgk extract` into the raw corpus, then a real `dbt build`.

抽取到数据集市的端到端测试：参考报告与真实报告抽取为种子表，再用 dbt 构建。
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
from dbt_harness import FACT_MARTS, DbtProject
from extract_fixtures import REAL_DIR, REFERENCE_DIR, huaian_truth, log_by_file, read_csv
from typer.testing import CliRunner

from xxgk.cli import app

pytestmark = [pytest.mark.dbt, pytest.mark.slow]


@pytest.fixture(scope="module")
def extracted_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project with its raw corpus replaced by the extraction of every report we carry."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("extracted") / "project")
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(REFERENCE_DIR),
            str(REAL_DIR),
            "--out",
            str(project.raw_dir),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    run = project.build()
    assert run.returncode == 0, run.output
    return project


def test_every_input_file_has_one_outcome(extracted_project: DbtProject) -> None:
    log = log_by_file(extracted_project.raw_dir)
    outcomes = dict(
        extracted_project.query(
            "select source_file, extraction_status from marts.fct_extraction_outcomes"
        )
    )
    carried = {p.name for p in (*REFERENCE_DIR.iterdir(), *REAL_DIR.iterdir())}
    assert set(outcomes) == carried
    assert outcomes == {name: entry["status"] for name, entry in log.items()}
    # the 2019 format and digits run together are read now, where one reading alone fits
    assert outcomes["pingtan_2020_format2019_concat.txt"] == "partial"
    assert outcomes["pingtan_2021_concat.txt"] == "partial"
    assert outcomes["pingtan_2022_concat.txt"] == "partial"
    assert outcomes["template_2021_format.docx"] == "rejected"  # the blank template
    loaded = {
        name for (name,) in extracted_project.query("select source_file from marts.dim_reports")
    }
    assert loaded == {name for name, status in outcomes.items() if status != "rejected"}


def test_registry_proposals_are_not_loaded_as_a_seed(extracted_project: DbtProject) -> None:
    proposals = extracted_project.raw_dir / "agency_registry_proposed.csv"
    unregistered = {"淮安市人民政府", "上海市人民政府办公厅", "平潭综合实验区"}
    assert {r["aliases"] for r in read_csv(proposals)} == unregistered
    tables = {
        name
        for (name,) in extracted_project.query("select table_name from information_schema.tables")
    }
    assert "dim_reports" in tables
    assert "agency_registry_proposed" not in tables
    without_registry = extracted_project.query(
        "select distinct title_agency from marts.dim_reports where agency_name is null"
    )
    assert {a for (a,) in without_registry} == unregistered


@pytest.mark.parametrize("name", ["huaian_shi_2024.pdf", "huaian_shi_2024.txt"])
def test_huaian_marts_equal_the_pdf_table(extracted_project: DbtProject, name: str) -> None:
    expected = {key: Decimal(text.replace(",", "")) for key, text in huaian_truth().items()}
    got = {
        (mart.table, row, column): value
        for mart in FACT_MARTS
        for (source, row, column), value in extracted_project.mart_values(mart).items()
        if source == name
    }
    assert got == expected
    quality = extracted_project.query(
        "select status, error_count, check_count, passed_check_count "
        f"from marts.rpt_report_quality where source_file = '{name}'"
    )
    # 42 arithmetic checks, and the 4 figures the narrative restates, all equal to the table
    assert quality == [("pass", 0, 46, 46)]
    figures = extracted_project.query(
        "select figure_code, value, table_value, check_status from marts.fct_narrative_figures "
        f"join marts.dim_reports using (report_id) where source_file = '{name}' order by 1"
    )
    assert figures == [
        ("requests_carried_forward", 103, 103, "pass"),
        ("requests_carried_over", 34, 34, "pass"),
        ("requests_handled", 3050, 3050, "pass"),
        ("requests_received", 3119, 3119, "pass"),
    ]


def test_shanghai_inferred_cells_are_counted_not_hidden(extracted_project: DbtProject) -> None:
    rows = extracted_project.query(
        "select item_code, metric_code, value, annotation, provenance "
        "from marts.fct_active_disclosure join marts.dim_reports using (report_id) "
        "where source_file like 'shanghai%' and provenance = 'inferred' "
        "order by item_code, metric_code"
    )
    # 规章 22（其中修订16件）| 22 | 235 and 行政规范性文件 34 | 55（含自然失效29件）| 189:
    # the values and the notes are kept, and every placed cell is marked inferred
    assert rows == [
        ("normative_document", "in_force", 189, None, "inferred"),
        ("normative_document", "issued", 34, None, "inferred"),
        ("normative_document", "repealed", 55, "（含自然失效29件）", "inferred"),
        ("regulation", "in_force", 235, None, "inferred"),
        ("regulation", "issued", 22, "（其中修订16件）", "inferred"),
        ("regulation", "repealed", 22, None, "inferred"),
    ]
    quality = extracted_project.query(
        "select inferred_cell_count, unreadable_cell_count from marts.rpt_report_quality "
        "where source_file like 'shanghai%'"
    )
    assert quality == [(6, 0)]


def test_partial_report_is_incomplete_with_its_missing_cells(
    extracted_project: DbtProject,
) -> None:
    log = log_by_file(extracted_project.raw_dir)["pingtan_2022_concat.txt"]
    missing = set(log["missing_cells"].split(";"))
    quality = extracted_project.query(
        "select status, unreadable_cell_count from marts.rpt_report_quality "
        "where source_file = 'pingtan_2022_concat.txt'"
    )
    assert quality == [("incomplete", len(missing))]
    incomplete = extracted_project.query(
        "select count(*) from marts.fct_rule_violations "
        "where source_file = 'pingtan_2022_concat.txt' and rule_id = 'CELL_COMPLETE'"
    )
    assert incomplete == [(len(missing),)]
    arithmetic = extracted_project.query(
        "select count(*) from marts.fct_rule_violations as v join marts.dim_rules using (rule_id) "
        "where v.source_file = 'pingtan_2022_concat.txt' and dim_rules.check_kind = 'sum'"
    )
    assert arithmetic == [(0,)]  # a missing cell is never a zero that breaks a sum
    not_checkable = extracted_project.query(
        "select count(*) from marts.fct_rule_checks join marts.dim_reports using (report_id) "
        "where source_file = 'pingtan_2022_concat.txt' and status = 'not_checkable'"
    )
    assert not_checkable[0][0] > 0


def test_narrative_figures_are_checked_against_the_tables(extracted_project: DbtProject) -> None:
    rows = extracted_project.query(
        "select source_file, figure_code, figure_text, check_status "
        "from marts.fct_narrative_figures join marts.dim_reports using (report_id) "
        "where source_file in ('shanghai_shizhengfu_bgt_2025_pdfmd.txt', 'pingtan_2022_concat.txt')"
        " order by 1, 2"
    )
    assert rows == [
        # Pingtan 2022 says 75 requests; table 三 could not be read, so nothing is claimed
        ("pingtan_2022_concat.txt", "requests_received", "75", "not_checkable"),
        # Shanghai's “全年未发生…行政复议纠错或行政诉讼败诉” is not read as “no review”
        ("shanghai_shizhengfu_bgt_2025_pdfmd.txt", "requests_carried_over", "189", "pass"),
        ("shanghai_shizhengfu_bgt_2025_pdfmd.txt", "requests_handled", "1191", "pass"),
        ("shanghai_shizhengfu_bgt_2025_pdfmd.txt", "requests_received", "1295", "pass"),
    ]


def test_raw_dir_anywhere_gives_the_same_marts(
    extracted_project: DbtProject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The raw corpus can live anywhere (var raw_dir), even under a path with a quote and a
    dollar sign, and gives the same marts as the project's own data/raw."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("raw_dir") / "project")
    raw_dir = tmp_path_factory.mktemp("elsewhere") / "it's $raw {dir}"
    shutil.copytree(extracted_project.raw_dir, raw_dir)
    run = project.build("--vars", json.dumps({"raw_dir": str(raw_dir)}))
    assert run.returncode == 0, run.output
    for relation in (
        "marts.dim_reports",
        "marts.fct_extraction_outcomes",
        "marts.fct_narrative_figures",
        "marts.fct_rule_checks",
        "marts.fct_rule_violations",
        "marts.rpt_report_quality",
    ):
        sql = f"select * from {relation} order by all"
        assert project.query(sql) == extracted_project.query(sql), relation
    loaded = [
        e for e in log_by_file(extracted_project.raw_dir).values() if e["status"] != "rejected"
    ]
    assert len(project.query("select * from marts.dim_reports")) == len(loaded) >= 9
