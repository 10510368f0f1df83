"""`xxgk extract`: reference reports, real layouts, DOCX/HTML fixtures, bad files.

抽取测试：参考报告、真实版式、DOCX/HTML 样例、坏文件。
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from extract_fixtures import (
    RAW_DIR,
    RAW_FILES,
    REAL_DIR,
    REFERENCE_DIR,
    ROOT,
    all_keys,
    extracted_cells,
    fill_docx,
    html_report,
    huaian_truth,
    log_by_file,
    random_cells,
    read_csv,
    truth_cells,
)
from mutations import APPLICANTS
from typer.testing import CliRunner

from xxgk.cli import app
from xxgk.extract.cells import cell_kind
from xxgk.extract.run import collect_files, run_extract

pytestmark = pytest.mark.unit

runner = CliRunner()
PROPOSALS = "agency_registry_proposed.csv"


def run_cli(*args: str) -> str:
    result = runner.invoke(app, ["extract", *args, "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def extract_to(tmp: Path, *inputs: Path) -> Path:
    out = tmp / "out"
    run_cli(*(str(i) for i in inputs), "--out", str(out))
    return out


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# --- reference reports -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documented command's CSV output on the reference and the real reports, extracted once
    for the tests that only read it."""
    return extract_to(tmp_path_factory.mktemp("corpus"), REFERENCE_DIR, REAL_DIR)


def test_regenerating_the_committed_corpus_changes_nothing(corpus_out: Path) -> None:
    """data/raw is the documented command's output on the reference and the real reports."""
    out = corpus_out
    assert sorted(p.name for p in out.iterdir()) == sorted(RAW_FILES)
    for name in RAW_FILES:
        assert (out / name).read_bytes() == (RAW_DIR / name).read_bytes(), name
    reports = {r["report_id"]: r["source_file"] for r in read_csv(out / "raw_reports.csv")}
    cells = read_csv(out / "raw_cells.csv")
    reference = {p.name for p in REFERENCE_DIR.iterdir()}
    assert sum(reports[c["report_id"]] in reference for c in cells) == 5 * 200
    # the real reports: 2019 format (its own table 二, （六） as one row), digits run together
    assert {r["source_file"] for r in read_csv(out / "raw_extraction_log.csv")} == reference | {
        p.name for p in REAL_DIR.iterdir()
    }


def test_reference_cells_equal_truth(tmp_path: Path) -> None:
    out = extract_to(tmp_path, REFERENCE_DIR)
    got = extracted_cells(out)
    truth = truth_cells()
    assert set(got) == set(truth)
    for source, cells in truth.items():
        assert len(cells) == 200
        for key, value in cells.items():
            assert number(got[source][key]["cell_text"]) == Decimal(value), (source, key)
            assert got[source][key]["provenance"] == "read"
            assert got[source][key]["source_ref"].startswith("line ")
    reports = {r["source_file"]: r for r in read_csv(out / "raw_reports.csv")}
    for rec in read_csv(ROOT / "tests" / "data" / "truth" / "reports.csv"):
        assert reports[rec["source_file"]]["title_agency"] == rec["title_agency"]
        assert reports[rec["source_file"]]["report_year"] == rec["report_year"]
    layouts = {k: v["layout"] for k, v in reports.items()}
    assert layouts["000_0382bc4b4fdaf735.txt"] == "pdf_text"
    assert layouts["001_96cf61b2cc9e94da.txt"] == "markdown"
    assert layouts["002_f05d4fccf8298de0.txt"] == "tab_rows"


def test_rerun_is_byte_identical(tmp_path: Path, corpus_out: Path) -> None:
    a = corpus_out
    b = tmp_path / "b"
    run_cli(str(REAL_DIR), str(REFERENCE_DIR), "--out", str(b))
    for name in RAW_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert b"\r\n" not in (a / "raw_cells.csv").read_bytes()


