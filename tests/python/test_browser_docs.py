"""The generated documentation as a reviewer sees it, in headless Chromium.

在无头 Chromium 中打开生成的文档：dbt 文档显示数据集市及中文说明，GX Data Docs 列出套件，
故障样例的失败期望及其报告可见。Debian's chromium (/usr/bin/chromium) driven by Playwright —
never `playwright install`. Pages are served over http on 127.0.0.1; every other request (the
CDNs GX links to) is aborted, so the tests need no network.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser_harness import TIMEOUT_MS, chromium
from dbt_harness import DbtProject
from seeded_faults import BALANCE_REPORT, NEGATIVE_REPORT

pytestmark = [pytest.mark.browser, pytest.mark.dbt, pytest.mark.slow]

MODEL_PAGE = "#!/model/model.xxgk."
SUITES = (
    "fct_active_disclosure",
    "fct_request_handling",
    "fct_review_litigation",
    "rule_T3_BALANCE",
    "rule_T3_OUTCOME_TOTAL",
    "rule_T3_APPLICANT_TOTAL",
    "rule_T4_BLOCK_TOTAL",
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium(local_server=True) as launched:
        yield launched


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def open_page(browser: object) -> Iterator:
    """open_page(project, path) → a page of the project's generated sites, served locally."""
    servers: list[ThreadingHTTPServer] = []
    pages: list = []

    def _open(project: DbtProject, path: str):
        server, base = _serve(project.root)
        servers.append(server)
        page = browser.new_page()  # type: ignore[attr-defined]
        page.set_default_timeout(TIMEOUT_MS)
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith((base, "data:", "about:"))
                else route.abort()
            ),
        )
        pages.append(page)
        page.goto(f"{base}/{path}")
        return page

    yield _open
    for page in pages:
        page.close()
    for server in servers:
        server.shutdown()
        server.server_close()


def test_dbt_docs_show_the_marts_and_their_chinese_descriptions(
    reference_project: DbtProject, open_page
) -> None:
    from playwright.sync_api import expect

    assert reference_project.dbt_docs.exists(), reference_project.build_run.output
    page = open_page(
        reference_project, "target/static_index.html#!/model/model.xxgk.fct_rule_violations"
    )
    expect(page.get_by_text("规则违反明细", exact=False).first).to_be_visible()
    body = page.locator("body")
    for mart in (
        "fct_rule_violations",
        "fct_request_handling",
        "dim_reports",
        "rpt_report_quality",
    ):
        # each mart's own page (the list of other models a page happens to hold depends on
        # dbt docs' hidden search results, which change whenever a model is added)
        page.goto(page.url.split("#")[0] + f"{MODEL_PAGE}{mart}")
        expect(body).to_contain_text(mart)

    page.goto(page.url.split("#")[0] + f"{MODEL_PAGE}fct_request_handling")
    expect(page.get_by_text("收到和处理政府信息公开申请情况", exact=False).first).to_be_visible()


def test_data_docs_index_lists_the_suites(reference_project: DbtProject, open_page) -> None:
    from playwright.sync_api import expect

    page = open_page(reference_project, "build/gx_docs/index.html")
    for suite in SUITES:
        row = page.locator(f'#xxgk-suites tr[data-suite="{suite}"]')
        expect(row).to_be_visible()
        expect(row).to_have_attribute("data-success", "true")

    page.locator('#xxgk-suites tr[data-suite="rule_T3_BALANCE"] a').first.click()
    expect(page.locator("body")).to_contain_text("T3_BALANCE — 勾稽关系")


def test_data_docs_show_the_failed_expectation_and_its_report(
    broken_project: DbtProject, open_page
) -> None:
    from playwright.sync_api import expect

    page = open_page(broken_project, "build/gx_docs/index.html")
    balance = page.locator('#xxgk-suites tr[data-suite="rule_T3_BALANCE"]')
    expect(balance).to_have_attribute("data-success", "false")
    expect(balance).to_contain_text("T3_BALANCE")
    expect(page.locator('#xxgk-suites tr[data-suite="rule_T4_BLOCK_TOTAL"]')).to_have_attribute(
        "data-success", "true"
    )

    balance.get_by_text("结果 / result").click()
    body = page.locator("body")
    expect(body).to_contain_text("Failed")
    expect(body).to_contain_text("T3_BALANCE")
    expect(body).to_contain_text(BALANCE_REPORT)
    expect(body).to_contain_text("natural_person")

    page.go_back()
    page.locator('#xxgk-suites tr[data-suite="fct_review_litigation"]').get_by_text(
        "结果 / result"
    ).click()
    expect(page.locator("body")).to_contain_text(NEGATIVE_REPORT)
    expect(page.locator("body")).to_contain_text("admin_review")
