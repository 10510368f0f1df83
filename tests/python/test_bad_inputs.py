"""The bad-input corpus through `xxgk extract` and `dbt build` (issue 14).

坏输入语料：每个路径恰好一条日志、无回溯、时间与内存有界、无静默错误的数值，构建成功并报告坏单元格。

One module-scoped run: the corpus of `bad_inputs.py` (over 70 paths) is extracted by the real CLI in
a child process (its peak RSS and that of its workers measured with `RUSAGE_CHILDREN`), and the
output is built by the real dbt project into a DuckDB file.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_inputs import MEMORY_TEST_MB, Case, make_bad_inputs, remove_bad_inputs
from dbt_harness import DbtProject
from extract_fixtures import read_csv

from xxgk.extract.limits import Limits

pytestmark = [pytest.mark.dbt]

TIMEOUT_SECONDS = 30.0  # --timeout of the run: the time limit of each file
RUN_SECONDS = 150.0  # the whole extract run of the corpus, on a busy 2-core machine
PEAK_RSS_MIB = 1024  # the largest process of the run (parent or worker)
LOADED = ("extracted", "partial")

MEASURE = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
seconds = time.monotonic() - started
sys.stderr.write(f"\\n@@measure {done.returncode} {seconds:.3f} {usage.ru_maxrss}\\n")
"""


@dataclass
class Run:
    cases: list[Case]
    out: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_kib: int
    log: list[dict[str, str]]
    project: DbtProject | None = None
    build_code: int = -1
    build_output: str = ""


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    base = tmp_path_factory.mktemp("bad")
    corpus = base / "corpus"
    cases = make_bad_inputs(corpus)
    out = base / "raw out"
    xxgk = Path(sys.executable).with_name("xxgk")
    command = [str(xxgk), "extract", str(corpus), "--out", str(out)]  # progress bar on
    command += ["--timeout", str(TIMEOUT_SECONDS), "--jobs", "2"]
    command += ["--max-memory-mb", str(MEMORY_TEST_MB)]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    stderr, _, measure = done.stderr.rpartition("@@measure ")
    code, seconds, rss = measure.split()
    try:
        log = read_csv(out / "raw_extraction_log.csv") if int(code) == 0 else []
        result = Run(cases, out, int(code), done.stdout, stderr, float(seconds), int(rss), log)
        if result.returncode == 0:
            project = DbtProject.copy_of_repo(base / "project")
            built = project.build("--vars", json.dumps({"raw_dir": str(out)}))
            result.project, result.build_code, result.build_output = (
                project,
                built.returncode,
                built.output,
            )
        yield result
    finally:
        remove_bad_inputs(corpus)


def _by_name(run: Run) -> dict[str, dict[str, str]]:
    return {row["source_file"]: row for row in run.log}


def test_the_corpus_covers_every_kind(run: Run) -> None:
    assert len(run.cases) >= 60
    names = [case.name for case in run.cases]
    assert len(set(names)) == len(names)


def test_the_run_ends_normally_without_a_traceback(run: Run) -> None:
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert "MarkupError" not in run.stdout + run.stderr


def test_every_path_ends_as_exactly_one_log_line(run: Run) -> None:
    counts = Counter(row["source_file"] for row in run.log)
    assert {name for name, n in counts.items() if n > 1} == set()
    assert set(counts) == {case.name for case in run.cases}


def test_every_path_ends_as_its_case_says(run: Run) -> None:
    logs = _by_name(run)
    wrong = []
    for case in run.cases:
        row = logs[case.name]
        status = "loaded" if row["status"] in LOADED else row["status"]
        if status != case.status:
            wrong.append((case.name, case.kind, row["status"], row["reason_en"][:200]))
        elif case.status == "rejected" and case.reason not in row["reason_en"]:
            wrong.append((case.name, case.kind, f"reason lacks {case.reason!r}", row["reason_en"]))
        elif case.status == "rejected" and not row["reason_zh"]:
            wrong.append((case.name, case.kind, "no Chinese reason", row["reason_en"]))
    assert wrong == []


def test_no_value_is_written_other_than_the_one_planted(run: Run) -> None:
    """Every cell written for a loaded report is the text planted in that cell; every cell not
    written is listed as missing in its log line (nothing dropped silently)."""
    logs = _by_name(run)
    reports = {r["report_id"]: r["source_file"] for r in read_csv(run.out / "raw_reports.csv")}
    written: dict[str, dict[tuple[str, str, str], str]] = {}
    for cell in read_csv(run.out / "raw_cells.csv"):
        key = (cell["table_code"], cell["row_code"], cell["column_code"])
        written.setdefault(reports[cell["report_id"]], {})[key] = cell["cell_text"]
    checked = 0
    wrong = []
    for case in run.cases:
        if case.cells is None or logs[case.name]["status"] not in LOADED:
            continue
        cells = written.get(case.name, {})
        for key, text in cells.items():
            if case.cells.get(key) != text:
                wrong.append((case.name, key, case.cells.get(key), text))
        missing = {m for m in logs[case.name]["missing_cells"].split(";") if m}
        for key in case.cells.keys() - cells.keys():
            if f"{key[0]}:{key[1]}×{key[2]}" not in missing:
                wrong.append((case.name, key, "dropped without a word", ""))
        checked += len(cells)
    assert wrong == []
    assert checked > 30 * 190  # the loaded reports were compared cell by cell


