"""The bad-input corpus: hostile and broken files made from the reference reports (issue 14).

坏输入语料：由参考报告生成的各类异常文件。`make_bad_inputs(directory)` writes the files and
returns one `Case` per path the extractor must log — what it is, the status it must end with,
a part of the reason, and for every report that loads the exact cell texts planted in it (so
that a value written differently from the one planted is caught) and the findings the models
must report on its bad cells. `scripts/make_bad_inputs.py` writes the corpus for a person.

Kinds: empty, whitespace, binary, NUL bytes, truncated / encrypted / garbage / 400-page PDFs,
HTML named .pdf, corrupt / truncated / zip-bomb / member-less DOCX, HTML without tables,
200,000 nested divs, 220 nested divs (over the depth limit), GBK / GB18030 / UTF-16 (LE, BE,
with and without BOM) / Big5 / UTF-8 BOM / CRLF, very long lines, extra and missing numbers in a
row, negative numbers, 18-digit numbers, full-width digits, decimals in counts, text in a cell,
payloads in agency names (HTML, SQL quotes, Jinja, Rich markup, CSV formulas, terminal
escapes, bidi override, emoji codes) and in file names, the same file twice, two reports in one
file, a FIFO, an unreadable file, hidden files and directories, dangling and other symbolic
links, odd file names.
"""

from __future__ import annotations

import codecs
import io
import os
import random
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extract_fixtures import (
    RAW_DIR,
    REAL_DIR,
    REFERENCE_DIR,
    Cells,
    fill_docx,
    html_report,
    read_csv,
    truth_cells,
)

from xxgk.extract.inputs import text_of

JIAOZUO = "004_967c1590f64ec95c.txt"
MEMORY_TEST_MB = 600  # the --max-memory-mb the corpus is run with
XIDAJIE = "002_f05d4fccf8298de0.txt"
Finding = tuple[str, str, str, str]  # rule, table, row, column


@dataclass
class Case:
    """One path of the corpus and what the extractor and the models must make of it."""

    name: str  # the source_file the log must name
    kind: str
    status: str  # "loaded" (extracted or partial), "rejected", or "either" (see `why`)
    reason: str = ""  # part of reason_en (rejected)
    cells: Cells | None = None  # a loaded report: every cell written must be one of these
    findings: set[Finding] = field(default_factory=set)
    agency: str | None = None  # the title_agency it must load with
    why: str = ""


def reference_cells(source_file: str) -> Cells:
    """The cells the extractor writes for a reference report (the checked-in raw corpus)."""
    report_id = next(
        r["report_id"]
        for r in read_csv(RAW_DIR / "raw_reports.csv")
        if r["source_file"] == source_file
    )
    return {
        (c["table_code"], c["row_code"], c["column_code"]): c["cell_text"]
        for c in read_csv(RAW_DIR / "raw_cells.csv")
        if c["report_id"] == report_id
    }