# --- real reports ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "layout"), [("huaian_shi_2024.pdf", "pdf_table"), ("huaian_shi_2024.txt", "pdf_text")]
)
def test_huaian_cells_equal_the_pdf_table(tmp_path: Path, name: str, layout: str) -> None:
    out = extract_to(tmp_path, REAL_DIR / name)
    got = extracted_cells(out)[name]
    expected = huaian_truth()
    assert len(got) == 200
    assert {k: v["cell_text"] for k, v in got.items()} == expected
    assert all(v["provenance"] == "read" for v in got.values())
    assert expected[("t3", "new_received", "total")] == "3119"
    assert expected[("t2", "administrative_fee", "amount_10k_yuan")] == "96171.6"
    report = read_csv(out / "raw_reports.csv")[0]
    assert (report["layout"], report["title_agency"], report["report_year"]) == (
        layout,
        "淮安市人民政府",
        "2024",
    )
    assert log_by_file(out)[name]["status"] == "extracted"
    if name.endswith(".pdf"):
        assert got[("t4", "admin_review", "total")]["source_ref"] == "page 5"


def test_shanghai_every_cell_read_annotations_kept(tmp_path: Path) -> None:
    name = "shanghai_shizhengfu_bgt_2025_pdfmd.txt"
    out = extract_to(tmp_path, REAL_DIR / name)
    got = extracted_cells(out)[name]
    assert len(got) == 200
    text = {k: v["cell_text"] for k, v in got.items()}
    assert text[("t2", "regulation", "issued")] == "22（其中修订16件）"
    assert text[("t2", "normative_document", "repealed")] == "55（含自然失效29件）"
    assert [text[("t2", "normative_document", c)] for c in ("issued", "in_force")] == ["34", "189"]
    assert text[("t2", "regulation", "in_force")] == "235"
    inferred = {k for k, v in got.items() if v["provenance"] == "inferred"}
    assert inferred == {
        ("t2", r, c)
        for r in ("regulation", "normative_document")
        for c in ("issued", "repealed", "in_force")
    }
    log = log_by_file(out)[name]
    assert log["status"] == "extracted"
    assert "inferred" in log["reason_en"] and "推断" in log["reason_zh"]
    value = {k: number(v.split("（")[0]) for k, v in text.items()}
    for col in ("natural_person", "commercial", "legal_service", "total"):
        assert value[("t3", "new_received", col)] + value[("t3", "carried_over", col)] == (
            value[("t3", "total_handled", col)] + value[("t3", "carried_forward", col)]
        )
    assert [
        value[("t4", p, "total")]
        for p in ("admin_review", "litigation_direct", "litigation_after_review")
    ] == [55, 12, 22]


def test_2019_format_is_read_with_its_own_table_2(tmp_path: Path) -> None:
    # details (group cells, the 2019 table 二, the violation): test_extract_layouts.py
    name = "pingtan_2020_format2019_concat.txt"
    out = extract_to(tmp_path, REAL_DIR / name)
    log = log_by_file(out)[name]
    assert log["status"] == "partial"
    assert "2019" in log["reason_zh"] and "2019 trial format" in log["reason_en"]
    got = extracted_cells(out)[name]
    assert not any(k[0] == "t2" for k in got)  # never forced onto the 2021 table 二
    assert got[("t3", "total_handled", "total")]["cell_text"] == "21"
    assert got[("t3", "total_handled", "total")]["provenance"] == "inferred"


def test_run_together_cells_are_never_written_as_read(tmp_path: Path) -> None:
    out = extract_to(
        tmp_path, REAL_DIR / "pingtan_2021_concat.txt", REAL_DIR / "pingtan_2022_concat.txt"
    )
    logs = log_by_file(out)
    assert logs["pingtan_2021_concat.txt"]["status"] == "partial"
    assert "run together" in logs["pingtan_2021_concat.txt"]["reason_en"]
    log22 = logs["pingtan_2022_concat.txt"]
    assert log22["status"] == "partial"
    assert "t2:normative_document×issued" in log22["missing_cells"].split(";")
    got = extracted_cells(out)["pingtan_2022_concat.txt"]
    # only table 四 is space-separated in that page: read as before; the rest is segmented
    assert {k: v["provenance"] for k, v in got.items() if k[0] == "t4"} == {
        k: "read" for k in got if k[0] == "t4"
    }
    assert {v["provenance"] for k, v in got.items() if k[0] != "t4"} == {"inferred"}
    assert [
        got[("t4", "admin_review", c)]["cell_text"]
        for c in ("upheld", "corrected", "other", "pending", "total")
    ] == ["0", "1", "1", "0", "2"]
    assert got[("t4", "litigation_direct", "total")]["cell_text"] == "1"


