"""File formats → lines — 各种文件格式转为行.

Text (.txt, .md and anything else decodable), PDF (pdfplumber on pdfium: table rows where it finds
tables, page text otherwise), DOCX (python-docx, body order of paragraphs and tables) and
HTML (lxml: <table> rows and text blocks). Each source yields one or more
*readings* (a PDF is read both as tables and as text); the report keeps the best one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xxgk.extract.cells import Line
from xxgk.extract.decode import decode_text, decode_utf16, looks_binary, utf16_encoding
from xxgk.extract.limits import LimitExceeded, Limits


class SourceError(Exception):
    """A file that cannot be read at all. 无法读取的文件。"""

    def __init__(self, zh: str, en: str, code: str = "unreadable") -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.code = code


@dataclass
class Reading:
    lines: list[Line]
    layout: str
    source_format: str
    title: str = ""  # an HTML page's <title>
    encoding: str = ""  # the text's encoding (text and HTML)


def source_format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return {
        ".pdf": "pdf",
        ".docx": "docx",
        ".html": "html",
        ".htm": "html",
        ".md": "md",
        ".markdown": "md",
    }.get(suffix, "txt")


def read_source(path: Path, data: bytes, limits: Limits | None = None) -> list[Reading]:
    """The readings of one file; SourceError when it cannot be read, with the reason (a file
    over one of `limits` included: code `limit`)."""
    limits = limits or Limits()
    try:
        return _read_source(path, data, limits)
    except LimitExceeded as err:
        raise SourceError(err.zh, err.en, "limit") from None


def _read_source(path: Path, data: bytes, limits: Limits) -> list[Reading]:
    limits.check_file_size(len(data))
    if not data.strip():
        raise SourceError("文件为空", "empty file")
    fmt = source_format_of(path)
    if fmt == "pdf" or data.startswith(b"%PDF"):
        _check_pdf(data, limits)
        return _read_pdf(data)
    if fmt == "docx" or (data.startswith(b"PK") and path.suffix.lower() == ".docx"):
        limits.check_docx(data)
        return [_read_docx(data)]
    utf16 = utf16_encoding(data)
    if utf16 is not None:
        decoded = decode_utf16(data, utf16)
    elif looks_binary(data):
        raise SourceError(
            "二进制文件，不是文本、PDF、DOCX 或 HTML", "binary file: not text, PDF, DOCX or HTML"
        )
    else:
        decoded = decode_text(data)
    if decoded.text is None:
        raise SourceError(decoded.problem_zh, decoded.problem_en)
    text = decoded.text
    if fmt == "html" or re.search(r"<table[\s>]", text[:200000], re.I):
        limits.check_html_depth(text)
        reading = _read_html(text)
    else:
        reading = _read_text(text, fmt)
    reading.encoding = decoded.encoding
    return [reading]


def _check_pdf(data: bytes, limits: Limits) -> None:
    """Encrypted PDFs and PDFs over the page limit, found by pdfium before any page is read
    (a PDF pdfium cannot open at all is left to the reader, which says why)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise SourceError(
                "加密的 PDF：需要密码才能打开，未读取",
                "encrypted PDF: a password is needed to open it, not read",
                "encrypted",
            ) from None
        return
    try:
        limits.check_pdf_pages(len(document))
    finally:
        document.close()


def _split_fields(raw: str, stripped: str) -> list[str] | None:
    """The fields of a tab- or pipe-separated line (`stripped`: `raw.strip()`), else None."""
    if "\t" in raw:
        return [f.strip() for f in raw.split("\t")]
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [f.strip() for f in inner.split("|")]
    return None


def _read_text(text: str, fmt: str) -> Reading:
    lines: list[Line] = []
    tabs = pipes = hashes = 0
    bom = "\ufeff" in text  # removed line by line ("\r\ufeff\n" is two line ends)
    for number, raw in enumerate(text.splitlines(), start=1):
        if bom:
            raw = raw.replace("\ufeff", "")
        stripped = raw.strip()
        fields = _split_fields(raw, stripped)
        if fields is not None:
            if "\t" in raw:
                tabs += 1
            else:
                pipes += 1
        if stripped.startswith("#"):  # the same as raw.lstrip().startswith("#")
            hashes += 1
        if stripped:
            lines.append(Line(stripped if fields is None else raw, f"line {number}", fields))
    if hashes or pipes:
        layout = "markdown"
    elif tabs:
        layout = "tab_rows"
    else:
        layout = "pdf_text"
    return Reading(lines, layout, fmt)