def minimal_pdf(pages: list[str], encrypt: bool = False) -> bytes:
    """A valid PDF with one line of ASCII text per page (Helvetica); with `encrypt`, an
    /Encrypt dictionary (standard handler, RC4) whose password is unknown."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <"
            + b"7a" * 32
            + b"> /U <"
            + b"3c" * 32
            + b"> >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def zip_bomb_docx(path: Path, megabytes: int) -> None:
    """A DOCX whose document part inflates to `megabytes` MB (a few hundred KB packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * 1_000_000
            for _ in range(megabytes):
                member.write(block)


def _with_title_agency(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _unique(text: str, tag: str) -> str:
    """The text with a closing line that makes its bytes differ from the other copies."""
    return text.rstrip("\n") + f"\n\n附：{tag}\n"


# -- the corpus ---------------------------------------------------------------------------------


def make_bad_inputs(directory: Path) -> list[Case]:
    """Write the corpus into `directory` (created; must not exist) and return its cases."""
    directory.mkdir(parents=True)
    cases: list[Case] = []
    jiaozuo_truth = truth_cells()[JIAOZUO]
    xidajie_text = (REFERENCE_DIR / XIDAJIE).read_text(encoding="utf-8")
    xidajie_cells = reference_cells(XIDAJIE)
    jiaozuo_text = (REFERENCE_DIR / JIAOZUO).read_text(encoding="utf-8")
    jiaozuo_cells = reference_cells(JIAOZUO)

    def write(name: str, data: bytes | str) -> Path:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    # -- planted cells in an HTML report (the values put in the <td>s are known exactly) ----
    planted: list[tuple[str, str, dict[tuple[str, str, str], str], set[Finding]]] = [
        ("html_clean.html", "a clean HTML report", {}, set()),
        (
            "html_negative.html",
            "a negative number",
            {("t3", "new_received", "natural_person"): "-5"},
            {("CELL_NON_NEGATIVE", "t3", "new_received", "natural_person")},
        ),
        (
            "html_18_digits.html",
            "an 18-digit number",
            {("t3", "new_received", "total"): "123456789012345678"},
            {("CELL_NUMERIC", "t3", "new_received", "total")},
        ),
        (
            "html_full_width.html",
            "full-width digits",
            {("t2", "regulation", "issued"): "１２"},
            set(),
        ),
        (
            "html_decimal_count.html",
            "a decimal in a count",
            {("t4", "admin_review", "upheld"): "2.5"},
            {("CELL_INTEGRAL", "t4", "admin_review", "upheld")},
        ),
        (
            "html_text_cell.html",
            "text in a cell",
            {("t3", "carried_over", "commercial"): "不详"},
            # the row then has a label where a number belongs: it is not read (missing cells),
            # the extractor's gap, not the agency's: no violation, the report is not_read
            set(),
        ),
        (
            "html_blank_cells.html",
            "blank marks in cells",
            {
                ("t3", "carried_over", "research"): "/",
                ("t3", "carried_over", "legal_service"): "—",
            },
            {
                ("CELL_COMPLETE", "t3", "carried_over", "research"),
                ("CELL_COMPLETE", "t3", "carried_over", "legal_service"),
            },
        ),
    ]
    for name, kind, changes, findings in planted:
        cells = {**jiaozuo_truth, **changes}
        write(name, html_report(cells, "测试甲市人民政府2024年政府信息公开工作年度报告"))
        cases.append(Case(name, kind, "loaded", cells=cells, findings=findings))

    # a row with an extra number and a row with one number missing: those rows not read
    for name, kind, row, extra in (
        ("html_extra_number.html", "an extra number in a row", "new_received", True),
        (
            "html_missing_number.html",
            "a number missing from a row (shifted)",
            "carried_over",
            False,
        ),
    ):
        page = html_report(jiaozuo_truth, "测试乙市人民政府2024年政府信息公开工作年度报告")
        label_cell = "<td colspan='3'>" + (
            "一、本年新收政府信息公开申请数量"
            if row == "new_received"
            else "二、上年结转政府信息公开申请数量"
        )
        start = page.index(label_cell)
        end = page.index("</tr>", start)
        tds = page[start:end]
        tds = tds + "<td>9</td>" if extra else tds[: tds.rindex("<td>")]
        page = page[:start] + tds + page[end:]
        write(name, page)
        cells = {k: v for k, v in jiaozuo_truth.items() if not (k[0] == "t3" and k[1] == row)}
        cases.append(Case(name, kind, "loaded", cells=cells))

    # a cell printed with a note of a million characters: not written (a raw CSV line that
    # long would stop DuckDB reading the corpus), reported missing with the reason
    huge = {
        **jiaozuo_truth,
        ("t3", "new_received", "natural_person"): "5（" + "注" * 1_000_000 + "）",
    }
    write(
        "html_huge_cell.html", html_report(huge, "测试己市人民政府2024年政府信息公开工作年度报告")
    )
    cells = {k: v for k, v in huge.items() if k != ("t3", "new_received", "natural_person")}
    cases.append(
        Case(
            "html_huge_cell.html",
            "a cell of a million characters",
            "loaded",
            cells=cells,
            # the cell is not written (over the raw files' bound): not read, no violation
            findings=set(),
        )
    )

    # 35 MB of table rows: under the file-size limit, but parsing it takes over a gigabyte; the
    # test runs with --max-memory-mb MEMORY_TEST_MB, so the worker's memory limit rejects it
    rows = "<tr><td>行政许可</td><td>1</td><td>2</td></tr>" * 700_000
    write(
        "html_memory_hog.html", f"<html><body><p>二、主动公开政府信息情况</p><table>{rows}</table>"
    )
    cases.append(
        Case("html_memory_hog.html", "35 MB of rows (over a GB parsed)", "rejected", "memory")
    )

    write(
        "html_gbk.html",
        html_report(jiaozuo_truth, "测试丙县人民政府2024年政府信息公开工作年度报告")
        .replace("charset='utf-8'", "charset='gbk'")
        .encode("gbk"),
    )
    cases.append(Case("html_gbk.html", "an HTML page in GBK", "loaded", cells=jiaozuo_truth))
    write("html_no_tables.html", "<html><body><h1>通知</h1><p>本站维护中。</p></body></html>")
    cases.append(Case("html_no_tables.html", "HTML without tables", "rejected", "headings"))
    deep = 200_000
    write(
        "html_deep_200000.html",
        "<html><body><table><tr><td>1</td></tr></table>" + "<div>" * deep + "x" + "</div>" * deep,
    )
    cases.append(Case("html_deep_200000.html", "200,000 nested divs", "rejected", "nested"))
    page = html_report(jiaozuo_truth, "测试丁市人民政府2024年政府信息公开工作年度报告")
    write("html_deep_220.html", page.replace("<body>", "<body>" + "<div>" * 220, 1))
    cases.append(
        Case("html_deep_220.html", "220 nested divs (over the limit)", "rejected", "nested")
    )

    # -- payloads in agency names (text reports: the title line carries the payload) --------
    payloads = {
        "agency_html.txt": ("<script>alert(1)</script><b>区</b>", "HTML in an agency name"),
        "agency_sql.txt": ("O'Brien'); drop table marts.dim_reports; --局", "SQL quotes"),
        "agency_jinja.txt": ("{{ var('x') }}{% raw %}局", "Jinja in an agency name"),
        "agency_rich.txt": ("[/yellow][bold red]红色局", "Rich markup in an agency name"),
        "agency_formula.txt": ("=cmd|'/Ccalc'!A0局", "a CSV formula in an agency name"),
        "agency_plus.txt": ("+1-2@局", "a formula start (+) in an agency name"),
        "agency_escape.txt": ("\x1b[2J\x1b[31m终端局", "terminal escapes in an agency name"),
        "agency_bidi.txt": ("\u202e局反转", "a bidi override in an agency name"),
        "agency_emoji.txt": (":warning:局", "an emoji code in an agency name"),
    }
    for name, (agency, kind) in payloads.items():
        write(name, _with_title_agency(xidajie_text, "西大街", agency))
        cases.append(Case(name, kind, "loaded", cells=xidajie_cells, agency=agency))

    # -- encodings of a reference report -------------------------------------------------------
    encodings = {
        "enc_gbk.txt": (jiaozuo_text.encode("gbk"), "GBK"),
        "enc_gb18030.txt": (
            _with_title_agency(jiaozuo_text, "焦作市人民政府", "𠀀焦作市人民政府").encode(
                "gb18030"
            ),
            "GB18030 (a character outside GBK)",
        ),
        "enc_utf16le_bom.txt": (
            codecs.BOM_UTF16_LE + _unique(jiaozuo_text, "1").encode("utf-16-le"),
            "UTF-16 LE with BOM",
        ),
        "enc_utf16be_bom.txt": (
            codecs.BOM_UTF16_BE + _unique(jiaozuo_text, "2").encode("utf-16-be"),
            "UTF-16 BE with BOM",
        ),
        "enc_utf16le.txt": (
            _unique(jiaozuo_text, "3").encode("utf-16-le"),
            "UTF-16 LE without BOM",
        ),
        "enc_utf16be.txt": (
            _unique(jiaozuo_text, "4").encode("utf-16-be"),
            "UTF-16 BE without BOM",
        ),
        "enc_utf8_bom.txt": (
            codecs.BOM_UTF8 + _unique(jiaozuo_text, "5").encode("utf-8"),
            "UTF-8 with BOM",
        ),
        "enc_crlf.txt": (
            _unique(jiaozuo_text, "6").replace("\n", "\r\n").encode("utf-8"),
            "CRLF line ends",
        ),
    }
    for name, (data, kind) in encodings.items():
        write(name, data)
        agency = "𠀀焦作市人民政府" if "gb18030" in name else "焦作市人民政府"
        cases.append(Case(name, kind, "loaded", cells=jiaozuo_cells, agency=agency))
    big5 = (
        "臺北市政府2024年政府資訊公開工作年度報告\n一、總體情況\n本年度共收到申請3件。\n"
        "二、主動公開政府資訊情況\n規章\t0\t0\t0\n五、存在的主要問題及改進情況\n無。\n"
    )
    write("enc_big5.txt", big5.encode("big5"))
    cases.append(Case("enc_big5.txt", "Big5 (traditional)", "rejected", "Big5"))

    # -- empty, binary, long lines -----------------------------------------------------------------
    rnd = random.Random(14)
    simple = {
        "empty.txt": (b"", "an empty file", "empty"),
        "whitespace.txt": (b" \n\t\r\n   \n", "whitespace only", "empty"),
        "random.bin": (bytes(rnd.randrange(256) for _ in range(20000)), "random bytes", "binary"),
        "nul_bytes.txt": (b"abc\x00de\x00" * 500, "NUL bytes", "binary"),
        "image.txt": (
            b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(5000)),
            "a PNG named .txt",
            "binary",
        ),
        "long_line.txt": (("0" * 2_000_000).encode(), "one line of 2 million digits", "headings"),
        "long_prose.txt": (
            ("政府信息公开" * 300_000).encode(),
            "one line of 1.8 million characters",
            "headings",
        ),
        "many_lines.txt": (("行\n" * 50_000).encode(), "50,000 short lines", "headings"),
    }
    for name, (data, kind, reason) in simple.items():
        write(name, data)
        cases.append(Case(name, kind, "rejected", reason))

    # -- PDFs ------------------------------------------------------------------------------------
    huaian = (REAL_DIR / "huaian_shi_2024.pdf").read_bytes()
    pdfs = {
        "pdf_empty.pdf": (b"", "an empty PDF", "empty"),
        "pdf_garbage.pdf": (
            bytes(rnd.randrange(256) for _ in range(8000)),
            "random bytes named .pdf",
            "PDF cannot be opened",
        ),
        "pdf_truncated.pdf": (huaian[: len(huaian) // 3], "a truncated PDF", "PDF"),
        "pdf_encrypted.pdf": (
            minimal_pdf(["secret"], encrypt=True),
            "an encrypted PDF",
            "encrypted PDF",
        ),
        "pdf_400_pages.pdf": (
            minimal_pdf([f"page {i}" for i in range(400)]),
            "a PDF of 400 pages",
            "400 pages",
        ),
        "pdf_ascii_only.pdf": (
            minimal_pdf(["hello world"]),
            "a PDF without Chinese text",
            "headings",
        ),
        "[bold red]broken.pdf": (b"%PDF-1.4 [/yellow]", "markup in a rejected file's name", "PDF"),
        "pdf_is_html.pdf": (
            b"<html><body><p>not a pdf</p></body></html>",
            "HTML named .pdf",
            "PDF cannot be opened",
        ),
    }
    for name, (data, kind, reason) in pdfs.items():
        write(name, data)
        cases.append(Case(name, kind, "rejected", reason))

    # -- DOCX ------------------------------------------------------------------------------------
    docx_cells = {
        **jiaozuo_truth,
        ("t3", "new_received", "natural_person"): "-3",
        ("t3", "new_received", "total"): "999999999999999999",
    }
    fill_docx(
        directory / "docx_planted.docx",
        docx_cells,
        "测试戊县人民政府2024年政府信息公开工作年度报告",
    )
    cases.append(
        Case(
            "docx_planted.docx",
            "a DOCX with a negative and an 18-digit number",
            "loaded",
            cells=docx_cells,
            findings={
                ("CELL_NON_NEGATIVE", "t3", "new_received", "natural_person"),
                ("CELL_NUMERIC", "t3", "new_received", "total"),
            },
        )
    )
    whole = (directory / "docx_planted.docx").read_bytes()
    write("docx_truncated.docx", whole[: len(whole) // 2])
    cases.append(
        Case("docx_truncated.docx", "a truncated DOCX", "rejected", "DOCX cannot be opened")
    )
    write("docx_corrupt.docx", bytes(rnd.randrange(256) for _ in range(6000)))
    cases.append(Case("docx_corrupt.docx", "random bytes named .docx", "rejected", "DOCX"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    write("docx_no_document.docx", buffer.getvalue())
    cases.append(Case("docx_no_document.docx", "a zip without a document", "rejected", "DOCX"))
    zip_bomb_docx(directory / "docx_zip_bomb.docx", 250)
    cases.append(Case("docx_zip_bomb.docx", "a zip bomb (250 MB inflated)", "rejected", "zip bomb"))

    # -- duplicates and several reports in one file ---------------------------------------
    shutil.copyfile(REFERENCE_DIR / JIAOZUO, directory / "dup_a.txt")
    shutil.copyfile(REFERENCE_DIR / JIAOZUO, directory / "dup_b.txt")
    cases.append(
        Case("dup_a.txt", "the first of the same file twice", "loaded", cells=jiaozuo_cells)
    )
    cases.append(Case("dup_b.txt", "the same file twice", "rejected", "same bytes as dup_a.txt"))
    two = (
        (REFERENCE_DIR / "001_96cf61b2cc9e94da.txt").read_text(encoding="utf-8")
        + "\n"
        + xidajie_text
    )
    write("two_reports.txt", two)
    cases.append(Case("two_reports.txt", "two reports in one file", "rejected", "holds 2 reports"))

    # -- paths that are not plain files -------------------------------------------------------
    os.mkfifo(directory / "a_fifo.txt")
    cases.append(Case("a_fifo.txt", "a FIFO", "rejected", "named pipe"))
    unreadable = write("unreadable.txt", _unique(xidajie_text, "unreadable"))
    unreadable.chmod(0)
    if os.access(unreadable, os.R_OK):  # root reads it: it is then an ordinary report
        cases.append(
            Case(
                "unreadable.txt",
                "chmod 000 (readable by root)",
                "loaded",
                cells=xidajie_cells,
                why="run as root: chmod 000 does not stop root from reading",
            )
        )
    else:
        cases.append(Case("unreadable.txt", "chmod 000", "rejected", "permission denied"))
    write(".hidden.txt", _unique(xidajie_text, "hidden"))
    cases.append(Case(".hidden.txt", "a hidden file", "rejected", "hidden file"))
    write(".hidden_dir/report.txt", _unique(xidajie_text, "hidden dir"))
    cases.append(
        Case(
            ".hidden_dir/report.txt", "a file in a hidden directory", "rejected", "hidden directory"
        )
    )
    os.symlink(directory / "no_such_target.txt", directory / "dangling.txt")
    cases.append(
        Case("dangling.txt", "a dangling symbolic link", "rejected", "broken symbolic link")
    )
    os.symlink("/dev/null", directory / "dev_null.txt")
    cases.append(Case("dev_null.txt", "a link to /dev/null", "rejected", "character device"))
    outside = directory.parent / f"{directory.name}_outside"
    outside.mkdir(exist_ok=True)
    (outside / "target.txt").write_text(_unique(xidajie_text, "link"), encoding="utf-8")
    os.symlink(outside / "target.txt", directory / "link_name.txt")
    cases.append(
        Case("link_name.txt", "a symbolic link to a report", "loaded", cells=xidajie_cells)
    )
    os.symlink(outside, directory / "link_to_dir")
    cases.append(Case("link_to_dir", "a symbolic link to a directory", "rejected", "not followed"))
    write("nested/deeper/report.txt", _unique(xidajie_text, "nested"))
    cases.append(
        Case(
            "nested/deeper/report.txt", "a report in a subdirectory", "loaded", cells=xidajie_cells
        )
    )

    # -- odd file names (copies of a reference report, each with its own last line) -------------
    odd = [
        "名字 with spaces (1).txt",
        "[bold red]x.txt",
        "[/yellow].txt",
        "\x1b[31mred\x1b[0m.txt",
        "-rf.txt",
        "=cmd|' calc'!A0.txt",
        'it\'s "quoted".txt',
        "line\nbreak.txt",
        "x" * 200 + ".txt",
        "{{ var('x') }}.txt",
        os.fsdecode(b"gbk-\xc3\xfb\xd7\xd6.txt"),  # 名字 in GBK: not UTF-8, as unzipped
    ]
    for i, name in enumerate(odd):
        write(name, _unique(xidajie_text, f"odd {i}"))
        shown = text_of(name)  # bytes that are not UTF-8 logged as \xNN
        cases.append(Case(shown, f"an odd file name: {shown!r}", "loaded", cells=xidajie_cells))
    return cases


def remove_bad_inputs(directory: Path) -> None:
    """Make the corpus removable again (the unreadable file) and remove it."""
    for path in directory.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(directory)
    shutil.rmtree(directory.parent / f"{directory.name}_outside", ignore_errors=True)