def test_real_directory_summary_lists_registry_gaps_and_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the registry as it was before the real agencies were added to it
    real_agencies = ("淮安市人民政府", "上海市人民政府办公厅", "平潭综合实验区")
    seed = (ROOT / "seeds" / "registry" / "agency_registry.csv").read_text(encoding="utf-8")
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "".join(line for line in seed.splitlines(True) if line.split(",")[1] not in real_agencies),
        encoding="utf-8",
    )
    output = run_cli(str(REAL_DIR), "--out", str(out), "--registry", str(registry))
    logs = log_by_file(out)
    assert set(logs) == {p.name for p in REAL_DIR.iterdir()}
    proposals = read_csv(out / "agency_registry_proposed.csv")
    assert {p["aliases"] for p in proposals} == {
        "淮安市人民政府",
        "上海市人民政府办公厅",
        "平潭综合实验区",
    }
    assert all(p["agency_name"] == "" for p in proposals)
    # the PDF and its text are the same agency and year: both kept, each log line says so
    assert "huaian_shi_2024.txt" in logs["huaian_shi_2024.pdf"]["reason_en"]
    assert "each kept" in logs["huaian_shi_2024.txt"]["reason_en"]
    assert "duplicate" in output
    # rejected files counted per reason in the summary (and in the log's reason_code)
    assert "rejected: no_tables" in output and "rejected: blank_template" in output
    assert logs["NOTES.md"]["reason_code"] == "no_tables"
    assert logs["template_2021_format.docx"]["reason_code"] == "blank_template"
    assert {logs[n]["reason_code"] for n in logs if logs[n]["status"] != "rejected"} == {""}


# --- DOCX and HTML fixtures --------------------------------------------------------------


def test_the_blank_template_is_not_a_report(tmp_path: Path) -> None:
    name = "template_2021_format.docx"
    out = extract_to(tmp_path, REAL_DIR / name)
    log = log_by_file(out)[name]
    assert log["status"] == "rejected"
    assert log["reason_en"].startswith("no title (agency and year) and every cell of the tables")
    assert log["reason_zh"].startswith("没有标题（机关与年度），表格所有单元格均为空")
    assert read_csv(out / "raw_reports.csv") == []
    assert read_csv(out / "raw_cells.csv") == []


def test_docx_filled_from_the_template(tmp_path: Path) -> None:
    cells = random_cells(7)
    cells[("t3", "research", "commercial")] = "0"  # not a key; harmless
    cells[("t3", "granted", "research")] = "/"
    cells[("t2", "administrative_fee", "amount_10k_yuan")] = "1,234.5678"
    cells[("t2", "regulation", "issued")] = "１２"  # full-width digits
    cells[("t2", "regulation", "repealed")] = ""
    path = tmp_path / "filled.docx"
    fill_docx(path, cells)
    out = extract_to(tmp_path, path)
    got = extracted_cells(out)["filled.docx"]
    assert {k: v["cell_text"] for k, v in got.items()} == {k: cells[k] for k in all_keys()}
    assert log_by_file(out)["filled.docx"]["status"] == "extracted"
    report = read_csv(out / "raw_reports.csv")[0]
    assert (report["source_format"], report["layout"], report["title_agency"]) == (
        "docx",
        "docx_table",
        "测试县人民政府",
    )
    assert got[("t3", "total_handled", "total")]["source_ref"] == "table 2 row 27"


def test_html_page_with_tables(tmp_path: Path) -> None:
    cells = random_cells(11)
    cells[("t3", "carried_over", "legal_service")] = "—"
    path = tmp_path / "page.html"
    path.write_text(html_report(cells), encoding="utf-8")
    out = extract_to(tmp_path, path)
    got = extracted_cells(out)["page.html"]
    assert {k: v["cell_text"] for k, v in got.items()} == {k: cells[k] for k in all_keys()}
    report = read_csv(out / "raw_reports.csv")[0]
    assert (report["source_format"], report["layout"], report["report_year"]) == (
        "html",
        "html_table",
        "2024",
    )


