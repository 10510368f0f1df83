"""Unseen-layout fixtures made from the reference reports' numbers — 新版式样例生成.

Every fixture is generated from the cells of `tests/data/truth/` (the five reference reports)
and of `huaian_shi_2024.pdf-cells.tsv` (a real report with non-zero figures in nearly every
cell), so that a value read in the wrong place shows as a wrong value. Nothing here is typed by
hand: labels come from `seeds/reference/template_codes.csv`, numbers from the truth files.

Layouts: markdown / tab / plain-text rows in scrambled order, labels printed apart from their
numbers, headings split over two lines or renumbered, label variants, and web pages (navigation,
nested layout tables, colspan/rowspan headers, <br>-split cells, numbers in nested <span>s, GBK
pages declaring another charset, a report inside one big layout <table>).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract_fixtures import REAL_DIR, Cells, huaian_truth, template, truth_cells

from xxgk.extract.report import extract_file
from xxgk.extract.template import Row

HEADINGS = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
    "end": "五、存在的主要问题及改进情况",
}
T2_GROUPS = {
    "regulation": "第二十条第（一）项",
    "administrative_license": "第二十条第（五）项",
    "administrative_penalty": "第二十条第（六）项",
    "administrative_fee": "第二十条第（八）项",
}
T2_HEAD = {
    "regulation": "信息内容 本年制发件数 本年废止件数 现行有效件数",
    "administrative_license": "信息内容 本年处理决定数量",
    "administrative_penalty": "信息内容 本年处理决定数量",
    "administrative_fee": "信息内容 本年收费金额（单位：万元）",
}
T3_HEAD = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人 法人或其他组织 总计",
    "商业企业 科研机构 社会公益组织 法律服务机构 其他",
]
T4_HEAD = [
    "行政复议 行政诉讼",
    "未经复议直接起诉 复议后起诉",
    "结果维持 结果纠正 其他结果 尚未审结 总计 " * 3,
]


@dataclass(frozen=True)
class Source:
    name: str
    agency: str
    year: str
    cells: Cells


def sources() -> list[Source]:
    """The five reference reports and Huaian 2024: (name, agency, year, truth cells)."""
    import csv

    from extract_fixtures import TRUTH_DIR

    with (TRUTH_DIR / "reports.csv").open(encoding="utf-8", newline="") as handle:
        meta = {r["source_file"]: r for r in csv.DictReader(handle)}
    out = [
        Source(name.split("_")[0], meta[name]["title_agency"], meta[name]["report_year"], cells)
        for name, cells in sorted(truth_cells().items())
    ]
    out.append(Source("huaian", "淮安市人民政府", "2024", huaian_truth()))
    return out


def row_values(cells: Cells, table: str, row: Row) -> list[str]:
    return [cells[(table, row.code, c)] for c in row.columns]


def t4_values(cells: Cells) -> list[str]:
    return [cells[("t4", r.code, c)] for r in template().t4 for c in r.columns]


# --- text layouts -----------------------------------------------------------------------


@dataclass
class TextStyle:
    """How one text fixture prints its tables."""

    rows: str = "markdown"  # markdown | tabs | plain
    shuffle_t3: int | None = None  # seed: print table 三's rows in a random order
    shuffle_t2: int | None = None
    label_apart: frozenset[str] = frozenset()  # rows whose label stands on the line above
    label_block: bool = False  # plain text: all t3 labels first, then all number lines
    drop_labels: frozenset[str] = frozenset()  # rows printed without a label
    headings: dict[str, list[str]] | None = None  # heading key -> printed lines
    variants: dict[str, str] | None = None  # row code -> label printed instead
    title: bool = True
    merge_groups: frozenset[str] = frozenset()  # t3 groups printed as one row (their sums)
    numbers_first: bool = False  # plain text: a row's numbers printed before its label
    # table 四: one row of 15 (row), its numbers wrapped over 3 lines (wrapped), one labelled
    # row per proceeding in another order (by_proceeding), a header block per proceeding
    # (blocks), or one row per outcome (transposed)
    t4: str = "row"


def _fmt(style: TextStyle, label: str, values: list[str]) -> str:
    if style.rows == "markdown":
        return "| " + " | ".join([label, *values]) + " |"
    if style.rows == "tabs":
        return "\t".join([label, *values])
    if style.rows == "glued":  # a web page flattened to text: cells run together
        return label + "".join(values)
    return " ".join([label, *values]).strip()


def render_text(src: Source, style: TextStyle) -> str:
    tpl = template()
    labels = {r.code: r.label for r in (*tpl.t2, *tpl.t3)}
    labels.update(style.variants or {})
    heads = {k: [v] for k, v in HEADINGS.items()}
    heads.update(style.headings or {})
    out: list[str] = []
    if style.title:
        out.append(f"{src.agency}{src.year}年政府信息公开工作年度报告")
    out += ["一、总体情况", "本机关依法做好政府信息公开工作。", ""]
    out += heads["t2"]
    t2_rows = list(tpl.t2)
    if style.shuffle_t2 is not None:
        random.Random(style.shuffle_t2).shuffle(t2_rows)
    for row in t2_rows:
        if style.shuffle_t2 is None and row.code in T2_GROUPS:
            out += [T2_GROUPS[row.code], T2_HEAD[row.code]]
        out += _row_lines(style, labels[row.code], row_values(src.cells, "t2", row), row.code)
    out.append("")
    out += heads["t3"]
    out += T3_HEAD
    t3_rows = list(tpl.t3)
    if style.shuffle_t3 is not None:
        random.Random(style.shuffle_t3).shuffle(t3_rows)
    if style.label_block:
        out += [labels[r.code] for r in t3_rows]
        out += [" ".join(row_values(src.cells, "t3", r)) for r in t3_rows]
    else:
        printed: set[str] = set()
        for row in t3_rows:
            group = tpl.t3_parents[row.code]
            if group in style.merge_groups:
                if group not in printed:
                    printed.add(group)
                    sums = group_truth(src.cells, group)
                    label = (style.variants or {}).get(group, _group_label(group))
                    out += _row_lines(style, label, list(sums.values()), group)
                continue
            out += _row_lines(style, labels[row.code], row_values(src.cells, "t3", row), row.code)
    out.append("")
    out += heads["t4"]
    out += _t4_lines(src, style)
    out += heads["end"]
    out += ["无。", "", f"{src.agency}", f"{src.year}年1月20日"]
    if style.rows == "glued":
        return out[0] + "\n" + "".join(out[1:]) + "\n"
    return "\n".join(out) + "\n"


OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _t4_lines(src: Source, style: TextStyle) -> list[str]:
    tpl = template()
    values = t4_values(src.cells)

    def line(label: str, cells: list[str]) -> str:
        if style.rows == "glued":
            return label + "".join(cells)
        return _fmt(style, label, cells)

    if style.t4 == "wrapped":
        return [*T4_HEAD, *(line("", values[i : i + 5]) for i in range(0, 15, 5))]
    if style.t4 == "by_proceeding":
        order = [tpl.t4[2], tpl.t4[0], tpl.t4[1]]
        return [line("", list(OUTCOMES))] + [
            line(r.label, [src.cells[("t4", r.code, c)] for c in r.columns]) for r in order
        ]
    if style.t4 == "blocks":
        out: list[str] = []
        for r in tpl.t4:
            out += [
                f"{r.label} {' '.join(OUTCOMES)}",
                line("", [src.cells[("t4", r.code, c)] for c in r.columns]),
            ]
        return out
    if style.t4 == "transposed":
        return [line("", [r.label for r in tpl.t4])] + [
            line(label, [src.cells[("t4", r.code, c)] for r in tpl.t4])
            for label, c in zip(OUTCOMES, tpl.t4[0].columns, strict=True)
        ]
    if style.rows == "markdown":
        return [*T4_HEAD, "| " + " | ".join(values) + " |"]
    return [*T4_HEAD, {"tabs": "\t", "glued": ""}.get(style.rows, " ").join(values)]


def _group_label(group: str) -> str:
    return next(g.label for g in template().t3_groups if g.code == group)


def group_truth(cells: Cells, group: str) -> dict[str, str]:
    """The cells of a group printed as one row: the sums of its leaf rows, per column."""
    tpl = template()
    leaves = [r for r in tpl.t3 if tpl.t3_parents[r.code] == group]
    return {
        col: str(sum(int(cells[("t3", r.code, col)]) for r in leaves)) for col in tpl.t3[0].columns
    }


def _row_lines(style: TextStyle, label: str, values: list[str], code: str) -> list[str]:
    if style.numbers_first:
        return [" ".join(values), label]
    if code in style.drop_labels:
        return [_fmt(style, "", values)]
    if code in style.label_apart:
        if style.rows == "markdown":
            return [label, "| " + " | ".join(values) + " |"]
        return [label, _fmt(style, "", values)]
    return [_fmt(style, label, values)]


# --- reading and scoring -----------------------------------------------------------------


@dataclass
class Score:
    read: int = 0
    wrong: int = 0
    expected: int = 0
    wrong_cells: list[str] | None = None

    def add(self, other: Score) -> None:
        self.read += other.read
        self.wrong += other.wrong
        self.expected += other.expected
        self.wrong_cells = (self.wrong_cells or []) + (other.wrong_cells or [])


def _num(text: str) -> str:
    from decimal import Decimal, InvalidOperation

    head = text.split("（")[0].split("(")[0].replace(",", "")
    try:
        return str(Decimal(head).normalize())
    except InvalidOperation:
        return text


def score(path: Path, data: bytes, truth: Cells) -> tuple[Score, object]:
    """Extract one file and compare every written cell (and group cell, keyed ("t3g", group,
    column)) with the truth."""
    result = extract_file(path, data, template(), ())
    got = {(t, r, c): v[0] for t, cells in result.cells.items() for (r, c), v in cells.items()}
    got.update({("t3g", g, c): v[0] for (g, c), v in result.group_cells.items()})
    s = Score(expected=len(truth), wrong_cells=[])
    for key, text in got.items():
        if key in truth and _num(text) == _num(truth[key]):
            s.read += 1
        else:
            s.wrong += 1
            assert s.wrong_cells is not None
            s.wrong_cells.append(f"{path.name}:{key}={text} (truth {truth.get(key)})")
    return s, result


Render = Callable[[Source], str]
REAL = REAL_DIR


# --- web pages ----------------------------------------------------------------------------

HTML_KINDS = (
    "markdown_html_tables",  # a PDF converter's markdown with the tables as HTML (MinerU style)
    "site_template",  # navigation, sidebar of other years' reports, nested layout tables
    "grid_headers",  # the template's colspan/rowspan grid, group cells spanning their rows
    "inline_markup",  # labels split by <br>, numbers and headings in nested <span>s
    "gbk_declared_utf8",  # GBK bytes, the page declares UTF-8
    "one_layout_table",  # the whole report inside one big layout table, headings in cells
    "split_heading_blocks",  # a table heading split over two blocks
    "no_title_line",  # the body has no title line: the agency is only in <title>
    "word_export",  # Word's "save as web page": MsoNormal paragraphs in cells, <o:p>, comments
)


def _span(text: str, nested: bool) -> str:
    return f"<span><span style='font-size:12pt'>{text}</span></span>" if nested else text


def _html_t2(src: Source, nested: bool) -> str:
    tpl = template()
    out = []
    for row in tpl.t2:
        if row.code in T2_GROUPS:
            heads = T2_HEAD[row.code].split()
            out.append(f"<tr><td colspan='4'>{T2_GROUPS[row.code]}</td></tr>")
            out.append("<tr>" + "".join(f"<td>{_span(h, nested)}</td>" for h in heads) + "</tr>")
        values = row_values(src.cells, "t2", row)
        out.append(
            f"<tr><td>{_span(row.label, nested)}</td>"
            + "".join(f"<td>{_span(v, nested)}</td>" for v in values)
            + "</tr>"
        )
    return "<table border='1'>" + "".join(out) + "</table>"


def _wrap_label(label: str, br: bool) -> str:
    if not br or len(label) < 12:
        return label
    cut = len(label) // 2
    return f"{label[:cut]}<br/>{label[cut:]}"


def _html_t3(src: Source, nested: bool, br: bool) -> str:
    tpl = template()
    parents = tpl.t3_parents
    groups = {g.code: g.label for g in tpl.t3_groups}
    group_size: dict[str, int] = {}
    for row in tpl.t3:
        group_size[parents[row.code]] = group_size.get(parents[row.code], 0) + 1
    outcome_rows = sum(
        1
        for r in tpl.t3
        if parents[r.code] in groups or r.code in ("granted", "partially_granted", "total_handled")
    )
    head = (
        "<tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，"
        "等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td>"
        "<td rowspan='2'>总计</td></tr><tr><td>商业企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    out = [head]
    seen_groups: set[str] = set()
    outcome_started = False
    for row in tpl.t3:
        cells = "".join(f"<td>{_span(v, nested)}</td>" for v in row_values(src.cells, "t3", row))
        label = _span(_wrap_label(row.label, br), nested)
        parent = parents[row.code]
        lead = ""
        if row.code == "granted" and not outcome_started:
            outcome_started = True
            lead = f"<td rowspan='{outcome_rows}'>三、本年度办理结果</td>"
        if parent in groups:
            if parent not in seen_groups:
                seen_groups.add(parent)
                lead += f"<td rowspan='{group_size[parent]}'>{groups[parent]}</td>"
            out.append(f"<tr>{lead}<td>{label}</td>{cells}</tr>")
        elif outcome_started and row.code != "carried_forward":
            out.append(f"<tr>{lead}<td colspan='2'>{label}</td>{cells}</tr>")
        else:
            out.append(f"<tr><td colspan='3'>{label}</td>{cells}</tr>")
    return "<table border='1'>" + "".join(out) + "</table>"


def _html_t4(src: Source, nested: bool) -> str:
    words = "".join(
        f"<td>{w}</td>" for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    )
    values = "".join(f"<td>{_span(v, nested)}</td>" for v in t4_values(src.cells))
    return (
        "<table border='1'><tr><td colspan='5' rowspan='2'>行政复议</td>"
        "<td colspan='10'>行政诉讼</td></tr>"
        "<tr><td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
        f"<tr>{words}{words}{words}</tr><tr>{values}</tr></table>"
    )


def _plus_one(cells: Cells) -> Cells:
    return {k: str(int(v) + 1) if v.isdigit() else v for k, v in cells.items()}


def _word_export(page: str) -> str:
    """Word's web-page markup around every cell's content, and its conditional comments."""
    page = re.sub(
        r"<td([^>]*)>(.*?)</td>",
        lambda m: (
            f"<td{m.group(1)} width=60 valign=top style='border:solid windowtext 1.0pt'>"
            "<p class=MsoNormal align=center style='text-align:center'>"
            f"<span lang=EN-US style='font-size:10.5pt;font-family:仿宋_GB2312'>{m.group(2)}"
            "<o:p></o:p></span></p></td>"
        ),
        page,
    )
    return page.replace(
        "<body>",
        "<body lang=ZH-CN><!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml>"
        "<![endif]--><div class=WordSection1>",
    ).replace("</body>", "</div></body>")


def html_page(src: Source, kind: str) -> bytes:
    """One web page of the given kind holding the source's three tables."""
    if kind == "word_export":
        return _word_export(html_page(src, "grid_headers").decode("utf-8")).encode("utf-8")
    nested = kind == "inline_markup"
    br = kind in ("inline_markup", "grid_headers")
    title = f"{src.agency}{src.year}年政府信息公开工作年度报告"
    heads = dict(HEADINGS)
    head_html = {k: f"<p>{_span(v, nested)}</p>" for k, v in heads.items()}
    if kind == "split_heading_blocks":
        head_html["t3"] = "<p>三、收到和处理政府信息</p><p>公开申请情况</p>"
        head_html["t4"] = (
            "<div><span>四、政府信息公开行政复议、</span></div><div>行政诉讼情况</div>"
        )
    if kind == "inline_markup":
        head_html["t3"] = (
            "<p><span><span>三、收到和处理</span><span>政府信息公开申请情况</span></span></p>"
        )
    t2, t3, t4 = _html_t2(src, nested), _html_t3(src, nested, br), _html_t4(src, nested)
    if kind == "site_template":
        # a hidden print copy of table 三 with other numbers: must not count
        other = Source(src.name, src.agency, src.year, _plus_one(src.cells))
        t3 += "<div style='display: none'>" + _html_t3(other, False, False) + "</div>"
    nav = (
        "<div class='nav'><ul><li><a href='/'>首页</a></li><li>政务公开</li></ul></div>"
        "<div class='breadcrumb'>当前位置：首页 > 政府信息公开年报</div>"
        "<div class='sidebar'><ul>"
        + "".join(
            f"<li><a>{src.agency}{int(src.year) - k}年政府信息公开工作年度报告</a></li>"
            for k in (1, 2)
        )
        + "</ul></div>"
    )
    body_title = "" if kind == "no_title_line" else f"<h1>{title}</h1>"
    narrative = "<p>一、总体情况</p><p>本机关依法做好政府信息公开工作，现将有关情况报告如下。</p>"
    tail = f"{head_html['end']}<p>无。</p><p style='text-align:right'>{src.agency}</p>"
    if kind == "markdown_html_tables":
        markdown = (
            f"# {title}\n\n## 一、总体情况\n\n"
            "本机关依法做好政府信息公开工作，\n现将有关情况报告如下。\n\n"
            f"## {heads['t2']}\n\n{t2}\n\n## {heads['t3']}\n\n{t3}\n\n## {heads['t4']}\n\n{t4}\n\n"
            f"## {heads['end']}\n\n无。\n"
        )
        return markdown.encode("utf-8")
    if kind == "one_layout_table":
        cells = [
            body_title,
            narrative,
            head_html["t2"],
            t2,
            head_html["t3"],
            t3,
            head_html["t4"],
            t4,
            tail,
        ]
        content = (
            "<table width='100%'>"
            + "".join(f"<tr><td>{c}</td></tr>" for c in cells if c)
            + "</table>"
        )
    else:
        content = (
            f"{body_title}{narrative}{head_html['t2']}{t2}{head_html['t3']}{t3}"
            f"{head_html['t4']}{t4}{tail}"
        )
    if kind == "site_template":
        content = (
            "<table width='1000'><tr><td width='200'>" + nav + "</td><td>"
            "<table><tr><td><div class='content'>" + content + "</div></td></tr></table>"
            "</td></tr></table>"
        )
    elif kind == "grid_headers":  # navigation without class names: lists of links
        plain_nav = (
            "<ul><li><a href='/'>首页</a></li><li><a href='/zwgk'>政务公开</a></li></ul>"
            "<ul>"
            + "".join(
                f"<li><a href='/nb/{k}'>{src.agency}{int(src.year) - k}年政府信息公开工作"
                "年度报告</a></li>"
                for k in (1, 2)
            )
            + "</ul>"
        )
        content = plain_nav + content
    else:
        content = nav + content
    charset = "utf-8"
    page = (
        f"<html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
        f"<title>{title}_{src.agency}</title></head><body>{content}"
        "<div class='footer'>主办：某某人民政府办公室 2024年政府信息公开工作年度报告</div>"
        "</body></html>"
    )
    return page.encode("gbk" if kind == "gbk_declared_utf8" else "utf-8")