def test_agency_names_are_loaded_as_printed_or_reported_missing(run: Run) -> None:
    rows = {r["source_file"]: r for r in read_csv(run.out / "raw_reports.csv")}
    logs = _by_name(run)
    for case in run.cases:
        if case.agency is None:
            continue
        got = rows[case.name]["title_agency"]
        if got:  # titles are read without their spaces (西大街 2023 年 → 西大街)
            assert got == case.agency.replace(" ", ""), case.name
        else:
            assert "agency not found" in logs[case.name]["reason_en"], case.name


def test_time_and_memory_are_bounded(run: Run) -> None:
    print(  # the measured figures, for the report
        f"\nbad-input corpus: {len(run.cases)} paths in {run.seconds:.1f} s, "
        f"peak RSS {run.peak_rss_kib / 1024:.0f} MiB"
    )
    assert run.seconds < RUN_SECONDS
    assert run.peak_rss_kib < PEAK_RSS_MIB * 1024
    workers = re.search(r"peak memory (\d+) MiB", run.stdout)
    assert workers is not None, run.stdout[-2000:]
    print(f"peak worker RSS {workers.group(1)} MiB")  # the workers report their own peak
    assert int(workers.group(1)) < MEMORY_TEST_MB  # the workers' memory limit held
    timed_out = [r["source_file"] for r in run.log if "took longer than" in r["reason_en"]]
    assert timed_out == []  # every file of the corpus ends within its limit, none by the timer


def test_console_output_is_inert(run: Run) -> None:
    """Names and agencies with markup, escapes and bidi overrides are printed as text."""
    shown = run.stdout + run.stderr
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[31mred" in shown  # the file name's escape, shown escaped
    assert "[bold red]broken.pdf" in shown  # markup in a file name, shown as written
    assert "+1-2@局" in shown  # the agency missing from the registry


def test_registry_proposals_neutralise_formulas_and_raw_files_keep_the_text(run: Run) -> None:
    with (run.out / "agency_registry_proposed.csv").open(encoding="utf-8", newline="") as handle:
        agencies = [row["aliases"] for row in csv.DictReader(handle)]
    assert "'+1-2@局" in agencies and "+1-2@局" not in agencies
    assert all(not a.startswith(("=", "+", "-", "@")) for a in agencies)
    raw = {r["title_agency"] for r in read_csv(run.out / "raw_reports.csv")}
    assert "+1-2@局" in raw  # machine data: as printed


def test_limits_are_said_in_the_log(run: Run) -> None:
    logs = _by_name(run)
    limits = Limits()
    assert f"limit of {limits.max_pdf_pages}" in logs["pdf_400_pages.pdf"]["reason_en"]
    assert "XXGK_MAX_DOCX_MB" in logs["docx_zip_bomb.docx"]["reason_en"]
    assert "XXGK_MAX_HTML_DEPTH" in logs["html_deep_200000.html"]["reason_en"]
    assert f"limit of {MEMORY_TEST_MB} MB per worker" in logs["html_memory_hog.html"]["reason_en"]


def test_the_build_over_the_output_succeeds_and_reports_the_bad_cells(run: Run) -> None:
    assert run.project is not None
    assert run.build_code == 0, run.build_output[-4000:]
    violations = set(
        run.project.query(
            "select source_file, rule_id, table_code, row_code, column_code"
            " from marts.fct_rule_violations"
        )
    )
    missing = [
        (case.name, *finding)
        for case in run.cases
        if _by_name(run)[case.name]["status"] in LOADED
        for finding in case.findings
        if (case.name, *finding) not in violations
    ]
    assert missing == []
    # cells the extractor could not read are the project's gap, never the report's violation
    unread = dict(
        run.project.query(
            "select source_file, unread_cell_count from marts.rpt_report_quality"
            " where source_file in ('html_text_cell.html', 'html_huge_cell.html')"
        )
    )
    assert set(unread) == {"html_text_cell.html", "html_huge_cell.html"}
    assert all(count >= 1 for count in unread.values()), unread
    # the 18-digit cells are findings, never numbers
    typed = run.project.query(
        "select count(*) from marts.fct_request_handling as f"
        " join marts.dim_reports as r using (report_id)"
        " where r.source_file in ('html_18_digits.html', 'docx_planted.docx')"
        " and f.row_code = 'new_received' and f.applicant_code = 'total' and f.cases is not null"
    )
    assert typed == [(0,)]


def test_reports_without_an_agency_are_loaded_with_the_finding(run: Run) -> None:
    assert run.project is not None
    raw = read_csv(run.out / "raw_reports.csv")
    blank = {r["source_file"] for r in raw if not r["title_agency"]}
    assert blank  # the payloads the title reader does not take as an agency
    found = {
        row[0]
        for row in run.project.query(
            "select source_file from marts.fct_rule_violations"
            " where rule_id = 'REPORT_IDENTITY' and cells = 'title_agency'"
        )
    }
    assert found == blank
    statuses = dict(
        run.project.query(
            "select source_file, status from marts.rpt_report_quality where title_agency is null"
        )
    )
    assert set(statuses) == blank and set(statuses.values()) <= {"incomplete", "fail"}


def test_text_from_reports_round_trips_into_the_marts(run: Run) -> None:
    """The raw CSVs are machine data: every agency name and file name, payloads included,
    reaches dim_reports exactly as written (no neutralising, no interpretation)."""
    assert run.project is not None
    raw = {
        (r["source_file"], r["title_agency"] or None) for r in read_csv(run.out / "raw_reports.csv")
    }
    marts = set(run.project.query("select source_file, title_agency from marts.dim_reports"))
    assert marts == raw
    logged = {row["source_file"] for row in run.log}
    outcomes = {
        r[0] for r in run.project.query("select source_file from marts.fct_extraction_outcomes")
    }
    assert outcomes == logged
