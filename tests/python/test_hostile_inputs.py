"""Input handling without dbt: paths, limits, encodings, several reports, inert text (issue 14).

输入处理（无需 dbt）：路径、限制、编码、一个文件多份报告、终端与表格中的惰性文本。
"""

from __future__ import annotations

import codecs
import io
import os
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from bad_inputs import minimal_pdf, zip_bomb_docx
from extract_fixtures import REFERENCE_DIR, template
from rich.console import Console

from xxgk.extract.cells import Line
from xxgk.extract.decode import decode_text, utf16_encoding
from xxgk.extract.inputs import collect_inputs, text_of
from xxgk.extract.limits import LimitExceeded, Limits, html_depth, limits_from_environment
from xxgk.extract.multiple import report_starts
from xxgk.extract.report import extract_file
from xxgk.inert import escaped, plain, spreadsheet_safe

pytestmark = pytest.mark.unit

JIAOZUO = REFERENCE_DIR / "004_967c1590f64ec95c.txt"


# -- paths -------------------------------------------------------------------------------------


def test_every_path_given_is_one_input_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    os.symlink(tmp_path / "gone", tmp_path / "dangling")
    os.symlink(tmp_path / "ok.txt", tmp_path / "alias.txt")
    given = [
        tmp_path / "ok.txt",
        tmp_path / ".hidden.txt",  # given by name: read
        tmp_path / "fifo",
        tmp_path / "dangling",
        tmp_path / "alias.txt",
        tmp_path / "nope.txt",
        Path("/dev/zero"),
        tmp_path / "ok.txt",  # the same path twice: once
    ]
    started = time.monotonic()
    found = {i.name: i for i in collect_inputs(given)}
    assert time.monotonic() - started < 5  # nothing was opened (a FIFO would block)
    assert set(found) == {
        "ok.txt",
        ".hidden.txt",
        "fifo",
        "dangling",
        "alias.txt",
        str(tmp_path / "nope.txt"),
        "zero",
    }
    assert found["ok.txt"].readable and found[".hidden.txt"].readable
    assert found["alias.txt"].readable and found["alias.txt"].path == tmp_path / "alias.txt"
    assert "named pipe (FIFO)" in found["fifo"].skip_en
    assert f"broken symbolic link to {tmp_path / 'gone'}" in found["dangling"].skip_en
    assert found[str(tmp_path / "nope.txt")].skip_en == "does not exist: not read"
    assert "character device" in found["zero"].skip_en
    assert all(i.skip_zh for i in found.values() if not i.readable)