# --- encodings, cell reading -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_encodings_give_the_same_cells(tmp_path: Path, encoding: str) -> None:
    src = REFERENCE_DIR / "004_967c1590f64ec95c.txt"
    path = tmp_path / f"004_{encoding}.txt"
    path.write_bytes(src.read_text(encoding="utf-8").encode(encoding))
    out = extract_to(tmp_path, path)
    got = extracted_cells(out)[path.name]
    truth = truth_cells()[src.name]
    assert {k: number(v["cell_text"]) for k, v in got.items()} == {
        k: Decimal(v) for k, v in truth.items()
    }


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0", "num"),
        ("１２３", "num"),
        ("1,234", "num"),
        ("22302.6396", "num"),
        ("22（其中修订16件）", "num"),
        ("/", "mark"),
        ("—", "mark"),
        ("无", "mark"),
        ("", "empty"),
        ("1.属于国家秘密", "label"),
        ("1.", "label"),
        ("2023年", "label"),
    ],
)
def test_cell_kinds(text: str, kind: str) -> None:
    assert cell_kind(text) == kind


def test_marks_and_split_numbers_in_text(tmp_path: Path) -> None:
    src = (REFERENCE_DIR / "000_0382bc4b4fdaf735.txt").read_text(encoding="utf-8")
    text = (
        src.replace("行政许可 0", "行政许可 /")
        .replace("行政强制 0", "行政强制 1，234")
        .replace("行政处罚 0", "行政处罚 ３４")
    )
    text = text.replace("行政强制 1，234", "行政强制 1,234")
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    out = extract_to(tmp_path, path)
    got = extracted_cells(out)["marks.txt"]
    assert got[("t2", "administrative_license", "decisions")]["cell_text"] == "/"
    assert got[("t2", "administrative_penalty", "decisions")]["cell_text"] == "３４"
    assert got[("t2", "administrative_coercion", "decisions")]["cell_text"] == "1,234"
    assert len(got) == 200


# --- bad files ---------------------------------------------------------------------------


