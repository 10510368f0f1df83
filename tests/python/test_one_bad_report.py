"""One bad report never stops the build of the others (issue 14).

一份坏报告不影响其他报告的构建：一个 18 位数字的单元格、一份没有标题（机关与年度）的报告。

The reference corpus with one cell of one report printed as an 18-digit number and another
report's title (and so its agency and year) removed, built with the real `xxgk build`:
plain, the build succeeds and both problems are findings of exactly those reports, the other
reports unaffected; `--strict`, it fails and the database file stays the plain build's, byte
for byte.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_harness import RAW_DIR, REPO, XXGK, copy_project, keep_reference_reports

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

EIGHTEEN_DIGITS = "123456789012345678"
BROKEN_CELL = ("t3", "new_received", "total")


def _rewrite(path: Path, change: dict[str, dict[str, str]], key: str) -> None:
    """Set fields of the rows whose `key` column is in `change`."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        row.update(change.get(row[key], {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass
class Builds:
    database: Path
    cell_report: str
    untitled_report: str
    others: list[str]
    plain: subprocess.CompletedProcess[str]
    strict: subprocess.CompletedProcess[str]
    digest_before_strict: str
    digest_after_strict: str


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _xxgk(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DUCKDB", "XXGK_RAW_DIR")}
    env.update({"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "COLUMNS": "160"})
    return subprocess.run(
        [str(XXGK), "build", "--project-dir", str(root), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    base = tmp_path_factory.mktemp("one_bad_report")
    root = copy_project(base / "project")
    corpus = base / "corpus"
    corpus.mkdir()
    for source in (REPO / RAW_DIR).glob("*.csv"):
        (corpus / source.name).write_bytes(source.read_bytes())
    # the reference reports (every rule holds on them) and their agencies: the real reports'
    # own findings would blur "the other reports are unaffected"
    keep_reference_reports(corpus, root / "seeds" / "registry" / "agency_registry.csv")
    with (corpus / "raw_reports.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["report_id"] for row in csv.DictReader(handle)]
    cell_report, untitled_report, *others = ids
    table, row_code, column = BROKEN_CELL
    with (corpus / "raw_cells.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        cells = list(reader)
    for cell in cells:
        if (cell["report_id"], cell["table_code"], cell["row_code"], cell["column_code"]) == (
            cell_report,
            table,
            row_code,
            column,
        ):
            cell["cell_text"] = EIGHTEEN_DIGITS
    with (corpus / "raw_cells.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(cells)
    # as the extractor writes a report whose title it did not find: title, agency and year empty
    _rewrite(
        corpus / "raw_reports.csv",
        {untitled_report: {"title": "", "title_agency": "", "report_year": ""}},
        "report_id",
    )
    database = root / "xxgk.duckdb"
    plain = _xxgk(root, "--raw-dir", str(corpus))
    before = _digest(database) if database.exists() else ""
    strict = _xxgk(root, "--strict", "--raw-dir", str(corpus))
    after = _digest(database) if database.exists() else ""
    return Builds(database, cell_report, untitled_report, others, plain, strict, before, after)


def _query(builds: Builds, sql: str) -> list[tuple]:
    with duckdb.connect(str(builds.database), read_only=True) as connection:
        return connection.sql(sql).fetchall()


def test_the_plain_build_succeeds(builds: Builds) -> None:
    assert builds.plain.returncode == 0, builds.plain.stdout[-4000:] + builds.plain.stderr
    assert "Traceback" not in builds.plain.stdout + builds.plain.stderr


def test_the_18_digit_cell_is_a_finding_of_its_report_only(builds: Builds) -> None:
    rows = _query(
        builds,
        "select report_id, rule_id, table_code, row_code, column_code, actual"
        " from marts.fct_rule_violations where rule_id = 'CELL_NUMERIC'",
    )
    assert rows == [(builds.cell_report, "CELL_NUMERIC", *BROKEN_CELL, EIGHTEEN_DIGITS)]
    (value,) = _query(
        builds,
        "select cases from marts.fct_request_handling"
        f" where report_id = '{builds.cell_report}'"
        " and row_code = 'new_received' and applicant_code = 'total'",
    )[0]
    assert value is None  # never loaded as a number


def test_the_report_without_a_title_is_loaded_with_its_finding(builds: Builds) -> None:
    rows = _query(
        builds,
        "select report_id, cells, expected, actual, message_zh, message_en"
        " from marts.fct_rule_violations where rule_id = 'REPORT_IDENTITY' order by cells",
    )
    assert [r[:4] for r in rows] == [
        (builds.untitled_report, "report_year", "a four-digit year", "not found"),
        (builds.untitled_report, "title_agency", "the agency named in the title", "not found"),
    ]
    assert all("未能识别" in r[4] and "could not be identified" in r[5] for r in rows)
    (title_agency, year, cells) = _query(
        builds,
        "select r.title_agency, r.report_year, count(f.row_code)"
        " from marts.dim_reports as r left join marts.fct_request_handling as f using (report_id)"
        f" where r.report_id = '{builds.untitled_report}' group by all",
    )[0]
    assert (title_agency, year, cells) == (None, None, 175)  # loaded whole, nothing guessed


def test_gx_reports_the_missing_agency_and_year(builds: Builds) -> None:
    """The GX suite generated for REPORT_IDENTITY (dim_reports) fails on that report alone."""
    rows = _query(
        builds,
        "select column_name, rule_id, success, unexpected_count from audit.gx_results"
        " where suite = 'dim_reports' and run_id = (select max(run_id) from audit.gx_results)"
        " order by column_name",
    )
    assert rows == [
        ("report_year", "REPORT_IDENTITY", False, 1),
        ("title_agency", "REPORT_IDENTITY", False, 1),
    ]


def test_the_other_reports_are_unaffected(builds: Builds) -> None:
    statuses = dict(_query(builds, "select report_id, status from marts.rpt_report_quality"))
    assert {r: statuses[r] for r in builds.others} == dict.fromkeys(builds.others, "pass")
    assert statuses[builds.cell_report] == "incomplete"
    assert statuses[builds.untitled_report] == "incomplete"
    others = ", ".join(f"'{r}'" for r in builds.others)
    assert _query(
        builds, f"select count(*) from marts.fct_rule_violations where report_id in ({others})"
    ) == [(0,)]


def test_strict_fails_and_leaves_the_previous_file(builds: Builds) -> None:
    assert builds.strict.returncode != 0
    output = builds.strict.stdout + builds.strict.stderr
    assert "dbt build failed" in output and "left as the previous build" in output
    assert builds.digest_before_strict and builds.digest_after_strict == builds.digest_before_strict
    leftovers = [p.name for p in builds.database.parent.iterdir() if ".building-" in p.name]
    assert leftovers == []
