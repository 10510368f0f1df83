"""Figures the narrative restates (raw_narrative_figures.csv): real reports, real extractor.

正文复述数字的抽取测试：真实报告、真实抽取程序，不用替身。
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_fixtures import REAL_DIR, REFERENCE_DIR, ROOT, read_csv
from typer.testing import CliRunner

from xxgk.cli import app
from xxgk.extract.cells import Line
from xxgk.extract.narrative import (
    FIGURE_CODES,
    PATTERNS,
    find_figures_file,
    load_figure_codes,
    narrative_figures,
)
from xxgk.extract.sources import read_source
from xxgk.extract.tables import extract_tables
from xxgk.extract.template import load_template

pytestmark = pytest.mark.unit

FIGURES_SEED = ROOT / "seeds" / "reference" / "narrative_figures.csv"
NARRATIVE_FILE = "raw_narrative_figures.csv"
COLUMNS = ["report_id", "figure_code", "figure_text", "quote", "source_ref"]
HUAIAN = {
    "requests_received": "3119",
    "requests_carried_over": "34",
    "requests_handled": "3050",
    "requests_carried_forward": "103",
}
# source file -> figure -> (figure_text, source_ref), read by hand from each narrative
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    # "2023年我街道收到依申请公开事项 0件，未出现信息公开行政复议和行政诉讼案件。"
    "000_0382bc4b4fdaf735.txt": {
        "requests_received": ("0", "line 26"),
        "no_review_or_litigation": ("0", "line 27"),
    },
    # no request figure in the narrative ("受理…热线交办单 780 件" is not a request)
    "001_96cf61b2cc9e94da.txt": {},
    # "依申请公开办理情况：无。" is not a plain statement of a count: left out
    "002_f05d4fccf8298de0.txt": {},
    # "2023 年收到政府信息公开申请 1 件，已办结 1 件。…暂未发生行政复议和行政诉讼情况。"
    "003_6a1ea5d47ca6a7aa.txt": {
        "requests_received": ("1", "line 9"),
        "requests_handled": ("1", "line 9"),
        "no_review_or_litigation": ("0", "line 9"),
    },
    # "全市共办理政府信息依申请公开 602件"; "收到网民咨询、投诉 6917条，办理 6917条" is not
    "004_967c1590f64ec95c.txt": {"requests_handled": ("602", "line 20")},
    # "全市共受理政府信息公开申请 3119 件，答 / 复 3050 件（含上年度结转申请 34 件，另有
    # 103 件顺延到下年度 / 答复）" wrapped over two printed lines
    "huaian_shi_2024.txt": {
        "requests_received": ("3119", "line 30"),
        "requests_carried_over": ("34", "line 31"),
        "requests_handled": ("3050", "line 31"),
        "requests_carried_forward": ("103", "line 31"),
    },
    "huaian_shi_2024.pdf": {code: (text, "page 2") for code, text in HUAIAN.items()},
    # "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含 / 上年结转 189 件）";
    # "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形" is not "no review"
    "shanghai_shizhengfu_bgt_2025_pdfmd.txt": {
        "requests_received": ("1295", "line 38"),
        "requests_handled": ("1191", "line 38"),
        "requests_carried_over": ("189", "line 39"),
    },
    # partial report: "全区收到政府信息公开申请75件，涉及自然人72件、…办结率100%"
    "pingtan_2022_concat.txt": {"requests_received": ("75", "line 10")},
    # "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理"
    "pingtan_2021_concat.txt": {
        "requests_received": ("70", "line 10"),
        "requests_handled": ("69", "line 10"),
        "requests_carried_forward": ("1", "line 10"),
    },
}
REAL_FILES = (
    "huaian_shi_2024.txt",
    "huaian_shi_2024.pdf",
    "shanghai_shizhengfu_bgt_2025_pdfmd.txt",
    "pingtan_2021_concat.txt",
    "pingtan_2022_concat.txt",
)

runner = CliRunner()


def run_extract_cli(out: Path, *inputs: Path) -> None:
    result = runner.invoke(app, ["extract", *(str(i) for i in inputs), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output


def figures_by_file(out: Path) -> dict[str, dict[str, dict[str, str]]]:
    files = {r["report_id"]: r["source_file"] for r in read_csv(out / "raw_reports.csv")}
    found: dict[str, dict[str, dict[str, str]]] = {name: {} for name in files.values()}
    for row in read_csv(out / NARRATIVE_FILE):
        found[files[row["report_id"]]][row["figure_code"]] = row
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("narrative") / "out"
    run_extract_cli(out, REFERENCE_DIR, *(REAL_DIR / name for name in REAL_FILES))
    return out


def narrative_of(path: Path) -> list[Line]:
    """The narrative lines of the reading the extractor keeps (the one with most cells)."""
    template = load_template(ROOT / "seeds" / "reference" / "template_codes.csv")
    best = None
    for reading in read_source(path, path.read_bytes()):
        sections, tables = extract_tables(reading.lines, template)
        score = sum(len(t.cells) for t in tables.values())
        if best is None or score > best[0]:
            best = (score, sections.narrative)
    assert best is not None
    return best[1]


def codes_and_texts(lines: list[Line]) -> dict[str, str]:
    return {f.code: f.text for f in narrative_figures(lines)}


# --- the seed ------------------------------------------------------------------------------


def test_codes_equal_the_seed() -> None:
    seed = tuple(r["figure_code"] for r in read_csv(FIGURES_SEED))
    assert set(PATTERNS) == set(FIGURE_CODES) == set(seed)
    assert load_figure_codes(FIGURES_SEED) == FIGURE_CODES
    assert find_figures_file() == FIGURES_SEED


# --- real reports --------------------------------------------------------------------------


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
def test_figures_of_real_reports(extracted: Path, source_file: str) -> None:
    got = figures_by_file(extracted)[source_file]
    assert {code: (r["figure_text"], r["source_ref"]) for code, r in got.items()} == EXPECTED[
        source_file
    ]
    for code, row in got.items():
        quote = row["quote"]
        assert 0 < len(quote) <= 80 and quote == " ".join(quote.split()), quote
        if code == "no_review_or_litigation":
            assert "行政复议" in quote and "行政诉讼" in quote, quote
        else:
            assert row["figure_text"] in quote.replace(" ", ""), quote


def test_file_format_and_order(extracted: Path) -> None:
    text = (extracted / NARRATIVE_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "\r" not in text
    rows = read_csv(extracted / NARRATIVE_FILE)
    position = {code: i for i, code in enumerate(load_figure_codes(FIGURES_SEED))}
    keys = [(r["report_id"], position[r["figure_code"]]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    ids = {r["source_file"]: r["report_id"] for r in read_csv(extracted / "raw_reports.csv")}
    huaian = [r["figure_code"] for r in rows if r["report_id"] == ids["huaian_shi_2024.pdf"]]
    assert huaian == list(HUAIAN)  # seed order, not the order of the narrative


def test_quotes_show_the_words(extracted: Path) -> None:
    got = figures_by_file(extracted)
    assert got["huaian_shi_2024.txt"]["requests_received"]["quote"] == (
        "全市共受理政府信息公开申请 3119 件"
    )
    # the statement wrapped over two lines ("答" / "复 3050 件") is read joined
    assert got["huaian_shi_2024.txt"]["requests_handled"]["quote"] == "答复 3050 件"
    assert got["huaian_shi_2024.txt"]["requests_carried_over"]["quote"] == "含上年度结转申请 34 件"
    assert got["huaian_shi_2024.txt"]["requests_carried_forward"]["quote"] == (
        "另有 103 件顺延到下年度答复"
    )
    assert got["003_6a1ea5d47ca6a7aa.txt"]["no_review_or_litigation"]["quote"] == (
        "暂未发生行政复议和行政诉讼情况"
    )


def test_shanghai_corrected_review_is_not_no_review() -> None:
    path = REAL_DIR / "shanghai_shizhengfu_bgt_2025_pdfmd.txt"
    lines = narrative_of(path)
    text = "".join(ln.text for ln in lines)
    assert "未发生因依申请公开被行政复议纠错或" in text
    assert "no_review_or_litigation" not in codes_and_texts(lines)
    sentence = "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"
    assert narrative_figures([Line(sentence, "line 1")]) == []


def test_rejected_file_has_no_rows(tmp_path: Path) -> None:
    # Pingtan 2021 without its tables: rejected (no table headings), though its narrative
    # states figures ("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理")
    text = (REAL_DIR / "pingtan_2021_concat.txt").read_text(encoding="utf-8")
    path = tmp_path / "in" / "pingtan_2021_no_tables.txt"
    path.parent.mkdir()
    path.write_text(text.split("二、主动公开政府信息情况")[0], encoding="utf-8")
    out = tmp_path / "out"
    run_extract_cli(out, path)
    log = {r["source_file"]: r for r in read_csv(out / "raw_extraction_log.csv")}
    assert log[path.name]["status"] == "rejected"
    assert read_csv(out / NARRATIVE_FILE) == []
    assert codes_and_texts(narrative_of(REAL_DIR / "pingtan_2021_concat.txt")) == {
        "requests_received": "70",
        "requests_handled": "69",
        "requests_carried_forward": "1",
    }


def test_header_written_when_no_figure(tmp_path: Path) -> None:
    run_extract_cli(tmp_path / "out", REFERENCE_DIR / "001_96cf61b2cc9e94da.txt")
    assert (tmp_path / "out" / NARRATIVE_FILE).read_text(encoding="utf-8") == (
        ",".join(COLUMNS) + "\n"
    )


# --- synthetic narratives --------------------------------------------------------------------


def test_wrapped_statement_and_rate_in_a_report_file(tmp_path: Path) -> None:
    """A narrative of our own in front of the tables of reference report 003."""
    tables = (REFERENCE_DIR / "003_6a1ea5d47ca6a7aa.txt").read_text(encoding="utf-8")
    tables = tables[tables.index("二、主动公开政府信息情况") :]
    narrative = [
        "测试县人民政府 2024 年政府信息公开工作年度报告",
        "一、总体情况",
        "（二）依申请公开情况。2024 年，全县共受理政府信息公开申",
        "请 1,203 件，均在法定期限内答复，办结率 100%。其中，",
        "自然人申请 1,100 件。全年未发生因依申请公开被行政复议纠错或",
        "行政诉讼败诉情形。",
    ]
    path = tmp_path / "synthetic.txt"
    path.write_text("\n".join(narrative) + "\n" + tables, encoding="utf-8")
    out = tmp_path / "out"
    run_extract_cli(out, path)
    rows = read_csv(out / NARRATIVE_FILE)
    assert [(r["figure_code"], r["figure_text"], r["source_ref"]) for r in rows] == [
        ("requests_received", "1,203", "line 4")
    ]
    assert rows[0]["quote"] == "全县共受理政府信息公开申请 1,203 件"


def test_rate_is_not_a_handled_count() -> None:
    lines = [Line("2022年，全区收到政府信息公开申请75件，均已答复，办结率100%。", "line 1")]
    assert codes_and_texts(lines) == {"requests_received": "75"}


def test_full_width_digits_and_number_first() -> None:
    lines = [
        Line("本年度共收到１２件申请，已办结１０件，另有 ２ 件结转下年度继续办理。", "line 3"),
        Line("暂未发生政府信息公开行政复议及行政诉讼案件。", "line 4"),
    ]
    figures = narrative_figures(lines)
    assert [(f.code, f.text, f.source_ref) for f in figures] == [
        ("requests_received", "１２", "line 3"),
        ("requests_handled", "１０", "line 3"),
        ("requests_carried_forward", "２", "line 3"),
        ("no_review_or_litigation", "0", "line 4"),
    ]
    assert figures[2].quote == "另有 ２ 件结转下年度继续办理"


def test_number_split_across_lines_and_first_statement_only() -> None:
    lines = [
        Line("2024 年，全市共受理政府信息公开申请 31", "page 2"),
        Line("19 件。市政府共受理政府信息公开申请 1295 件。", "page 3"),
    ]
    figures = narrative_figures(lines)
    assert [(f.code, f.text, f.source_ref) for f in figures] == [
        ("requests_received", "3119", "page 2")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "收到政府信息公开申请 10 件，其中自然人申请 8 件。",  # the breakdown is not read…
        "全年受理12345热线工单780件，办结780件。",  # hotline, not requests
        "受理政务服务申请5000件，办结4990件。",  # other requests
        "较上年收到政府信息公开申请 80 件增长 20%。",  # a comparison
        "共收到政府信息公开申请 10 件（含上年结转 2 件）。",  # a total including last year's
        "未发生行政复议和行政诉讼败诉情况。",  # qualified: "no lawsuit lost"
        "无法提供 5 件，行政复议和行政诉讼。",  # 无法 is not 无
        "逾期答复 2 件。",  # a part of the requests handled
    ],
)
def test_ambiguous_statements_are_left_out(sentence: str) -> None:
    got = codes_and_texts([Line(sentence, "line 1")])
    allowed = {
        "收到政府信息公开申请 10 件，其中自然人申请 8 件。": {"requests_received": "10"},
        "共收到政府信息公开申请 10 件（含上年结转 2 件）。": {"requests_carried_over": "2"},
    }
    assert got == allowed.get(sentence, {})