def _read_pdf(data: bytes) -> list[Reading]:
    from xxgk.extract.pdfium_objects import open_pdf, table_texts

    table_lines: list[Line] = []
    text_lines: list[Line] = []
    pages = image_pages = 0
    try:
        with open_pdf(data) as pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                ref = f"page {page_no}"
                pages += 1
                image_pages += 1 if _has_images(page) else 0
                text = page.extract_text() or ""
                text_lines.extend(Line(t.strip(), ref) for t in text.splitlines() if t.strip())
                tables = page.find_tables()
                cell_texts = table_texts(tables, page.chars) if tables else []
                events: list[tuple[float, int, list[Line]]] = []
                boxes = [t.bbox for t in tables]
                for t_index, table in enumerate(tables):
                    rows = []
                    for row in cell_texts[t_index]:
                        fields = [
                            (c or "").replace("\n", "") if c is not None else None for c in row
                        ]
                        kept = [f for f in fields if f is not None]
                        if kept:
                            rows.append(Line("|".join(kept), ref, kept, structured=True))
                    events.append((table.bbox[1], t_index, rows))
                for tl in page.extract_text_lines():
                    mid_y = (tl["top"] + tl["bottom"]) / 2
                    mid_x = (tl["x0"] + tl["x1"]) / 2
                    if any(b[0] <= mid_x <= b[2] and b[1] <= mid_y <= b[3] for b in boxes):
                        continue
                    if tl["text"].strip():
                        events.append((tl["top"], -1, [Line(tl["text"].strip(), ref)]))
                events.sort(key=lambda e: (e[0], e[1]))
                for _, _, rows in events:
                    table_lines.extend(rows)
    except (SourceError, MemoryError):  # a MemoryError is the worker's memory limit
        raise
    except Exception as err:
        why = str(err) or type(err).__name__  # pdfminer's errors often have no message
        raise SourceError(f"PDF 无法打开：{why}", f"PDF cannot be opened: {why}") from err
    readings = []
    if table_lines:
        readings.append(Reading(table_lines, "pdf_table", "pdf"))
    if text_lines:
        readings.append(Reading(text_lines, "pdf_text", "pdf"))
    has_cjk = any(re.search(r"[\u4e00-\u9fff]", ln.text) for ln in text_lines)
    if not text_lines or (image_pages and not has_cjk):
        raise scanned_pdf(pages, image_pages)
    return readings


def _has_images(page: object) -> bool:
    try:
        return bool(getattr(page, "images", None))
    except Exception:  # a page whose objects cannot be listed: not an image page as far as known
        return False


def scanned_pdf(pages: int, image_pages: int) -> SourceError:
    """A PDF without a text layer: its own rejection reason, so that a corpus's image-only
    reports can be counted (no OCR is done)."""
    return SourceError(
        f"扫描件：PDF 共 {pages} 页，没有文字层（{image_pages} 页为图像），"
        "未做文字识别（OCR），不读",
        f"scanned PDF: {pages} pages without a text layer ({image_pages} with images); "
        "no OCR is done, not read",
        "scanned_pdf",
    )


def _read_docx(data: bytes) -> Reading:
    from xxgk.extract.wordml import read_docx_lines

    try:
        lines = read_docx_lines(data)
    except MemoryError:  # the worker's memory limit: the pool reports it as such
        raise
    except Exception as err:
        why = str(err) or type(err).__name__
        raise SourceError(f"DOCX 无法打开：{why}", f"DOCX cannot be opened: {why}") from err
    return Reading(lines, "docx_table", "docx")


def _read_html(text: str) -> Reading:
    from xxgk.extract.html import read_html_lines

    lines, title = read_html_lines(text)
    return Reading(lines, "html_table", "html", title=title)