def test_a_directory_walk_names_every_entry(tmp_path: Path) -> None:
    for name in ("a.txt", "sub/b.txt", ".h.txt", ".hdir/c.txt", "sub/.d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    os.symlink(tmp_path / "sub", tmp_path / "loop")
    found = {i.name: i.skip_en for i in collect_inputs([tmp_path])}
    assert found == {
        "a.txt": "",
        "sub/b.txt": "",
        ".h.txt": "a hidden file (name starts '.'): not read",
        ".hdir/c.txt": "in the hidden directory .hdir: not read",
        "sub/.d.txt": "a hidden file (name starts '.'): not read",
        "loop": "a symbolic link to a directory, not followed: not read",
    }


def test_names_shared_by_two_inputs_become_their_paths(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(folder, encoding="utf-8")
    names = [i.name for i in collect_inputs([tmp_path / "x" / "r.txt", tmp_path / "y"])]
    assert sorted(names) == [str(tmp_path / "x" / "r.txt"), str(tmp_path / "y" / "r.txt")]


def test_a_name_that_is_not_utf8_is_logged_escaped(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"gbk-\xc3\xfb.txt")
    odd.write_text("x", encoding="utf-8")
    (tmp_path / "gbk-\\xc3\\xfb.txt").write_text("y", encoding="utf-8")  # really named so
    found = sorted((i.name, i.path) for i in collect_inputs([tmp_path]))
    shared = f"{tmp_path}/gbk-\\xc3\\xfb.txt"  # first both by their paths, then numbered
    assert [name for name, _ in found] == [shared, f"{shared} #2"]
    assert {path for _, path in found} == {odd, tmp_path / "gbk-\\xc3\\xfb.txt"}
    assert text_of(odd.name).encode("utf-8") == b"gbk-\\xc3\\xfb.txt"


def test_unreadable_file_is_skipped_unless_root(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    try:
        [found] = collect_inputs([path])
        if os.access(path, os.R_OK):  # root: chmod 000 does not stop it reading
            assert found.readable
        else:
            assert found.skip_en == "permission denied: not read"
    finally:
        path.chmod(0o600)


# -- limits ------------------------------------------------------------------------------------


def test_200000_nested_divs_are_measured_in_linear_time() -> None:
    deep = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as raised:
        Limits().check_html_depth(deep)
    assert time.monotonic() - started < 5
    assert "over 255" in raised.value.en and "XXGK_MAX_HTML_DEPTH" in raised.value.en
    assert html_depth("<html><body><div><p>x</p></div></body></html>") == 4


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    zip_bomb_docx(bomb, 30)
    data = bomb.read_bytes()
    assert len(data) < 1_000_000
    with pytest.raises(LimitExceeded) as raised:
        Limits(max_docx_mb=20).check_docx(data)
    assert "30.0 MB decompressed" in raised.value.en
    Limits(max_docx_mb=40).check_docx(data)  # under the limit: no complaint


def test_pdf_pages_and_encryption_are_found_before_reading(tmp_path: Path) -> None:
    tpl = template()
    many = extract_file(
        tmp_path / "many.pdf", minimal_pdf(["p"] * 12), tpl, limits=Limits(max_pdf_pages=10)
    )
    assert many.status == "rejected" and "PDF of 12 pages" in many.reasons_en[0]
    locked = extract_file(tmp_path / "l.pdf", minimal_pdf(["s"], encrypt=True), tpl)
    assert locked.reasons_en[0] == "encrypted PDF: a password is needed to open it, not read"


def test_file_size_limit_and_options_from_the_environment() -> None:
    with pytest.raises(LimitExceeded, match="XXGK_MAX_FILE_MB"):
        Limits(max_file_mb=1).check_file_size(1_000_001)
    limits = limits_from_environment(
        {"XXGK_MAX_PDF_PAGES": "5", "XXGK_EXTRACT_TIMEOUT": "9", "XXGK_MAX_WORKER_MB": "700"}
    )
    assert (limits.max_pdf_pages, limits.timeout, limits.max_file_mb) == (5, 9.0, 50.0)
    assert limits.max_worker_mb == 700.0
    assert limits_from_environment({"XXGK_MAX_PDF_PAGES": "5"}, max_pdf_pages=7).max_pdf_pages == 7
    with pytest.raises(ValueError, match="max_html_depth"):
        Limits(max_html_depth=300)


# -- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
    ],
    ids=["le-bom", "be-bom", "le", "be"],
)
def test_utf16_with_and_without_bom_is_read_like_utf8(encode, tmp_path: Path) -> None:
    text = JIAOZUO.read_text(encoding="utf-8")
    tpl = template()
    expected = extract_file(JIAOZUO, JIAOZUO.read_bytes(), tpl)
    got = extract_file(tmp_path / "u.txt", encode(text), tpl)
    assert got.status == expected.status == "extracted"
    assert got.cells == expected.cells and got.title_agency == "焦作市人民政府"


def test_big5_is_decoded_as_big5_and_gbk_as_gbk() -> None:
    traditional = "臺北市政府2024年政府資訊公開工作年度報告。本年度共收到申請3件，處理情況如下。"
    simplified = JIAOZUO.read_text(encoding="utf-8")
    big5 = decode_text(traditional.encode("big5"))
    assert (big5.encoding, big5.text) == ("big5", traditional)
    gbk = decode_text(simplified.encode("gbk"))
    assert (gbk.encoding, gbk.text) == ("gb18030", simplified)
    assert utf16_encoding(simplified.encode("utf-8")) is None
    assert utf16_encoding(bytes(range(256)) * 16) is None


# -- several reports in one file ---------------------------------------------------------------


def test_two_reports_in_one_file_are_rejected_naming_both(tmp_path: Path) -> None:
    one = (REFERENCE_DIR / "001_96cf61b2cc9e94da.txt").read_text(encoding="utf-8")
    two = (REFERENCE_DIR / "002_f05d4fccf8298de0.txt").read_text(encoding="utf-8")
    result = extract_file(tmp_path / "both.txt", (one + "\n" + two).encode("utf-8"), template())
    assert result.status == "rejected"
    assert result.reasons_en[0].startswith("the file holds 2 reports")
    assert "文件含 2 份报告" in result.reasons_zh[0]
    # a report that repeats a table heading before its table (as converters do) is one report
    lines = [Line(t, f"line {i}") for i, t in enumerate(one.splitlines(), 1) if t.strip()]
    assert len(report_starts(lines)) == 1


# -- text from reports is data -----------------------------------------------------------------


def test_markup_and_escapes_from_reports_are_printed_as_text() -> None:
    console = Console(file=io.StringIO(), width=200, color_system="truecolor", emoji=False)
    for text in ("[/yellow]局", "[bold red]x.txt", ":warning:局", "\x1b[2J\x1b[31m局", "\u202e局"):
        console.print(plain(text))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[/yellow]局" in shown and "[bold red]x.txt" in shown and ":warning:局" in shown
    assert "\\x1b[2J\\x1b[31m局" in shown and "\\u202e局" in shown
    assert "\x1b[2J" not in shown and "\u202e" not in shown
    assert escaped("a\tb\nc\rd\x9b") == "a\tb\nc\\x0dd\\x9b"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=cmd|'/Ccalc'!A0局", "'=cmd|'/Ccalc'!A0局"),
        ("+1-2@局", "'+1-2@局"),
        ("-1局", "'-1局"),
        ("@SUM(A1)局", "'@SUM(A1)局"),
        ("\tx", "'\tx"),
        ("焦作市人民政府", "焦作市人民政府"),
        ("a=b", "a=b"),
    ],
)
def test_spreadsheet_cells_that_start_a_formula_are_neutralised(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_a_docx_member_is_never_inflated_past_its_declared_size() -> None:
    """The premise of the DOCX limit: zipfile stops at the size the directory declares."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 100_000)
    data = bytearray(buffer.getvalue())
    # declare 10 bytes (and their CRC) in the central directory, as a zip bomb's liar would
    directory = data.rindex(b"PK\x01\x02")
    data[directory + 16 : directory + 20] = zlib.crc32(b" " * 10).to_bytes(4, "little")
    data[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.infolist()[0].file_size == 10
        assert archive.read("word/document.xml") == b" " * 10  # not 100,000
