"""The review site and the 整改清单, rendered from a real dbt build of the review corpus.

审阅网站与整改清单：在变异语料（每种变异已知其违反）的真实构建上生成，逐页、逐格核对。Each
mutated report's page marks exactly the cells its violations name, with the rule, and no other
cell; text from reports is escaped; the workbooks open in openpyxl with the labels as printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dbt_harness import DbtProject
from lxml import html as lxml_html
from mutations import MUTATIONS, Mutation
from openpyxl import load_workbook
from site_fixtures import (
    BALANCE_CELLS,
    FORMULA_AGENCY,
    FORMULA_REPORT,
    MISSING_AGENCY,
    MISSING_AGENCY_ID,
    OUTCOME_REPORT,
    REJECTED_FILE,
    REJECTED_REASON_ZH,
    XSS_AGENCY,
    XSS_REPORT,
    review_project_fixture,  # noqa: F401 (pytest fixture)
)

from xxgk.site import render
from xxgk.site.rectify import HEADERS_ZH, file_stem

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

XXGK = Path(sys.executable).with_name("xxgk")


@pytest.fixture(scope="module")
def site(review_project: DbtProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    chunk = render.INDEX_CHUNK
    render.INDEX_CHUNK = 7  # several index data files from a small corpus
    try:
        summary = render.render_site(review_project.database, out)
    finally:
        render.INDEX_CHUNK = chunk
    assert summary.reports == len(review_project.query("select * from marts.dim_reports"))
    assert summary.rejected == 1
    return out


def _page(site: Path, relative: str):
    return lxml_html.fromstring((site / relative).read_text(encoding="utf-8"))


def _marked(page) -> dict[str, set[str]]:
    """cell id → the rules the page says the cell breaks."""
    return {
        cell.get("id"): set(cell.get("data-rules").split())
        for cell in page.xpath("//td[@data-rules]")
    }


ROW_INSTANCE_RULES = ("T3_APPLICANT_TOTAL", "T4_BLOCK_TOTAL", "XY_DOCUMENT_STOCK")


def _on_instance(cell: str, violation: tuple) -> bool:
    """Whether a cell lies on the instance (a row or a column) a sum violation names."""
    rule, row, column, _, _ = violation
    if rule in ROW_INSTANCE_RULES:
        return f":{row}×" in cell
    return cell.endswith(f"×{column}")


def _violation_cell(violation: tuple) -> tuple[str | None, str | None]:
    _, row, column, _, _ = violation
    return row, column


NOT_ON_CELLS = {
    "REPORT_IDENTITY",
    "YOY_ANOMALY",
    "COPY_PASTE",
    "COVERAGE_MISSING",
    "LATE_PUBLICATION",
}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_each_report_marks_exactly_the_cells_of_its_violations(
    site: Path, review_project: DbtProject, mutation: Mutation
) -> None:
    report_id = mutation.checked_report_id
    page = _page(site, f"reports/{report_id}.html")
    marked = _marked(page)
    rules = {violation[0] for violation in mutation.violations}
    # every rule broken on a cell is named on it, and no cell names another rule (a report's
    # identity, its year-on-year comparison and its agency's coverage are no cell: they are
    # listed with the findings only)
    on_cells = rules - NOT_ON_CELLS
    assert {rule for cell in marked.values() for rule in cell} == on_cells
    for violation in mutation.violations:
        rule, row, column = violation[0], *_violation_cell(violation)
        cells = {cell for cell, named in marked.items() if rule in named}
        same_rule = [v for v in mutation.violations if v[0] == rule]
        if rule in NOT_ON_CELLS:
            assert cells == set()
            continue
        if rule == "CELL_GROUPED":
            # the group printed as one row: its cells on the group's row are marked
            assert cells and all(cell.startswith(f"t3:{row}×") for cell in cells), cells
            continue
        if rule.startswith("CELL_"):
            # a cell rule marks its cells only, in their table
            tables = dict(
                review_project.query(
                    "select row_code || '×' || column_code, table_code"
                    " from marts.fct_rule_violations"
                    f" where report_id = '{report_id}' and rule_id = '{rule}'"
                )
            )
            assert cells == {f"{tables[f'{v[1]}×{v[2]}']}:{v[1]}×{v[2]}" for v in same_rule}
        elif rule == "NARRATIVE_TABLE":
            assert cells == {f"t3:{row}×{column}"}, mutation.what
        else:
            # a sum marks the cells of the instances it failed on (a column or a row) only
            assert all(any(_on_instance(cell, v) for v in same_rule) for cell in cells), cells
            assert any(_on_instance(cell, violation) for cell in cells), (mutation.what, cells)
        marked_cell = page.xpath(f'//td[@id="{next(iter(cells))}"]')[0]
        assert "fail" in marked_cell.get("class") or "warn" in marked_cell.get("class")
        assert rule in marked_cell.text_content()
    listed = {row.get("data-rule") for row in page.xpath("//tr[@data-rule]")}
    # a report not published (COVERAGE_MISSING) has no page of its own to be listed on
    assert listed == rules - {"COVERAGE_MISSING"}


def test_the_broken_balance_marks_its_eight_cells(site: Path) -> None:
    page = _page(site, f"reports/{XSS_REPORT}.html")
    assert _marked(page) == {cell: {"T3_BALANCE"} for cell in BALANCE_CELLS}
    for cell in BALANCE_CELLS:
        [element] = page.xpath(f'//td[@id="{cell}"]')
        assert "fail" in element.get("class").split()
        assert "勾稽关系不成立" in element.get("title")


def test_unusable_and_inferred_cells_are_marked(site: Path) -> None:
    page = _page(site, "reports/mut_inferred_cell.html")
    [cell] = page.xpath('//td[@id="t3:new_received×natural_person"]')
    assert {"inferred", "unchecked"} <= set(cell.get("class").split())
    assert set(cell.get("data-unchecked").split()) == {"T3_BALANCE", "T3_APPLICANT_TOTAL"}
    page = _page(site, "reports/mut_missing_cell.html")
    [cell] = page.xpath('//td[@id="t4:admin_review×pending"]')
    assert "s-missing" in cell.get("class").split()
    # the extractor's gap, not the agency's error: no rule broken, the block total not read
    assert cell.get("data-rules") is None
    assert cell.get("data-unchecked") == "T4_BLOCK_TOTAL"
    assert "未读出" in cell.text_content()
    page = _page(site, "reports/mut_blank_cell.html")
    [cell] = page.xpath('//td[@id="t3:new_received×research"]')
    assert "s-blank" in cell.get("class").split()
    assert cell.text_content().strip().startswith("空白")  # never shown as 0


def test_report_page_shows_labels_as_printed_and_the_narrative(site: Path) -> None:
    page = _page(site, "reports/mut_narrative_figure.html")
    labels = [th.text_content() for th in page.xpath('//table[contains(@class,"t-t3")]//th')]
    text = " ".join(labels)
    for label in (
        "一、本年新收政府信息公开申请数量",
        "三、本年度办理结果",
        "（七）总计",
        "法人或其他组织",
    ):
        assert label in text
    quote = page.xpath('//section[@id="narrative"]//td[@class="quote"]')
    assert any("600件" in cell.text_content() for cell in quote)
    [cell] = page.xpath('//td[@id="t3:total_handled×total"]')
    assert "quoted" in cell.get("class").split()
    assert "NARRATIVE_TABLE" in cell.get("data-rules")


def test_text_from_reports_is_escaped_everywhere(site: Path) -> None:
    for page_path in site.rglob("*.html"):
        text = page_path.read_text(encoding="utf-8")
        assert XSS_AGENCY not in text, page_path
        assert MISSING_AGENCY not in text, page_path
        assert "<b>only</b>" not in text, page_path
        assert not lxml_html.fromstring(text).xpath("//img"), page_path
    for data_file in (site / "data").glob("*.js"):
        text = data_file.read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, data_file
    page = _page(site, f"reports/{XSS_REPORT}.html")
    assert XSS_AGENCY in page.xpath("//h1")[0].text_content()


def test_rejected_files_are_listed_with_their_reason(site: Path) -> None:
    index = (site / "data").glob("reports-*.js")
    text = "".join(path.read_text(encoding="utf-8") for path in index)
    assert REJECTED_REASON_ZH in text
    pages = [p for p in (site / "reports").glob("*.html") if REJECTED_REASON_ZH in p.read_text()]
    [page] = pages
    assert REJECTED_FILE in _page(site, f"reports/{page.name}").xpath("//h1")[0].text_content()


def test_rule_page_lists_its_violations(site: Path, review_project: DbtProject) -> None:
    expected = review_project.query(
        "select count(*) from marts.fct_rule_violations where rule_id = 'T3_BALANCE'"
    )[0][0]
    page = _page(site, "rules/T3_BALANCE.html")
    rows = page.xpath("//tr[@data-report]")
    assert len(rows) == expected == 3  # balance: 2 columns; balance_one_column: 1
    assert {row.get("data-report") for row in rows} == {XSS_REPORT, "mut_balance_one_column"}


def test_workbook_holds_the_violations_with_labels_as_printed(site: Path) -> None:
    book = load_workbook(site / "rectify" / "agency" / f"{file_stem('变异outcome_total')}.xlsx")
    sheet = book["整改清单"]
    assert tuple(cell.value for cell in sheet[1])[: len(HEADERS_ZH)] == HEADERS_ZH
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=3)]
    assert {(r[0], r[1], r[2], r[3], r[4], r[5], r[8]) for r in rows} == {
        (
            "变异outcome_total",
            2023,
            "三、收到和处理政府信息公开申请情况",
            "三、本年度办理结果（七）总计 × 自然人",
            "528",
            "527",
            "T3_OUTCOME_TOTAL",
        ),
        (
            "变异outcome_total",
            2023,
            "三、收到和处理政府信息公开申请情况",
            "三、本年度办理结果（七）总计 × 总计",
            "603",
            "602",
            "T3_OUTCOME_TOTAL",
        ),
    }
    assert all(r[6].startswith("办理结果合计不符") for r in rows)
    assert OUTCOME_REPORT  # the report the rows come from


def test_workbook_keeps_formula_like_text_as_text(site: Path) -> None:
    path = site / "rectify" / "agency" / f"{file_stem(FORMULA_AGENCY)}.xlsx"
    sheet = load_workbook(path)["整改清单"]
    [row] = list(sheet.iter_rows(min_row=3))
    assert row[0].value == FORMULA_AGENCY
    assert row[0].data_type == "s"
    assert row[5].value == "-1" and row[5].data_type == "s"  # 实为 as printed
    assert FORMULA_REPORT


def test_workbook_per_superior_office(site: Path, review_project: DbtProject) -> None:
    offices = sorted((site / "rectify" / "office").glob("*.xlsx"))
    # the mutations' registered agencies (a county of 变异省) go back through their province's
    # office, the unregistered ones through 未登记机关: each violation in exactly one office's list
    assert [path.name.split("-")[0] for path in offices] == ["变异省政务公开主管部门", "未登记机关"]
    rows = [
        row for office in offices for row in load_workbook(office)["整改清单"].iter_rows(min_row=3)
    ]
    # (a report not published, COVERAGE_MISSING, has no report to send back: not on the lists)
    (violations,) = review_project.query(
        "select count(*) from marts.fct_rule_violations where report_id is not null"
    )[0]
    assert len(rows) == violations


def test_office_lists_name_the_reports_not_published_or_late(site: Path) -> None:
    """COVERAGE_MISSING and LATE_PUBLICATION on the superior office's list: its workbook's
    second sheet and its page, the registry's (hostile) name escaped."""
    [office] = (site / "rectify" / "office").glob("变异省政务公开主管部门-*.xlsx")
    sheet = load_workbook(office)["未发布与逾期"]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows == [
        (MISSING_AGENCY, MISSING_AGENCY_ID, 2023, "未发布", "2024-03-31", None, None),
        (
            "变异coverage_missing乙",
            "mut.coverage_missing.b",
            2023,
            "未发布",
            "2024-03-31",
            None,
            None,
        ),
        (
            "变异late_publication",
            "mut.late_publication",
            2023,
            "逾期发布",
            "2024-03-31",
            "2024-04-02",
            2,
        ),
    ]
    page = _page(site, f"rectify/office/{office.stem}.html")
    listed = [
        [cell.text_content() for cell in row.xpath("td")]
        for row in page.xpath("//table[contains(@class, 'coverage-gaps')]/tbody/tr")
    ]
    assert [row[0] for row in listed] == [
        MISSING_AGENCY,
        "变异coverage_missing乙",
        "变异late_publication",
    ]
    assert listed[2][3:] == ["逾期发布published late", "2024-03-31", "2024-04-02", "2"]
    # an agency's own list holds no coverage sheet: what it owes goes to its office
    [agency] = (site / "rectify" / "agency").glob("变异late_publication-*.xlsx")
    assert load_workbook(agency).sheetnames == ["整改清单"]


