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


REAL_AGENCIES = ("淮安市人民政府", "上海市人民政府办公厅", "平潭综合实验区")
# Jiaozuo 2023 (reference report 004) printed with （六）其他处理 as one row, as the 2019 format
# and county reports print it — and a copy with the group's 总计 one too high
GROUPED = "grouped_other.txt"
GROUPED_BROKEN = "grouped_other_total_broken.txt"


def _group_fixtures(directory) -> None:
    from layout_fixtures import TextStyle, render_text, sources

    jiaozuo = next(s for s in sources() if s.name == "004")
    text = render_text(jiaozuo, TextStyle(merge_groups=frozenset({"other"})))
    (directory / GROUPED).write_text(text, encoding="utf-8")
    group_total = "| （六）其他处理 | 40 | 0 | 0 | 0 | 6 | 0 | 46 |"
    assert group_total in text
    broken = text.replace(group_total, group_total.replace("| 46 |", "| 47 |"))
    (directory / GROUPED_BROKEN).write_text(broken, encoding="utf-8")


@pytest.fixture(scope="module")
def extracted_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project with its raw corpus replaced by the extraction of every report we carry,
    and the two （六）-as-one-row fixtures; agencies proposed against a registry without the
    real reports' agencies (as it was before they were added)."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("extracted") / "project")
    fixtures = tmp_path_factory.mktemp("fixtures")
    _group_fixtures(fixtures)
    seed = (project.root / "seeds" / "registry" / "agency_registry.csv").read_text("utf-8")
    registry = fixtures.parent / "registry_before.csv"
    registry.write_text(
        "".join(line for line in seed.splitlines(True) if line.split(",")[1] not in REAL_AGENCIES),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(REFERENCE_DIR),
            str(REAL_DIR),
            str(fixtures),
            "--out",
            str(project.raw_dir),
            "--registry",
            str(registry),
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
    carried |= {GROUPED, GROUPED_BROKEN}
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
    unregistered = set(REAL_AGENCIES)
    assert {r["aliases"] for r in read_csv(proposals)} == unregistered
    tables = {
        name
        for (name,) in extracted_project.query("select table_name from information_schema.tables")
    }
    assert "dim_reports" in tables
    assert "agency_registry_proposed" not in tables
    # the proposals were copied into the registry seed since: every agency has its name
    without_registry = extracted_project.query(
        "select distinct title_agency from marts.dim_reports where agency_name is null"
    )
    assert without_registry == []
    sources = extracted_project.query(
        "select distinct agency_source, year_source from marts.dim_reports"
    )
    assert sources == [("title", "title")]


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
    # 42 arithmetic checks, and the 4 figures the narrative restates, all equal to the table;
    # and LATE_PUBLICATION, not checkable: the report prints no 落款 date (not incomplete for it)
    assert quality == [("pass", 0, 47, 46)]
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


def test_cells_not_read_are_the_projects_finding_not_the_reports(
    extracted_project: DbtProject,
) -> None:
    """Pingtan 2022: 3 cells the extractor could not cut are counted and shown (not_read), never
    a CELL_COMPLETE error of the report; the report's real finding (the narrative's 75 against
    the table's 74) stands."""
    log = log_by_file(extracted_project.raw_dir)["pingtan_2022_concat.txt"]
    missing = set(log["missing_cells"].split(";"))
    assert len(missing) == 3
    quality = extracted_project.query(
        "select status, unreadable_cell_count, unread_cell_count, error_count, warning_count "
        "from marts.rpt_report_quality where source_file = 'pingtan_2022_concat.txt'"
    )
    assert quality == [("not_read", 0, 3, 0, 1)]
    violations = extracted_project.query(
        "select rule_id, row_code, column_code, expected, actual from marts.fct_rule_violations "
        "where source_file = 'pingtan_2022_concat.txt'"
    )
    assert violations == [("NARRATIVE_TABLE", "new_received", "total", "74", "75")]
    by_status = dict(
        extracted_project.query(
            "select status, count(*) from marts.fct_rule_checks join marts.dim_reports "
            "using (report_id) where source_file = 'pingtan_2022_concat.txt' group by 1"
        )
    )
    # the stock of 行政规范性文件 needs the 3 cells not read: not the report's problem; the one
    # check the report stops is LATE_PUBLICATION (the web page prints no 落款 date)
    assert by_status["not_read"] == 1 and by_status["not_checkable"] == 1
    assert extracted_project.query(
        "select rule_id from marts.fct_rule_checks join marts.dim_reports using (report_id)"
        " where source_file = 'pingtan_2022_concat.txt' and status = 'not_checkable'"
    ) == [("LATE_PUBLICATION",)]
    message = extracted_project.query(
        "select message_en from marts.fct_rule_checks join marts.dim_reports using (report_id) "
        "where source_file = 'pingtan_2022_concat.txt' and status = 'not_read'"
    )[0][0]
    assert "the extractor did not read these cells" in message
    assert "t2:normative_document×issued (missing)" in message


def test_pingtan_2020_in_the_2019_format_with_its_real_violation(
    extracted_project: DbtProject,
) -> None:
    """The 2019 trial format: tables 三 and 四 on the 2021 codes, （六）其他处理 as one row, and
    the outcome rows adding up to 27 (自然人 26) where （七）总计 says 21 (20)."""
    report = "pingtan_2020_format2019_concat.txt"
    violations = extracted_project.query(
        "select rule_id, severity, row_code, column_code, expected, actual "
        f"from marts.fct_rule_violations where source_file = '{report}' order by 1, 4"
    )
    assert violations == [
        ("CELL_GROUPED", "warning", "other", None, "its 3 rows filled in one by one", "grouped"),
        ("T3_OUTCOME_TOTAL", "error", "total_handled", "natural_person", "26", "20"),
        ("T3_OUTCOME_TOTAL", "error", "total_handled", "total", "27", "21"),
    ]
    (quality,) = extracted_project.query(
        "select status, template_version, grouped_cell_count, unread_cell_count "
        "from marts.rpt_report_quality join marts.dim_reports using (report_id, source_file) "
        f"where source_file = '{report}'"
    )
    # 21 leaf cells of （六） reported as a group; 17 cells of its own table 二 not read
    assert quality == ("fail", "2019", 21, 17)
    groups = extracted_project.query(
        "select column_code, value from marts.fct_reported_groups "
        f"join marts.dim_reports using (report_id) where source_file = '{report}' order by 1"
    )
    assert dict(groups) == {
        "commercial": 0,
        "legal_service": 0,
        "natural_person": 4,
        "other_org": 0,
        "research": 0,
        "social_welfare": 0,
        "total": 4,
    }
    table2 = extracted_project.query(
        "select item_code, metric_code, value from marts.fct_active_disclosure_2019 "
        f"join marts.dim_reports using (report_id) where source_file = '{report}' "
        "and cell_state = 'number' order by item_position, metric_position"
    )
    assert table2 == [
        ("regulation", "new_made", 0),
        ("regulation", "new_published", 0),
        ("regulation", "total_published", 7),
        ("administrative_fee", "items_prev_year", 35),
        ("administrative_fee", "items_change", -15),  # negative: legitimate in 2019
    ]
    # the 2021 table 二 does not exist in this format: not applicable, never missing
    states = extracted_project.query(
        "select distinct cell_state from marts.fct_active_disclosure "
        f"join marts.dim_reports using (report_id) where source_file = '{report}'"
    )
    assert states == [("not_applicable",)]


def test_pingtan_2021_segmented_cells_are_evidence_but_for_their_own_rule(
    extracted_project: DbtProject,
) -> None:
    report = "pingtan_2021_concat.txt"
    by_rule = extracted_project.query(
        "select rule_id, status, count(*) from marts.fct_rule_checks "
        f"join marts.dim_reports using (report_id) where source_file = '{report}' "
        "group by all order by all"
    )
    counts = {(rule, status): n for rule, status, n in by_rule}
    # rows cut so that their applicants add up to 总计: that check is excluded, never a pass
    assert counts[("T3_APPLICANT_TOTAL", "excluded")] == 2
    assert counts[("T4_BLOCK_TOTAL", "excluded")] == 3
    # the balance of every applicant column is checked on the segmented cells, and holds
    assert counts[("T3_BALANCE", "pass")] == 7
    # 予以公开 and 本机关不掌握 could be cut two ways each: not read, not the report's error
    assert counts[("T3_OUTCOME_TOTAL", "not_read")] == 7
    # no rule on its own tables fails or is stopped by the report (the office's year-on-year
    # rules compare it with 2020, where its requests did jump: YOY_ANOMALY, a real finding;
    # LATE_PUBLICATION is not checkable, the web page printing no 落款 date)
    assert not any(
        status in ("fail", "not_checkable")
        for rule, status in counts
        if rule not in ("YOY_ANOMALY", "COPY_PASTE", "LATE_PUBLICATION")
    )
    assert counts[("LATE_PUBLICATION", "not_checkable")] == 1
    assert counts.get(("YOY_ANOMALY", "fail")) == 2
    inferred = extracted_project.query(
        "select count(*) filter (where provenance = 'inferred'), count(*) "
        "from marts.fct_request_handling join marts.dim_reports using (report_id) "
        f"where source_file = '{report}' and cell_state = 'number'"
    )
    assert inferred == [(161, 161)]


def test_a_group_printed_as_one_row_is_checked_through_the_group(
    extracted_project: DbtProject,
) -> None:
    """（六）其他处理 as one row: extracted, the outcome total checked through the group in every
    column (and holding), one CELL_GROUPED warning instead of 21 missing cells; the group's
    总计 one too high breaks exactly T3_OUTCOME_TOTAL in the 总计 column."""
    outcomes = dict(
        extracted_project.query(
            "select source_file, extraction_status from marts.fct_extraction_outcomes "
            f"where source_file in ('{GROUPED}', '{GROUPED_BROKEN}')"
        )
    )
    assert outcomes == {GROUPED: "extracted", GROUPED_BROKEN: "extracted"}
    checks = extracted_project.query(
        "select instance_code, status from marts.fct_rule_checks join marts.dim_reports "
        f"using (report_id) where source_file = '{GROUPED}' and rule_id = 'T3_OUTCOME_TOTAL'"
    )
    assert len(checks) == 7 and {status for _, status in checks} == {"pass"}
    leaves = extracted_project.query(
        "select count(*) from marts.fct_rule_checks join marts.dim_reports using (report_id) "
        f"where source_file = '{GROUPED}' and rule_id = 'T3_APPLICANT_TOTAL' "
        "and instance_code like 'other_%'"
    )
    assert leaves == [(0,)]  # a leaf reported only as a group: its row check does not apply
    for name, expected in (
        (GROUPED, []),
        (GROUPED_BROKEN, [("T3_OUTCOME_TOTAL", "total_handled", "total", "603", "602")]),
    ):
        violations = extracted_project.query(
            "select rule_id, row_code, column_code, expected, actual "
            f"from marts.fct_rule_violations where source_file = '{name}' order by 1"
        )
        grouped = ("CELL_GROUPED", "other", None, "its 3 rows filled in one by one", "grouped")
        assert violations == [grouped, *expected]
    statuses = dict(
        extracted_project.query(
            "select source_file, status from marts.rpt_report_quality "
            f"where source_file in ('{GROUPED}', '{GROUPED_BROKEN}')"
        )
    )
    assert statuses == {GROUPED: "warn", GROUPED_BROKEN: "fail"}


def test_narrative_figures_are_checked_against_the_tables(extracted_project: DbtProject) -> None:
    rows = extracted_project.query(
        "select source_file, figure_code, figure_text, check_status "
        "from marts.fct_narrative_figures join marts.dim_reports using (report_id) "
        "where source_file in ('shanghai_shizhengfu_bgt_2025_pdfmd.txt', 'pingtan_2022_concat.txt')"
        " order by 1, 2"
    )
    assert rows == [
        # Pingtan 2022 says 75 requests received; table 三's 本年新收 总计 says 74
        ("pingtan_2022_concat.txt", "requests_received", "75", "fail"),
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