def make_bad_files(directory: Path) -> None:
    directory.mkdir()
    ref = (REFERENCE_DIR / "004_967c1590f64ec95c.txt").read_text(encoding="utf-8")
    (directory / "empty.txt").write_bytes(b"")
    (directory / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (directory / "undecodable.txt").write_bytes(
        "二、主动公开".encode() + b"\xff\xfe\xfa\x80\x81" * 10
    )
    cut = ref.index("（四）无")
    (directory / "truncated.txt").write_text(ref[:cut], encoding="utf-8")
    (directory / "gbk.txt").write_bytes(ref.encode("gbk"))
    (directory / "one_missing.txt").write_text(
        ref.replace("2.重复申请 7 0 0 0 1 0 8", "2.重复申请 7 0 0 0 1 8"), encoding="utf-8"
    )
    (directory / "one_extra.txt").write_text(
        ref.replace("7.属于行政执法案卷 1 0 0 0 0 0 1", "7.属于行政执法案卷 1 0 0 0 0 0 0 1"),
        encoding="utf-8",
    )
    (directory / "t4_missing_one.txt").write_text(
        ref.replace("11 4 6 7 28 19 6 11 4 40 4 0 3 2 9", "11 4 6 7 28 19 6 11 4 40 4 0 3 2"),
        encoding="utf-8",
    )
    (directory / "fake.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (directory / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (directory / "notes.txt").write_text("这是一个说明文件，没有表格。\n", encoding="utf-8")


def test_bad_files_each_get_a_clear_log_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    make_bad_files(bad)
    out = tmp_path / "out"
    output = run_cli(str(bad), "--out", str(out))
    logs = log_by_file(out)
    assert set(logs) == {p.name for p in bad.iterdir()}
    for name in (
        "empty.txt",
        "binary.txt",
        "undecodable.txt",
        "fake.pdf",
        "fake.docx",
        "notes.txt",
    ):
        assert logs[name]["status"] == "rejected", name
        assert logs[name]["reason_zh"] and logs[name]["reason_en"], name
        assert name in output
    assert "empty" in logs["empty.txt"]["reason_en"]
    assert "binary" in logs["binary.txt"]["reason_en"]
    assert (
        "undecodable" in logs["undecodable.txt"]["reason_en"]
        and "line 1" in logs["undecodable.txt"]["reason_en"]
    )
    assert logs["gbk.txt"]["status"] == "extracted"
    truncated = logs["truncated.txt"]
    assert truncated["status"] == "partial"
    assert "t3:unable_not_held×natural_person" in truncated["missing_cells"]
    assert "t4:admin_review×total" in truncated["missing_cells"]
    assert int(truncated["cells_read"]) == 10 + 7 * 12
    missing = logs["one_missing.txt"]
    assert missing["status"] == "partial"
    assert missing["missing_cells"] == ";".join(f"t3:rejected_duplicate×{c}" for c in APPLICANTS)
    assert "line " in missing["reason_en"] and "6 values" in missing["reason_en"]
    extra = logs["one_extra.txt"]
    assert extra["status"] == "partial" and "8 values" in extra["reason_en"]
    assert extra["missing_cells"].startswith("t3:denied_enforcement_file×natural_person")
    assert extra["missing_cells"].count(";") == 6
    t4 = logs["t4_missing_one.txt"]
    assert t4["status"] == "partial" and "14 values" in t4["reason_en"]
    # no wrong number written for the damaged rows
    got = extracted_cells(out)
    assert not any(k[1] == "rejected_duplicate" for k in got["one_missing.txt"])
    assert not any(k[0] == "t4" for k in got["t4_missing_one.txt"])


def test_same_file_twice_and_same_agency_year(tmp_path: Path) -> None:
    src = REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt"
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(src, d / "a.txt")
    shutil.copy(src, d / "b.txt")
    (d / "c.txt").write_text(
        src.read_text(encoding="utf-8").replace(
            "\t1\t0\t0\t0\t0\t0\t1\t", "\t1\t0\t0\t0\t0\t0\t1\t", 1
        )
        + "\n附：重新发布。\n",
        encoding="utf-8",
    )
    out = extract_to(tmp_path, d)
    logs = log_by_file(out)
    assert logs["a.txt"]["status"] == "extracted"
    assert logs["b.txt"]["status"] == "rejected" and "a.txt" in logs["b.txt"]["reason_en"]
    assert logs["c.txt"]["status"] == "extracted" and "a.txt" in logs["c.txt"]["reason_en"]
    assert len(read_csv(out / "raw_reports.csv")) == 2


def test_library_api_without_cli(tmp_path: Path) -> None:
    files, absent = collect_files([REFERENCE_DIR, tmp_path / "nope"])
    assert len(files) == 5 and absent == [str(tmp_path / "nope")]
    summary = run_extract(files, tmp_path / "o", jobs=1)
    assert summary.counts == {"extracted": 5}
    assert summary.problem_count == 0 and summary.registry_missing == []
    reference_ids = {r["report_id"] for r in read_csv(tmp_path / "o" / "raw_reports.csv")}
    committed = [c for c in read_csv(RAW_DIR / "raw_cells.csv") if c["report_id"] in reference_ids]
    assert read_csv(tmp_path / "o" / "raw_cells.csv") == committed


# --- output format, atomic output, pool -------------------------------------------------


def test_parquet_has_the_same_rows_as_csv(tmp_path: Path, corpus_out: Path) -> None:
    import duckdb

    out = tmp_path / "pq"
    run_cli(str(REFERENCE_DIR), str(REAL_DIR), "--out", str(out), "--format", "parquet")
    csv_out = corpus_out
    names = sorted(p.name for p in out.iterdir())
    # every agency of these reports is in the registry: no proposals file
    assert names == sorted(n.replace(".csv", ".parquet") for n in RAW_FILES)
    assert PROPOSALS not in names
    con = duckdb.connect()
    for name in RAW_FILES:
        parquet = out / name.replace(".csv", ".parquet")
        types = con.execute(f"describe select * from '{parquet}'").fetchall()
        rows = con.execute(f"select * from '{parquet}'").fetchall()
        expected = read_csv(csv_out / name)
        assert [t[0] for t in types] == list(expected[0]), name
        assert {t[1] for t in types} == {"VARCHAR"}, name
        assert rows == [tuple(v if v != "" else None for v in r.values()) for r in expected], name
    assert len(read_csv(csv_out / "raw_cells.csv")) > 1000


def test_unknown_format_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(REFERENCE_DIR), "-o", str(tmp_path), "--format", "xls"]
    )
    assert result.exit_code == 2 and "csv or parquet" in result.output
    assert "Traceback" not in result.output


