"""Unseen layouts: scrambled rows, split and renumbered headings, label variants, web pages,
titles — every value written is right.
新版式：打乱的行、拆开或改号的标题、标签变体、网页、标题与机关。

All fixtures are generated from the reference reports' numbers (`layout_fixtures.py`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_fixtures import (
    HTML_KINDS,
    Score,
    TextStyle,
    html_page,
    render_text,
    score,
    sources,
)

from xxgk.extract.cells import Line
from xxgk.extract.title import find_title_info

SOURCES = sources()
APART = frozenset({"granted", "denied_third_party", "total_handled"})
NO_LABEL = frozenset({"granted", "other_other"})
VARIANTS = {"normative_document": "规范性文件", "denied_prohibited_by_law": "2.其他法律行政止公开"}


def run_all(style: TextStyle, suffix: str) -> tuple[Score, list[object]]:
    total = Score(wrong_cells=[])
    results = []
    for src in SOURCES:
        got, result = score(
            Path(f"{src.name}{suffix}"), render_text(src, style).encode("utf-8"), src.cells
        )
        total.add(got)
        results.append(result)
    return total, results


# --- priority 1: never a row by guess ------------------------------------------------------

READ_IN_FULL = {
    "markdown_shuffled": TextStyle(shuffle_t3=1, shuffle_t2=2),
    "tabs_shuffled": TextStyle(rows="tabs", shuffle_t3=3),
    "plain_shuffled": TextStyle(rows="plain", shuffle_t3=4),
    "markdown_label_apart_in_order": TextStyle(label_apart=APART),
    "markdown_unlabelled_in_order": TextStyle(drop_labels=NO_LABEL),
    "plain_label_block_in_order": TextStyle(rows="plain", label_block=True),
}


@pytest.mark.parametrize("name", sorted(READ_IN_FULL))
def test_rows_placed_by_label_or_consistent_order_read_in_full(name: str) -> None:
    got, results = run_all(READ_IN_FULL[name], ".md")
    assert got.wrong_cells == []
    assert (got.read, got.expected) == (1200, 1200)
    assert all(r.status == "extracted" for r in results)


REFUSED = {
    # rows out of order whose label stands on the line above: those 3 rows are refused
    "markdown_label_apart_shuffled": (TextStyle(shuffle_t3=5, label_apart=APART), 3),
    # rows out of order printed without a label: those 2 rows are refused
    "markdown_unlabelled_shuffled": (TextStyle(shuffle_t3=6, drop_labels=NO_LABEL), 2),
    # all labels first, then all numbers, in an order that is not the template's: all refused
    "plain_label_block_shuffled": (TextStyle(rows="plain", label_block=True, shuffle_t3=7), 25),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_rows_that_order_cannot_place_are_refused_never_guessed(name: str) -> None:
    style, rows_refused = REFUSED[name]
    got, results = run_all(style, ".md" if style.rows == "markdown" else ".txt")
    assert got.wrong == 0, got.wrong_cells
    assert got.read == 1200 - len(SOURCES) * rows_refused * 7
    for result in results:
        assert result.status == "partial"
        assert len(result.missing) == rows_refused * 7
        assert any("无法对位" in z for z in result.reasons_zh)
        assert any("cannot be placed" in e for e in result.reasons_en)


# --- priority 2: headings and label variants ------------------------------------------------

HEADINGS = {
    "split": {
        "t2": ["二、主动公开", "政府信息情况"],
        "t3": ["三、收到和处理政府信息", "公开申请情况"],
        "t4": ["四、政府信息公开行政复议、", "行政诉讼情况"],
    },
    "renumbered": {
        "t3": ["四、收到和处理政府信息公开申请情况"],
        "t4": ["五、政府信息公开行政复议、行政诉讼情况"],
        "end": ["六、存在的主要问题及改进情况"],
    },
    "tables_1_2_3": {
        "t2": ["表1 主动公开政府信息情况"],
        "t3": ["表2 收到和处理政府信息公开申请情况"],
        "t4": ["表3 政府信息公开行政复议、行政诉讼情况"],
    },
    "bracketed": {
        "t2": ["（二）主动公开政府信息情况"],
        "t3": ["（三）收到和处理政府信息公开申请情况"],
        "t4": ["（四）政府信息公开行政复议、行政诉讼情况"],
    },
}


@pytest.mark.parametrize("rows", ["markdown", "tabs", "plain"])
@pytest.mark.parametrize("heading", sorted(HEADINGS))
def test_split_and_renumbered_headings_and_label_variants(heading: str, rows: str) -> None:
    style = TextStyle(rows=rows, headings=HEADINGS[heading], variants=VARIANTS)
    got, results = run_all(style, ".txt")
    assert got.wrong_cells == []
    assert got.read == 1200
    assert [r.cells["t2"][("normative_document", "in_force")][0] for r in results] == [
        src.cells[("t2", "normative_document", "in_force")] for src in SOURCES
    ]


# --- priority 3: web pages ----------------------------------------------------------------


@pytest.mark.parametrize("kind", HTML_KINDS)
def test_web_pages_read_every_cell(kind: str) -> None:
    for src in SOURCES:
        got, result = score(Path(f"{src.name}_{kind}.html"), html_page(src, kind), src.cells)
        assert got.wrong_cells == [], kind
        assert got.read == 200, (kind, src.name, result.reasons_en[:3])
        assert (result.title_agency, result.report_year) == (src.agency, src.year)
        assert result.agency_source == ("html_title" if kind == "no_title_line" else "title")


# --- priority 4: titles and agencies --------------------------------------------------------


def lines_of(text: str) -> list[Line]:
    return [Line(t.strip(), f"line {i}") for i, t in enumerate(text.splitlines(), 1) if t.strip()]


def test_title_over_two_lines() -> None:
    info = find_title_info(
        lines_of("2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n一、总体情况")
    )
    assert (info.agency, info.year, info.agency_source) == ("上海市人民政府办公厅", "2025", "title")


def test_title_wrapped_in_a_notice_names_the_reports_agency() -> None:
    info = find_title_info(
        lines_of(
            "焦作市人民政府办公室关于印发焦作市人民政府\n2023年政府信息公开工作年度报告的通知\n"
            "各县（市、区）人民政府：\n一、总体情况"
        )
    )
    assert (info.agency, info.year, info.agency_source) == ("焦作市人民政府", "2023", "title")


def test_no_title_line_never_a_sentence_fragment() -> None:
    ref = Path(__file__).resolve().parents[2] / "data/reports/reference/004_967c1590f64ec95c.txt"
    body = ref.read_text(encoding="utf-8").split("一、总体情况", 1)[1]
    info = find_title_info(lines_of("一、总体情况" + body), file_name="report.txt")
    assert info.agency == "" and info.agency_source == ""
    assert "息公开有关工作制度以及" not in info.agency
    assert info.reason_en.startswith("agency not found") and info.reason_zh.startswith("未找到机关")
    # the year: from the statistics period the report states
    assert (info.year, info.year_source) == ("2023", "period")


def test_agency_from_the_signature_then_page_title_then_file_name() -> None:
    body = "一、总体情况\n本机关依法公开。\n六、其他需要报告的事项\n无。\n"
    signed = find_title_info(lines_of(body + "某某县人民政府办公室\n2024年1月15日"))
    assert (signed.agency, signed.agency_source, signed.year) == (
        "某某县人民政府办公室",
        "signature",
        "",
    )
    paged = find_title_info(
        lines_of(body), html_title="某某区人民政府2023年政府信息公开工作年度报告_某某区政府网"
    )
    assert (paged.agency, paged.year, paged.agency_source) == (
        "某某区人民政府",
        "2023",
        "html_title",
    )
    named = find_title_info(
        lines_of(body), file_name="某某镇人民政府2022年度政府信息公开工作年度报告.docx"
    )
    assert (named.agency, named.year, named.agency_source) == (
        "某某镇人民政府",
        "2022",
        "file_name",
    )
    year_only = find_title_info(lines_of(body), file_name="pingtan_2021_concat.txt")
    assert (year_only.agency, year_only.year, year_only.year_source) == ("", "2021", "file_name")