def _xxgk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(XXGK), *args], capture_output=True, text=True, check=False)


def test_site_command_replaces_its_own_site_and_refuses_another_directory(
    review_project: DbtProject, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = ("site", "--duckdb", str(review_project.database), "--project-dir")
    first = _xxgk(*args, str(review_project.root), "--out", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    assert (out / "index.html").is_file() and (out / "reports" / f"{XSS_REPORT}.html").is_file()
    (out / "stale.html").write_text("old", encoding="utf-8")
    again = _xxgk(*args, str(review_project.root), "--out", str(out))
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (out / "stale.html").exists()
    assert not list(tmp_path.glob(".site.building-*"))

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    refused = _xxgk(*args, str(review_project.root), "--out", str(foreign))
    assert refused.returncode == 2
    assert "不是 xxgk 生成的目录" in refused.stderr
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_rectify_command_writes_the_workbooks(review_project: DbtProject, tmp_path: Path) -> None:
    out = tmp_path / "rectify"
    completed = _xxgk(
        "rectify",
        "--duckdb",
        str(review_project.database),
        "--project-dir",
        str(review_project.root),
        "--out",
        str(out),
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    agencies = {path.name for path in (out / "agency").glob("*.xlsx")}
    (reports,) = review_project.query(
        "select count(distinct coalesce(title_agency, source_file)) from marts.fct_rule_violations"
    )[0]
    assert len(agencies) == reports
