"""The review site, the GX Data Docs and the dbt docs as a reviewer opens them: from the file
system, in headless Chromium with a CJK font, with the network blocked.

审阅网站、GX Data Docs 与 dbt 文档：从文件系统打开，网络阻断，逐一断言没有任何请求离开本机、
中文由 CJK 字体绘制、违反勾稽关系的单元格被标出并写明规则、注入的机关名称不执行任何代码。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import OfflinePage, chromium, open_offline
from dbt_harness import DbtProject
from openpyxl import load_workbook
from seeded_faults import BALANCE_REPORT
from site_fixtures import (
    BALANCE_CELLS,
    MISSING_AGENCY,
    XSS_AGENCY,
    XSS_REPORT,
    review_project_fixture,  # noqa: F401 (pytest fixture)
)

from xxgk.site import render

pytestmark = [pytest.mark.browser, pytest.mark.dbt, pytest.mark.slow]

# the broken fixture adds 3 to 一、本年新收 in the 自然人 and 总计 columns of report 004
BROKEN_BALANCE_CELLS = BALANCE_CELLS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def offline(browser: Any) -> Iterator[Any]:
    pages: list[OfflinePage] = []

    def _open(path: Path, fragment: str = "") -> OfflinePage:
        page = open_offline(browser)
        pages.append(page)
        page.goto(path, fragment)
        return page

    yield _open
    for page in pages:
        page.page.context.close()


@pytest.fixture(scope="module")
def review_site(review_project: DbtProject, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser_site") / "site"
    chunk = render.INDEX_CHUNK
    render.INDEX_CHUNK = 5  # the index loads several data files
    try:
        render.render_site(review_project.database, out)
    finally:
        render.INDEX_CHUNK = chunk
    return out


def _assert_cjk(page: OfflinePage, selector: str) -> None:
    fonts = page.fonts(selector)
    cjk = [(name, glyphs) for name, glyphs in fonts if "CJK" in name]
    assert cjk and all(glyphs > 0 for _, glyphs in cjk), fonts


def test_index_loads_all_chunks_and_filters_offline(
    review_site: Path, review_project: DbtProject, offline
) -> None:
    from playwright.sync_api import expect

    page = offline(review_site / "index.html")
    expect(page.page.locator("body")).to_have_attribute("data-loaded", "true")
    chunks = sorted((review_site / "data").glob("reports-*.js"))
    assert len(chunks) > 2
    total = len(review_project.query("select * from marts.dim_reports")) + 1  # + rejected
    expect(page.page.locator("#shown")).to_contain_text(f"符合条件 {total} 份")

    page.page.select_option("select[name=status]", "fail")
    (fails,) = review_project.query(
        "select count(*) from marts.rpt_report_quality where status = 'fail'"
    )[0]
    rows = page.page.locator("#rows tr")
    expect(rows).to_have_count(fails)
    for index in range(fails):
        expect(rows.nth(index)).to_have_class("st-fail")

    page.page.select_option("select[name=status]", "")
    page.page.select_option("select[name=rule]", "T3_BALANCE")
    expect(rows).to_have_count(2)
    expect(page.page.locator("#rows")).to_contain_text(XSS_AGENCY)  # as text
    expect(page.page.locator("#rows")).to_contain_text("变异balance_one_column")
    _assert_cjk(page, "h1")
    assert page.remote_requests == []
    assert page.dialogs == [] and page.errors == []
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    files = [url for url in page.requests if "/data/reports-" in url]
    assert len(files) == len(chunks)


def test_report_page_marks_the_broken_balance_and_names_the_rule(
    review_site: Path, offline
) -> None:
    from playwright.sync_api import expect

    page = offline(review_site / "reports" / f"{XSS_REPORT}.html")
    for cell in BALANCE_CELLS:
        element = page.page.locator(f'td[id="{cell}"]')
        expect(element).to_be_visible()
        expect(element).to_have_class(re.compile(r"\bfail\b"))
        expect(element).to_contain_text("T3_BALANCE")
    expect(page.page.locator("td[data-rules]")).to_have_count(len(BALANCE_CELLS))
    expect(page.page.locator("#findings")).to_contain_text("勾稽关系不成立（自然人列）")
    expect(page.page.locator("h1")).to_contain_text(XSS_AGENCY)
    _assert_cjk(page, "table.t-t3 th.label")
    _assert_cjk(page, "#findings td:nth-child(6) .zh")
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.dialogs == [] and page.errors == []
    assert page.remote_requests == []


def test_language_switch_shows_english_and_is_remembered(review_site: Path, offline) -> None:
    from playwright.sync_api import expect

    page = offline(review_site / "reports" / f"{XSS_REPORT}.html")
    findings = page.page.locator("#findings h2")
    expect(findings.locator(".zh")).to_be_visible()
    expect(findings.locator(".en")).to_be_hidden()
    page.page.click("#lang-toggle")
    expect(findings.locator(".en")).to_have_text("Findings")
    expect(findings.locator(".zh")).to_be_hidden()
    page.page.goto((review_site / "rules" / "T3_BALANCE.html").as_uri())
    expect(page.page.locator("h1 .en")).to_be_visible()
    expect(page.page.locator("h1 .en")).to_contain_text("Balance")
    page.page.click("#lang-toggle")
    expect(page.page.locator("h1 .zh")).to_contain_text("勾稽关系")
    assert page.remote_requests == []


def test_rule_page_lists_the_reports_and_links_to_them(review_site: Path, offline) -> None:
    from playwright.sync_api import expect

    page = offline(review_site / "rules" / "T3_BALANCE.html")
    rows = page.page.locator("tr[data-report]")
    expect(rows).to_have_count(3)
    row = page.page.locator(f'tr[data-report="{XSS_REPORT}"]').first
    expect(row).to_contain_text(XSS_AGENCY)
    row.locator("a").first.click()
    expect(page.page.locator('td[id="t3:carried_forward×natural_person"]')).to_contain_text(
        "T3_BALANCE"
    )
    assert page.dialogs == [] and page.remote_requests == []


def test_rectify_page_prints_the_rows(review_site: Path, offline) -> None:
    from playwright.sync_api import expect

    page = offline(review_site / "rectify" / "index.html")
    page.page.get_by_text("变异outcome_total").first.click()
    table = page.page.locator("table.rectify")
    expect(table).to_contain_text("三、本年度办理结果（七）总计 × 自然人")
    expect(table.locator("tbody tr")).to_have_count(2)
    assert page.remote_requests == []


def test_office_page_lists_the_reports_not_published_or_late(review_site: Path, offline) -> None:
    """The superior office's page: its agencies' missing and late reports, the registry's
    hostile name shown as text and run as nothing."""
    from playwright.sync_api import expect

    page = offline(review_site / "rectify" / "index.html")
    page.page.get_by_text("变异省政务公开主管部门").first.click()
    gaps = page.page.locator("table.coverage-gaps tbody tr")
    expect(gaps).to_have_count(3)
    expect(gaps.nth(0)).to_contain_text(MISSING_AGENCY)
    expect(gaps.nth(0)).to_contain_text("未发布")
    expect(gaps.nth(2)).to_contain_text("变异late_publication")
    expect(gaps.nth(2)).to_contain_text("2024-04-02")
    assert page.dialogs == [] and page.remote_requests == []


def test_build_writes_the_site_and_marks_the_broken_balance(
    broken_project: DbtProject, offline
) -> None:
    from playwright.sync_api import expect

    site = broken_project.root / "build" / "site"
    assert (site / "index.html").is_file(), broken_project.build_run.output
    page = offline(site / "reports" / f"{BALANCE_REPORT}.html")
    for cell in BROKEN_BALANCE_CELLS:
        expect(page.page.locator(f'td[id="{cell}"]')).to_contain_text("T3_BALANCE")
    expect(page.page.locator('td[id="t3:new_received×natural_person"]')).to_contain_text("532")
    assert page.remote_requests == []
    workbooks = list((site / "rectify" / "agency").glob("焦作市人民政府-*.xlsx"))
    [workbook] = workbooks
    rows = list(load_workbook(workbook)["整改清单"].iter_rows(min_row=3, values_only=True))
    assert {(row[0], row[1], row[3], row[8]) for row in rows} == {
        ("焦作市人民政府", 2023, "自然人列", "T3_BALANCE"),
        ("焦作市人民政府", 2023, "总计列", "T3_BALANCE"),
    }


def test_data_docs_work_offline_and_name_agency_year_and_cells(
    broken_project: DbtProject, offline
) -> None:
    from playwright.sync_api import expect

    page = offline(broken_project.gx_docs / "index.html")
    expect(page.page.locator('#xxgk-suites tr[data-suite="rule_T3_BALANCE"]')).to_be_visible()
    # the vendored scripts ran: jQuery and bootstrap-table rendered GX's own index table
    assert page.page.evaluate("typeof window.jQuery") == "function"
    expect(page.page.locator(".bootstrap-table").first).to_be_visible()
    _assert_cjk(page, "#xxgk-suites h2")
    assert page.remote_requests == [], page.remote_requests
    assert page.errors == []

    # the validation page of the run that failed (another test may validate again in batches)
    [result] = [
        path
        for path in sorted(
            (broken_project.gx_docs / "validations" / "rule_T3_BALANCE").rglob("*.html")
        )
        if BALANCE_REPORT in path.read_text(encoding="utf-8")
    ][-1:]
    page = offline(result)
    body = page.page.locator("body")
    expect(body).to_contain_text("焦作市人民政府")
    expect(body).to_contain_text("2023")
    expect(body).to_contain_text("勾稽关系不成立（自然人列）")
    # GX's logo drawn from the build directory, not from its cloud bucket
    assert page.page.evaluate("document.querySelector('nav img').naturalWidth") > 0
    assert page.remote_requests == [], page.remote_requests


def test_dbt_docs_work_offline(broken_project: DbtProject, offline) -> None:
    from playwright.sync_api import expect

    page = offline(broken_project.dbt_docs, "#!/model/model.xxgk.fct_rule_violations")
    expect(page.page.get_by_text("规则违反明细", exact=False).first).to_be_visible()
    assert page.remote_requests == [], page.remote_requests