# --- Word documents -------------------------------------------------------------------------

DOCX_KINDS = (
    "filled_template",  # the circulated Word template, filled in
    "template_renumbered",  # the template with tables 三/四 numbered 四/五 and a split heading
    "one_layout_table",  # the report inside one big table, data tables nested in its cells
)


def docx_report(src: Source, kind: str, path: Path) -> None:
    """Write a Word report of the given kind holding the source's three tables."""
    import docx
    from extract_fixtures import fill_docx

    title = f"{src.agency}{src.year}年政府信息公开工作年度报告"
    if kind in ("filled_template", "template_renumbered"):
        fill_docx(path, src.cells, title)
        if kind == "template_renumbered":
            document = docx.Document(str(path))
            paragraphs = document.paragraphs
            paragraphs[18].text = "四、收到和处理政府信息"
            paragraphs[19].text = "公开申请情况"
            paragraphs[23].text = "五、政府信息公开行政复议、行政诉讼情况"
            paragraphs[28].text = "六、存在的主要问题及改进情况"
            document.save(str(path))
        return
    tpl = template()
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1).cell(0, 0)
    outer.paragraphs[0].text = title
    outer.add_paragraph("一、总体情况")
    outer.add_paragraph("本机关依法做好政府信息公开工作。")
    outer.add_paragraph(HEADINGS["t2"])
    t2 = outer.add_table(rows=0, cols=4)
    for row in tpl.t2:
        _write_cells(
            t2.add_row().cells, [row.label, *row_values(src.cells, "t2", row)], strict=False
        )
    outer.add_paragraph(HEADINGS["t3"])
    t3 = outer.add_table(rows=0, cols=8)
    _write_cells(t3.add_row().cells, ["", *T3_HEAD[2].split()], strict=False)
    for row in tpl.t3:
        _write_cells(t3.add_row().cells, [row.label, *row_values(src.cells, "t3", row)])
    outer.add_paragraph(HEADINGS["t4"])
    t4 = outer.add_table(rows=2, cols=15)
    _write_cells(t4.rows[0].cells, T4_HEAD[2].split())
    _write_cells(t4.rows[1].cells, t4_values(src.cells))
    outer.add_paragraph(HEADINGS["end"])
    outer.add_paragraph("无。")
    document.save(str(path))


