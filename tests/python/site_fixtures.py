"""The review corpus for the site tests: the mutation corpus, plus hostile text and a rejected file.

审阅网站测试的语料：变异语料（每种变异一份报告，违反已知），外加恶意文本和一个被拒绝的文件。
Built once per session with a real `dbt build`; the site is rendered from its DuckDB file by
the tests themselves (`xxgk site` or `render_site`).

- `mut_balance` (breaks T3_BALANCE in the 自然人 and 总计 columns) is titled with an HTML
  injection, `XSS_AGENCY`;
- `mut_negative` (CELL_NON_NEGATIVE) is titled with a spreadsheet formula, `FORMULA_AGENCY`;
- one more line of the extraction log is a rejected file (`REJECTED_FILE`, with its reason);
- one more registered agency, named with an HTML injection (`MISSING_AGENCY`), never reports:
  its office's list names it as not published (and `mut_late_publication` as late).
"""

from __future__ import annotations

import csv

import pytest
from dbt_harness import REPO, DbtProject
from mutations import MUTATIONS, REGISTRY_SEED, write_corpus, write_mutation_project

XSS_AGENCY = "<img src=x onerror=alert(1)>"
FORMULA_AGENCY = '=HYPERLINK("http://example.invalid","点此")'
XSS_REPORT = "mut_balance"
FORMULA_REPORT = "mut_negative"
OUTCOME_REPORT = "mut_outcome_total"
REJECTED_FILE = "scan_<b>only</b>.pdf"
MISSING_AGENCY = "<script>alert('未报')</script>镇"
MISSING_AGENCY_ID = "mut.never_reported"
REJECTED_REASON_ZH = "PDF 没有文字层（扫描件），不做 OCR"
# the cells the balance mutation breaks: the four terms of the balance in both columns
BALANCE_CELLS = {
    f"t3:{row}×{column}"
    for row in ("new_received", "carried_over", "total_handled", "carried_forward")
    for column in ("natural_person", "total")
}

_BUILT: dict[str, DbtProject] = {}


def review_corpus() -> dict[str, list[dict[str, str]]]:
    corpus = write_corpus(REPO / "data" / "raw", MUTATIONS)
    titles = {XSS_REPORT: XSS_AGENCY, FORMULA_REPORT: FORMULA_AGENCY}
    for report in corpus["raw_reports.csv"]:
        if report["report_id"] in titles:
            report["title_agency"] = titles[report["report_id"]]
    log = corpus["raw_extraction_log.csv"]
    log.append(
        {
            **{key: "" for key in log[0]},
            "source_file": REJECTED_FILE,
            "source_sha256": "f" * 64,
            "report_id": "ffffffffffffffff",
            "status": "rejected",
            "cells_expected": "200",
            "cells_read": "0",
            "reason_zh": REJECTED_REASON_ZH,
            "reason_en": "the PDF has no text layer (a scan): no OCR",
        }
    )
    return corpus


def review_build(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    if "review" not in _BUILT:
        project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("review") / "project")
        write_mutation_project(project, MUTATIONS, review_corpus())
        registry = project.root / REGISTRY_SEED
        header = registry.read_text(encoding="utf-8").splitlines()[0].split(",")
        with registry.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerow(
                {
                    **dict.fromkeys(header, ""),
                    "agency_id": MISSING_AGENCY_ID,
                    "agency_name": MISSING_AGENCY,
                    "agency_level": "township",
                    "province": "变异省",
                    "rolls_up": "false",
                    "first_report_year": "2023",
                }
            )
        run = project.build()
        assert run.returncode == 0, run.output
        _BUILT["review"] = project
    return _BUILT["review"]


@pytest.fixture(scope="session", name="review_project")
def review_project_fixture(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The review corpus after a real `dbt build`."""
    return review_build(tmp_path_factory)
