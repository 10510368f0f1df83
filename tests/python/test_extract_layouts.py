"""Unseen layouts: scrambled rows, split and renumbered headings, label variants, web pages,
titles — every value written is right.
新版式：打乱的行、拆开或改号的标题、标签变体、网页、标题与机关。

All fixtures are generated from the reference reports' numbers (`layout_fixtures.py`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_fixtures import (
    DOCX_KINDS,
    HTML_KINDS,
    Score,
    TextStyle,
    docx_report,
    html_page,
    render_text,
    score,
    sources,
)
from layout_fixtures import HEADINGS as HEADINGS_TEXT

from xxgk.extract.cells import Line
from xxgk.extract.title import find_title_info

pytestmark = pytest.mark.unit

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


def test_labels_printed_after_their_numbers() -> None:
    # in template order: each row read by the label right after it
    got, results = run_all(TextStyle(rows="plain", numbers_first=True), ".txt")
    assert got.wrong_cells == []
    assert got.read == 1200
    assert all("labels after the numbers" in " ".join(r.reasons_en) for r in results)
    # out of order, the reading by the label after is not confirmed by the order: refused
    got, results = run_all(TextStyle(rows="plain", numbers_first=True, shuffle_t3=3), ".txt")
    assert got.wrong_cells == []
    assert got.read == len(SOURCES) * (10 + 15)  # tables 二 and 四
    for result in results:
        assert any("行名印在数字之后" in z for z in result.reasons_zh)


def test_unknown_first_label_and_a_trailing_label_never_shift_the_rows() -> None:
    """Labels on the lines of their numbers, the first one unrecognised, and a note after the
    table naming a row: read by the labels before (on the same lines), the first row by order;
    nothing shifted."""
    total = Score(wrong_cells=[])
    for src in SOURCES:
        text = render_text(src, TextStyle(rows="plain"))
        text = text.replace("一、本年新收政府信息公开申请数量", "一、新收申请", 1)
        text = text.replace(
            HEADINGS_TEXT["t4"],
            "注：四、结转下年度继续办理的申请次年答复。\n" + HEADINGS_TEXT["t4"],
        )
        got, _ = score(Path(f"{src.name}.txt"), text.encode("utf-8"), src.cells)
        total.add(got)
    assert total.wrong_cells == []
    assert total.read == len(SOURCES) * 200


@pytest.mark.parametrize("rows", ["markdown", "tabs", "plain"])
@pytest.mark.parametrize("t4", ["wrapped", "by_proceeding", "blocks", "transposed"])
def test_table_4_placed_by_its_labels_or_refused(t4: str, rows: str) -> None:
    got, results = run_all(TextStyle(rows=rows, t4=t4), ".txt")
    assert got.wrong_cells == []
    if t4 == "transposed":  # one row per outcome: the column order cannot be told
        assert got.read == 1200 - len(SOURCES) * 15
        assert all("transposed" in " ".join(r.reasons_en) for r in results)
    else:
        assert got.read == 1200


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
        suffix = ".md" if kind == "markdown_html_tables" else ".html"
        got, result = score(Path(f"{src.name}_{kind}{suffix}"), html_page(src, kind), src.cells)
        assert got.wrong_cells == [], kind
        assert got.read == 200, (kind, src.name, result.reasons_en[:3])
        assert (result.title_agency, result.report_year) == (src.agency, src.year)
        assert result.agency_source == ("html_title" if kind == "no_title_line" else "title")


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_word_documents_read_every_cell(kind: str, tmp_path: Path) -> None:
    for src in SOURCES:
        path = tmp_path / f"{src.name}_{kind}.docx"
        docx_report(src, kind, path)
        got, result = score(path, path.read_bytes(), src.cells)
        assert got.wrong_cells == [], kind
        assert got.read == 200, (kind, src.name, result.reasons_en[:3])
        assert (result.title_agency, result.report_year) == (src.agency, src.year)


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


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("关于某某市交通运输局2023年政府信息公开工作年度报告的公告", "某某市交通运输局", "2023"),
        ("2023年某某区人民政府信息公开工作年度报告", "某某区人民政府", "2023"),
        ("标题：某某县人民政府2022年度政府信息公开工作年度报告", "某某县人民政府", "2022"),
        ("某某市统计局政府信息公开工作年度报告（2023年度）", "某某市统计局", "2023"),
    ],
)
def test_title_variants(head: str, agency: str, year: str) -> None:
    info = find_title_info(lines_of(head + "\n一、总体情况"))
    assert (info.agency, info.year, info.agency_source) == (agency, year, "title")


_UNSIGNED_BODY = "一、总体情况\n本机关依法公开。\n六、其他需要报告的事项\n无。\n"


def test_signature_dated_in_chinese_numerals() -> None:
    info = find_title_info(lines_of(_UNSIGNED_BODY + "某某街道办事处\n二〇二四年一月十五日"))
    assert (info.agency, info.agency_source) == ("某某街道办事处", "signature")


@pytest.mark.parametrize(
    ("signature", "where", "expected"),
    [
        pytest.param(
            "某某县人民政府办公室\n2024年1月15日",
            {},
            {"agency": "某某县人民政府办公室", "agency_source": "signature", "year": ""},
            id="signature",
        ),
        pytest.param(
            "",
            {"html_title": "某某区人民政府2023年政府信息公开工作年度报告_某某区政府网"},
            {"agency": "某某区人民政府", "year": "2023", "agency_source": "html_title"},
            id="page_title",
        ),
        pytest.param(
            "",
            {"file_name": "某某镇人民政府2022年度政府信息公开工作年度报告.docx"},
            {"agency": "某某镇人民政府", "year": "2022", "agency_source": "file_name"},
            id="file_name",
        ),
        pytest.param(
            "",
            {"file_name": "pingtan_2021_concat.txt"},
            {"agency": "", "year": "2021", "year_source": "file_name"},
            id="year_only_from_file_name",
        ),
    ],
)
def test_agency_from_the_signature_then_page_title_then_file_name(
    signature: str, where: dict[str, str], expected: dict[str, str]
) -> None:
    info = find_title_info(lines_of(_UNSIGNED_BODY + signature), **where)
    assert {name: getattr(info, name) for name in expected} == expected


# --- priority 5: digits run together --------------------------------------------------------

REAL = Path(__file__).resolve().parents[2] / "data" / "reports" / "real"


def extract_real(name: str):
    from extract_fixtures import template

    from xxgk.extract.report import extract_file

    path = REAL / name
    return extract_file(path, path.read_bytes(), template())


def values(result, table: str, row: str) -> list[str]:
    from extract_fixtures import template

    columns = next(r.columns for r in template().rows(table) if r.code == row)
    return [result.cells[table][(row, c)][0] for c in columns]


def test_flattened_pages_of_the_reference_numbers_never_a_wrong_cut() -> None:
    got, results = run_all(TextStyle(rows="glued"), ".txt")
    assert got.wrong_cells == []
    assert (got.read, got.expected) == (1119, 1200)
    for result in results:
        assert result.layout == "run_together"
        cells = [v for t in result.cells.values() for v in t.values()]
        assert {provenance for _, provenance, _ in cells} == {"inferred"}
        assert all("(segmented: " in ref for _, _, ref in cells)
        assert len(result.segmented) == len(cells)
    # 004's 本年新收 "5291801551604" can be cut 4 ways that add up: refused, reason given
    log_004 = " ".join(results[4].reasons_en)
    assert "4 segmentations of '5291801551604' satisfy T3_APPLICANT_TOTAL" in log_004


def test_pingtan_2021_is_read_with_its_cells_inferred() -> None:
    result = extract_real("pingtan_2021_concat.txt")
    assert (result.status, result.layout) == ("partial", "run_together")
    assert values(result, "t3", "new_received") == ["64", "0", "0", "2", "0", "4", "70"]
    assert values(result, "t3", "total_handled")[-1] == "69"
    assert values(result, "t3", "carried_forward")[-1] == "1"
    assert result.segmented["t3:new_received×total"] == "T3_APPLICANT_TOTAL"
    assert result.segmented["t4:admin_review×total"] == "T4_BLOCK_TOTAL"
    assert result.segmented["t2:regulation×issued"] == "digit_count"
    ref = result.cells["t3"][("new_received", "total")][2]
    assert ref == "line 10 (segmented: T3_APPLICANT_TOTAL)"
    # 270020130 is 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30: both add up, so the row is refused
    assert "t3:granted×total" in result.missing
    assert any("2 segmentations of '270020130'" in e for e in result.reasons_en)
    assert any("“（一）予以公开”一行" in z and "2 种切分" in z for z in result.reasons_zh)
    assert len(result.missing) == 2 * 7 + 3  # granted, unable_not_held, normative_document
    assert result.cells_read == 200 - len(result.missing)


def test_pingtan_2022_segmented_rows_agree_with_the_notes() -> None:
    result = extract_real("pingtan_2022_concat.txt")
    assert values(result, "t3", "carried_over")[-1] == "1"
    assert values(result, "t3", "new_received") == ["71", "3", "0", "0", "0", "0", "74"]
    assert values(result, "t3", "total_handled")[-1] == "75"
    assert values(result, "t3", "carried_forward")[-1] == "0"
    assert {p for _, p, _ in result.cells["t4"].values()} == {"read"}


# --- priority 6: scanned PDFs ------------------------------------------------------------------


def test_scanned_pdf_has_its_own_reason(tmp_path: Path) -> None:
    from extract_fixtures import template
    from PIL import Image

    from xxgk.extract.report import extract_file

    path = tmp_path / "scan.pdf"
    pages = [Image.new("RGB", (200, 280), "white") for _ in range(2)]
    pages[0].save(path, save_all=True, append_images=pages[1:])
    result = extract_file(path, path.read_bytes(), template())
    assert (result.status, result.reason_code) == ("rejected", "scanned_pdf")
    assert result.reasons_en[0].startswith("scanned PDF: 2 pages without a text layer")
    assert result.reasons_zh[0].startswith("扫描件：PDF 共 2 页，没有文字层")


# --- priority 7: groups printed as one row, the 2019 format -----------------------------------


def group_fixture_truth(src, groups: frozenset[str]) -> dict:
    from extract_fixtures import template
    from layout_fixtures import group_truth

    tpl = template()
    truth = dict(src.cells)
    for group in groups:
        for leaf in (r.code for r in tpl.t3 if tpl.t3_parents[r.code] == group):
            for col in tpl.t3[0].columns:
                truth.pop(("t3", leaf, col))
        truth.update({("t3g", group, c): v for c, v in group_truth(src.cells, group).items()})
    return truth


@pytest.mark.parametrize("rows", ["markdown", "tabs", "plain"])
@pytest.mark.parametrize(
    "groups", [frozenset({"other"}), frozenset({"denied", "unable", "rejected", "other"})]
)
def test_groups_printed_as_one_row_read_as_group_cells(rows: str, groups: frozenset[str]) -> None:
    style = TextStyle(rows=rows, merge_groups=groups, variants={"other": "（六）其他"})
    for src in SOURCES:
        truth = group_fixture_truth(src, groups)
        got, result = score(Path(f"{src.name}.txt"), render_text(src, style).encode(), truth)
        assert got.wrong_cells == []
        assert got.read == len(truth)
        assert result.status == "extracted" and result.missing == []
        leaves = {k.split("×")[0] for k in result.grouped}
        assert len(result.grouped) == 7 * len(leaves)
        assert "“（六）其他处理”印成一行" in " ".join(result.reasons_zh)


def test_pingtan_2020_in_the_2019_format() -> None:
    result = extract_real("pingtan_2020_format2019_concat.txt")
    assert result.template_version == "2019"
    assert result.cells["t2"] == {}
    assert not any(m.startswith("t2:") for m in result.missing)
    group = {c: v[0] for (g, c), v in result.group_cells.items() if g == "other"}
    assert group == {
        "natural_person": "4",
        "commercial": "0",
        "research": "0",
        "social_welfare": "0",
        "legal_service": "0",
        "other_org": "0",
        "total": "4",
    }
    assert result.grouped[:1] == ["t3:other_no_supplement×natural_person"]
    # the real violation is in the cells as read: outcome rows 26 / 27, （七）总计 20 / 21
    from extract_fixtures import template

    outcome = ["granted", "partially_granted"] + [
        r.code for r in template().t3 if r.code.startswith(("denied_", "unable_", "rejected_"))
    ]
    for col, parts, total in (("natural_person", 26, "20"), ("total", 27, "21")):
        summed = sum(int(result.cells["t3"][(r, col)][0]) for r in outcome) + int(group[col])
        assert (summed, result.cells["t3"][("total_handled", col)][0]) == (parts, total)
    t2 = {k: v[0] for k, v in result.table2_2019.items()}
    assert t2[("regulation", "total_published")] == "7"
    assert t2[("administrative_fee", "items_change")] == "-15"
    assert "t2_2019:government_procurement×procurement_amount" in result.missing_2019
    assert any("39573802895.90" in z for z in result.reasons_zh)


# --- priority 8: narrative figures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 749 = 新收 713 + 上年结转 36: the requests in hand, not the requests handled
        ("本年度共办理政府信息公开申请749件，其中新收713件、上年结转36件。", {}),
        ("本年度共办理政府信息公开申请 749 件。", {}),
        # handled, and all of them answered: (七)总计 (reference report 004)
        (
            "全市共办理政府信息依申请公开 602件，均已按照相关要求和程序在规定时限内进行了答复。",
            {"requests_handled": "602"},
        ),
        # a count of information disclosed on request is not a count of requests
        ("全年答复依申请公开政府信息9件。", {}),
        ("本年度受理依申请公开政府信息 9 件。", {}),
        ("本年度收到政府信息公开申请 9 件，均已办结。", {"requests_received": "9"}),
    ],
)
def test_a_statement_restates_a_cell_only_when_unambiguous(
    sentence: str, expected: dict[str, str]
) -> None:
    from xxgk.extract.narrative import narrative_figures

    got = {f.code: f.text for f in narrative_figures([Line(sentence, "line 1")])}
    assert got == expected


def test_narrative_read_from_the_text_layer_when_the_table_reading_wins() -> None:
    from extract_fixtures import template

    from xxgk.extract.sources import Reading
    from xxgk.extract.tables import extract_tables
    from xxgk.extract.variants import narrative_of_all

    tables = render_text(SOURCES[4], TextStyle(rows="tabs")).split("二、主动公开", 1)[1]
    table_lines = lines_of("二、主动公开" + tables)
    text_lines = lines_of("一、总体情况\n本年度共收到政府信息公开申请 604 件，已办结 602 件。\n")
    table_reading = Reading(table_lines, "pdf_table", "pdf")
    text_reading = Reading(text_lines + table_lines, "pdf_text", "pdf")
    codes = ("requests_received", "requests_handled")
    sections = [(r, extract_tables(r.lines, template())[0]) for r in (table_reading, text_reading)]
    figures = narrative_of_all(table_reading, sections[0][1], sections, codes)
    assert [(f.code, f.text) for f in figures] == [
        ("requests_received", "604"),
        ("requests_handled", "602"),
    ]


@pytest.mark.parametrize("rows", ["markdown", "tabs", "plain"])
def test_2019_format_fixtures_read_onto_their_codes(rows: str) -> None:
    from extract_fixtures import template
    from layout_fixtures import render_2019, table2_2019_values

    tpl = template()
    for src in SOURCES:
        truth = group_fixture_truth(src, frozenset({"other"}))
        truth = {k: v for k, v in truth.items() if k[0] != "t2"}
        got, result = score(Path(f"{src.name}_2019.txt"), render_2019(src, rows).encode(), truth)
        assert got.wrong_cells == []
        assert got.read == len(truth) == 25 * 7 - 3 * 7 + 7 + 15
        assert (result.status, result.template_version) == ("extracted", "2019")
        assert {k: v[0] for k, v in result.table2_2019.items()} == table2_2019_values(src)
        assert result.cells["t2"] == {} and result.missing == []
        assert len(result.grouped) == 3 * len(tpl.t3[0].columns)


def test_every_rejection_has_a_reason_code(tmp_path: Path) -> None:
    from extract_fixtures import template

    from xxgk.extract.report import extract_file

    cases = {
        "empty.txt": (b"", "unreadable"),
        "binary.txt": (bytes(range(256)) * 8, "unreadable"),
        "notes.txt": ("这是一个说明文件，没有表格。\n".encode(), "no_tables"),
        "template_2021_format.docx": ((REAL / "template_2021_format.docx").read_bytes(), None),
    }
    for name, (data, code) in cases.items():
        result = extract_file(tmp_path / name, data, template())
        assert result.status == "rejected"
        assert result.reason_code == (code or "blank_template"), name


def test_2019_codes_for_a_seed() -> None:
    from xxgk.extract.format2019 import seed_rows

    rows = {(r["dimension"], r["code"]): r for r in seed_rows()}
    assert rows[("t2_2019_metric", "items_change")]["value_type"] == "signed_count"
    assert rows[("t2_2019_item", "government_procurement")]["cell_columns"] == (
        "procurement_items|procurement_amount"
    )
    assert sum(len(r["cell_columns"].split("|")) for r in rows.values() if r["cell_columns"]) == 22


# --- the PDF-to-markdown file of Shanghai with its rows moved: never a wrong value -------------

SHANGHAI = "shanghai_shizhengfu_bgt_2025_pdfmd.txt"
ZERO_ROW = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |"  # 5.要求行政机关确认… (its label printed elsewhere)
ROW_40 = "| 行政机关不再处理其政府信息公 | 40 | 1 | 0 | 0 | 2 | 0 | 43 |"  # （六）1.
DUPLICATE = "| 2.重复申请 | 16 | 0 | 0 | 0 | 0 | 0 | 16 |  |"
PETITION = "| 1.信访举报投诉类申请 | 61 | 1 | 0 | 0 | 0 | 0 | 62 |"
PARTIAL = "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"  # （二）部分公开, its label on the lines above
PROHIBITED = "| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |"


def _move(lines: list[str], what: str, before: str) -> list[str]:
    lines.remove(what)
    lines.insert(lines.index(before), what)
    return lines


def _swap(lines: list[str], a: str, b: str) -> list[str]:
    i, j = lines.index(a), lines.index(b)
    lines[i], lines[j] = lines[j], lines[i]
    return lines


@pytest.mark.parametrize(
    ("name", "change", "read"),
    [
        ("unlabelled row moved up", lambda ls: _move(ls, ZERO_ROW, DUPLICATE), 172),
        ("row with its label above moved down", lambda ls: _move(ls, PARTIAL, PROHIBITED), 172),
        ("row with a shared label piece moved up", lambda ls: _move(ls, ROW_40, PETITION), 172),
        ("two labelled rows swapped", lambda ls: _swap(ls, DUPLICATE, PETITION), 172),
        ("two unlabelled rows swapped", lambda ls: _swap(ls, ZERO_ROW, ROW_40), 179),
    ],
)
def test_shanghai_rows_out_of_order_never_a_wrong_value(name: str, change, read: int) -> None:
    from extract_fixtures import template

    from xxgk.extract.report import extract_file

    text = (REAL / SHANGHAI).read_text(encoding="utf-8")
    base = extract_file(REAL / SHANGHAI, text.encode("utf-8"), template())
    truth = {(t, r, c): v[0] for t, cells in base.cells.items() for (r, c), v in cells.items()}
    assert len(truth) == 200
    moved = "\n".join(change(text.split("\n")))
    result = extract_file(Path(SHANGHAI), moved.encode("utf-8"), template())
    got = {(t, r, c): v[0] for t, cells in result.cells.items() for (r, c), v in cells.items()}
    assert {k: v for k, v in got.items() if truth[k] != v} == {}, name
    assert len(got) == read, name
    assert result.status == "partial" and len(result.missing) == 200 - read


def test_narrative_subsections_named_like_the_tables_are_not_their_headings() -> None:
    from extract_fixtures import template

    from xxgk.extract.report import extract_file

    for src in SOURCES:
        received = src.cells[("t3", "new_received", "total")]
        narrative = (
            "（一）主动公开政府信息情况\n本年度制定规章 2 件，行政规范性文件 5 件。\n"
            "（二）收到和处理政府信息公开申请情况\n"
            f"本年度共收到政府信息公开申请 {received} 件。\n"
        )
        text = render_text(src, TextStyle(rows="plain"))
        text = text.replace("本机关依法做好政府信息公开工作。\n", narrative)
        result = extract_file(Path(f"{src.name}.txt"), text.encode("utf-8"), template(), None)
        got, _ = score(Path(f"{src.name}.txt"), text.encode("utf-8"), src.cells)
        assert got.wrong_cells == [] and got.read == 200
        assert [(f.code, f.text) for f in result.narrative][:1] == [("requests_received", received)]


def test_label_answers_cached_per_rows_never_across_them() -> None:
    """find_labels caches its answers by matcher and text: the same text against the same rows
    in another order (other row indices) gets its own answer, equal to an uncached search."""
    from extract_fixtures import template

    from xxgk.extract.template import _find_labels, _matcher, find_labels, norm_label

    rows = template().t3
    reordered = tuple(reversed(rows))
    text = norm_label("（一）予以公开 3.危及“三安全一稳定” （七）总计")
    first = find_labels(text, rows)
    second = find_labels(text, reordered)
    codes = [rows[h.row].code for h in first]
    assert codes == ["granted", "denied_security_stability", "total_handled"]
    assert [reordered[h.row].code for h in second] == codes
    assert [h.row for h in first] != [h.row for h in second]
    for search in (rows, reordered, (*rows, *template().t3_groups)):
        matcher = _matcher(search)
        assert matcher is not None
        assert find_labels(text, search) == _find_labels(text, matcher)