def _write_cells(cells: Sequence[Any], texts: list[str], *, strict: bool = True) -> None:
    """Write texts into a row's cells, in order (strict: as many texts as cells)."""
    for cell, text in zip(cells, texts, strict=strict):
        cell.text = text


# --- the 2019 trial format -------------------------------------------------------------------


def table2_2019_values(src: Source) -> dict[tuple[str, str], str]:
    """Numbers for a 2019-format table 二 derived from the source's 2021 table 二 (the 2019
    table means other things; these only have to be numbers of the right kinds): counts, one
    negative 本年增/减 per item, a decimal procurement amount."""
    from xxgk.extract.format2019 import TABLE2_2019

    c = src.cells
    base = {
        "regulation": [c[("t2", "regulation", m)] for m in ("issued", "repealed", "in_force")],
        "normative_document": [
            c[("t2", "normative_document", m)] for m in ("issued", "repealed", "in_force")
        ],
    }
    out: dict[tuple[str, str], str] = {}
    for k, (item, (_, metrics, _)) in enumerate(TABLE2_2019.items()):
        if item in base:
            values = base[item]
        elif item == "government_procurement":
            values = [str(k + 3), c[("t2", "administrative_fee", "amount_10k_yuan")]]
        else:
            source_item = {
                "other_external_services": "administrative_license",
                "administrative_fee": "administrative_coercion",
            }.get(item, item)
            decisions = c[("t2", source_item, "decisions")]
            values = [str(int(decisions) + k), f"-{k + 1}", decisions][: len(metrics)]
        out.update({(item, m): v for m, v in zip(metrics, values, strict=True)})
    return out


def render_2019(src: Source, rows: str = "markdown") -> str:
    """A report in the 2019 trial format: its own table 二, table 三 with （六） as one row."""
    from xxgk.extract.format2019 import METRICS_2019, TABLE2_2019

    t2 = table2_2019_values(src)
    style = TextStyle(rows=rows, merge_groups=frozenset({"other"}))
    text = render_text(src, style)
    head, rest = text.split(HEADINGS["t2"], 1)
    rest = rest[rest.index(HEADINGS["t3"]) :]
    groups = {
        "regulation": "第二十条第（一）项",
        "administrative_license": "第二十条第（五）项",
        "administrative_penalty": "第二十条第（六）项",
        "administrative_fee": "第二十条第（八）项",
        "government_procurement": "第二十条第（九）项",
    }
    lines = [HEADINGS["t2"]]
    for item, (label, metrics, _) in TABLE2_2019.items():
        if item in groups:
            lines.append(groups[item])
            lines.append(_fmt(style, "信息内容", [METRICS_2019[m][0] for m in metrics]))
        lines.append(_fmt(style, label, [t2[(item, m)] for m in metrics]))
    return head + "\n".join(lines) + "\n\n" + rest