def test_output_replaces_the_directory_and_keeps_foreign_files(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    out.mkdir()
    (out / "README.md").write_text("说明 / notes\n", encoding="utf-8")
    (out / "raw_cells.parquet").write_bytes(b"stale output of another format")
    (out / "agency_registry_proposed.csv").write_text("stale\n", encoding="utf-8")
    run_cli(str(REFERENCE_DIR), "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == sorted([*RAW_FILES, "README.md"])
    assert (out / "README.md").read_text(encoding="utf-8") == "说明 / notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]  # no temporary sibling left


def test_a_failed_write_leaves_the_previous_output(tmp_path: Path) -> None:
    """A real write failure (file size limit: EFBIG, as a full disk gives ENOSPC) halfway
    through: one line naming the path, exit 1, and DIR exactly as the previous run left it."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    out = tmp_path / "raw"
    run_cli(str(REFERENCE_DIR), "--out", str(out))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(REAL_DIR / "huaian_shi_2024.txt", one)

    xxgk_cli = [sys.executable, "-c", "from xxgk.cli import app; app()"]

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    run = subprocess.run(
        [*xxgk_cli, "extract", str(REFERENCE_DIR), str(one), "--out", str(out), "-q", "-j", "1"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "400"},
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    lines = [ln for ln in run.stdout.splitlines() if "cannot write" in ln]
    assert len(lines) == 1 and "File too large" in lines[0], run.stdout
    assert str(tmp_path) in lines[0]
    assert "Traceback" not in run.stdout + run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_leftovers_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    dead = 2**22 + 12345  # above pid_max's default: no such process
    tmp = tmp_path / f".raw.building-{dead}"
    tmp.mkdir()
    (tmp / "raw_cells.csv").write_text("half written", encoding="utf-8")
    old = tmp_path / f".raw.old-{dead}"
    old.mkdir()
    (old / "README.md").write_text("the previous output\n", encoding="utf-8")
    # killed between moving the old DIR aside and renaming the new one: the old one returns
    run_cli(str(REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt"), "--out", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]
    assert (out / "README.md").read_text(encoding="utf-8") == "the previous output\n"
    assert len(read_csv(out / "raw_cells.csv")) == 200


def test_an_unwritable_output_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory", encoding="utf-8")
    for out in (blocker, blocker / "raw"):
        result = runner.invoke(app, ["extract", str(REFERENCE_DIR), "-o", str(out), "-q"])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
        lines = [ln for ln in result.output.splitlines() if "cannot write" in ln]
        assert len(lines) == 1 and str(blocker) in result.output.replace("\n", "")
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_many_reports_of_one_agency_year_get_a_short_note(tmp_path: Path) -> None:
    src = (REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt").read_text(encoding="utf-8")
    d = tmp_path / "in"
    d.mkdir()
    for i in range(30):
        (d / f"r{i:02d}.txt").write_text(src + f"\n附：第 {i} 次发布。\n", encoding="utf-8")
    shutil.copy(d / "r05.txt", d / "r99.txt")
    out = extract_to(tmp_path, d)
    logs = log_by_file(out)
    assert logs["r99.txt"]["status"] == "rejected"
    assert (
        logs["r99.txt"]["reason_en"]
        == "same bytes as r05.txt (the same file twice): not loaded again"
    )
    assert logs["r00.txt"]["reason_en"] == (
        "30 reports of this agency and year (also r01.txt and others): each kept, not merged"
    )
    assert (
        logs["r00.txt"]["reason_zh"]
        == "同一机关同一年度共 30 份报告（另见 r01.txt 等），均保留，未合并"
    )
    for i in range(1, 30):
        assert logs[f"r{i:02d}.txt"]["reason_en"] == (
            "30 reports of this agency and year (also r00.txt and others): each kept, not merged"
        )
    assert len(read_csv(out / "raw_reports.csv")) == 30
    assert len(read_csv(out / "raw_cells.csv")) == 30 * 200


def test_a_slow_file_is_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    """A real slow file: 600 copies of a report in one file, with a 0.5 s limit."""
    d = tmp_path / "in"
    d.mkdir()
    src = (REFERENCE_DIR / "004_967c1590f64ec95c.txt").read_text(encoding="utf-8")
    (d / "huge.txt").write_text(src * 600, encoding="utf-8")
    shutil.copy(REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt", d)
    out = tmp_path / "out"
    output = run_cli(str(d), "--out", str(out), "--timeout", "0.5")
    logs = log_by_file(out)
    assert logs["huge.txt"]["status"] == "rejected"
    assert logs["huge.txt"]["reason_en"] == "took longer than 0.5 s (--timeout): skipped"
    assert logs["huge.txt"]["report_id"] != ""
    assert logs["003_6a1ea5d47ca6a7aa.txt"]["status"] == "extracted"
    assert "huge.txt" in output


def test_pool_timer_interrupts_a_slow_worker(tmp_path: Path) -> None:
    from extract_fixtures import sleepy_work

    from xxgk.extract.pool import PoolStats, extract_outcomes
    from xxgk.extract.template import find_template_file

    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.txt", "slow.txt", "z.txt"):
        shutil.copy(REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt", d / name)
    stats = PoolStats()
    files = sorted(d.iterdir())
    got = list(extract_outcomes(files, find_template_file(), 2, 1.0, stats, sleepy_work))
    assert [(o.source_file, o.status) for o in got] == [
        ("a.txt", "extracted"),
        ("slow.txt", "rejected"),
        ("z.txt", "extracted"),
    ]
    assert got[1].reasons_en == ["took longer than 1 s (--timeout): skipped"]
    assert stats.restarts == 0 and stats.worker_peak_rss_kib > 10_000


def _copies_of_a_report(directory: Path, names: list[str]) -> list[Path]:
    """The reference report under each name in a new directory, each copy a distinct file (its
    position appended); the files in name order."""
    directory.mkdir()
    text = (REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt").read_text(encoding="utf-8")
    for i, name in enumerate(names):
        (directory / name).write_text(text + f"\n{i}\n", encoding="utf-8")
    return sorted(directory.iterdir())


def test_pool_restarts_when_a_file_is_stuck_beyond_the_timer(tmp_path: Path) -> None:
    from extract_fixtures import stuck_work

    from xxgk.extract.pool import PoolStats, extract_outcomes
    from xxgk.extract.template import find_template_file

    d = tmp_path / "in"
    names = [f"a{i}.txt" for i in range(6)] + ["stuck.txt"] + [f"z{i}.txt" for i in range(6)]
    files = _copies_of_a_report(d, names)
    stats = PoolStats()
    got = list(extract_outcomes(files, find_template_file(), 2, 0.5, stats, stuck_work, grace=1.0))
    assert [o.source_file for o in got] == [p.name for p in files]
    status = {o.source_file: o.status for o in got}
    assert status.pop("stuck.txt") == "rejected"
    assert set(status.values()) == {"extracted"}
    assert stats.restarts == 2  # the chunk, then the file alone


def test_pool_survives_a_worker_that_dies(tmp_path: Path) -> None:
    from extract_fixtures import crash_work

    from xxgk.extract.pool import PoolStats, extract_outcomes
    from xxgk.extract.template import find_template_file

    d = tmp_path / "in"
    names = [f"a{i}.txt" for i in range(9)] + ["crash.txt"] + [f"z{i}.txt" for i in range(9)]
    files = _copies_of_a_report(d, names)
    stats = PoolStats()
    got = list(extract_outcomes(files, find_template_file(), 2, 30.0, stats, crash_work))
    assert [o.source_file for o in got] == [p.name for p in files]
    crashed = next(o for o in got if o.source_file == "crash.txt")
    assert crashed.status == "rejected" and crashed.sha256 != ""
    assert crashed.reasons_en == [
        "the worker process died while extracting this file (e.g. a PDF library crash, or "
        "memory over --max-memory-mb): skipped"
    ]
    assert {o.status for o in got if o is not crashed} == {"extracted"}
    assert stats.restarts == 2  # the break, then the file alone


# --- PDF pages read by pdfium ------------------------------------------------------------


def _plumber_lines(data: bytes, use_pdfium: bool) -> list[list[tuple[str, str]]]:
    """Per page: the text lines and table rows pdfplumber gives, on pdfium's objects or on
    pdfminer's."""
    import io

    import pdfplumber

    from xxgk.extract.pdfium_objects import open_pdf

    opened = open_pdf(data) if use_pdfium else pdfplumber.open(io.BytesIO(data))
    pages = []
    with opened as pdf:
        for page in pdf.pages:
            rows = [
                ("row", "|".join(c or "" for c in r))
                for t in page.find_tables()
                for r in t.extract()
            ]
            lines = [("line", tl["text"]) for tl in page.extract_text_lines()]
            pages.append([("text", page.extract_text()), *rows, *lines])
    return pages


def test_pdfium_objects_are_pdfminers() -> None:
    import io

    import pdfplumber
    import pypdfium2 as pdfium

    from xxgk.extract.pdfium_objects import page_objects

    data = (REAL_DIR / "huaian_shi_2024.pdf").read_bytes()
    document = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == len(document) == 6
        for index, page in enumerate(pdf.pages):
            ours = page_objects(document[index], page.page_number, page.initial_doctop)
            for kind in ("char", "rect", "line", "curve"):
                theirs = page.objects.get(kind, [])
                assert len(ours.get(kind, [])) == len(theirs), (index, kind)
                for a, b in zip(ours.get(kind, []), theirs, strict=True):
                    assert a.get("text") == b.get("text")
                    for key in ("x0", "top", "bottom", "doctop"):
                        assert abs(a[key] - b[key]) < 0.01, (index, kind, key, a, b)
                    # pdfium's advance widths of some CJK glyphs differ from the font's /W
                    # array (pdfminer's) by up to ~2 % of the font size; the lines are the same
                    assert abs(a["x1"] - b["x1"]) < 0.03 * a.get("size", 20), (index, kind, a, b)
            assert sum(len(v) for v in ours.values()) > 300
    assert _plumber_lines(data, True) == _plumber_lines(data, False)


def test_a_rotated_pdf_page_is_left_to_pdfminer(tmp_path: Path) -> None:
    import io

    import pypdfium2 as pdfium

    from xxgk.extract.pdfium_objects import open_pdf

    document = pdfium.PdfDocument((REAL_DIR / "huaian_shi_2024.pdf").read_bytes())
    document[3].set_rotation(90)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    with open_pdf(data) as pdf:
        injected = [hasattr(page, "_objects") for page in pdf.pages]
    assert injected == [True, True, True, False, True, True]
    assert _plumber_lines(data, True) == _plumber_lines(data, False)


def test_a_killed_run_leaves_the_previous_output_and_is_cleaned_up(tmp_path: Path) -> None:
    """kill -9 in the middle of a run: DIR is as before; the next run removes the leftover."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "raw"
    run_cli(str(REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt"), "--out", str(out))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    many = tmp_path / "many"
    many.mkdir()
    src = (REFERENCE_DIR / "004_967c1590f64ec95c.txt").read_text(encoding="utf-8")
    for i in range(400):
        (many / f"r{i:03d}.txt").write_text(src + f"\n{i}\n", encoding="utf-8")
    cmd = [sys.executable, "-c", "from xxgk.cli import app; app()", "extract", str(many)]
    proc = subprocess.Popen(
        [*cmd, "--out", str(out), "-q", "-j", "1"],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    leftover = tmp_path / f".raw.building-{proc.pid}"
    deadline = time.monotonic() + 120
    while not (leftover / ".spool-raw_cells").exists() or (
        (leftover / ".spool-raw_cells").stat().st_size < 100_000
    ):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended too soon"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert leftover.is_dir()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    run_cli(str(REFERENCE_DIR / "001_96cf61b2cc9e94da.txt"), "--out", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "raw"]
    assert read_csv(out / "raw_reports.csv")[0]["source_file"] == "001_96cf61b2cc9e94da.txt"


def test_the_timer_is_not_mistaken_for_a_broken_pdf(tmp_path: Path) -> None:
    """The limit can fire inside a reader's own `except Exception` (the PDF reader turns any
    error into 'PDF cannot be opened'): the file is still rejected for its time."""
    from xxgk.extract.pool import PoolStats, extract_outcomes
    from xxgk.extract.template import find_template_file

    files = [REAL_DIR / "huaian_shi_2024.pdf", REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt"]
    got = list(extract_outcomes(files, find_template_file(), 1, 0.01, PoolStats()))
    assert got[0].status == "rejected"
    assert got[0].reasons_en == ["took longer than 0.01 s (--timeout): skipped"]
    assert len(got[0].sha256) == 64 and got[0].cells_csv == ""
