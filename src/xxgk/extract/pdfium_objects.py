"""PDF page objects from pdfium, in pdfplumber's shape — 用 pdfium 读取 PDF 页面对象.

pdfplumber finds table geometry and groups characters into lines well, but it gets its
characters and lines from pdfminer, whose pure-Python content-stream parser is about 90 % of
the time spent on a PDF. pdfium (pypdfium2, already installed with pdfplumber) parses the same
page in C about 30 times faster. This module reads every page's characters, rectangles, lines
and curves with pdfium and hands them to pdfplumber as the page's objects, so that
pdfplumber's own table finder and text grouping run unchanged on them.

The objects follow pdfminer's conventions, which pdfplumber's algorithms are tuned to:
a character's box runs from its origin to its advance width, its bottom is the baseline plus
the font's descent and its height is the font size; a path painted with several sub-paths
is split into one object per sub-path; a two-point sub-path is a line, an axis-aligned
four-sided one a rectangle, anything else a curve (its points in order).

pdfium 与 pdfminer 的坐标约定一致处理：字符框从原点到前进宽度、底边为基线加字体下降、高度为字号；
路径按子路径拆分：两点为直线，四边轴对齐为矩形，其余为曲线。
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: p · m · n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _matrix(raw_obj: Any) -> Matrix:
    fs = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw_obj, fs):
        return _IDENTITY
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def page_chars(textpage: pdfium.PdfTextPage, height: float, page_number: int) -> list[Obj]:
    """Characters of one page (pdfium's generated spaces and line breaks left out)."""
    raw = textpage.raw
    chars: list[Obj] = []
    box = pdfium_c.FS_RECTF()
    fm = pdfium_c.FS_MATRIX()
    # bound once: several calls per character, thousands of characters per page
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_matrix = pdfium_c.FPDFText_GetMatrix
    get_size = pdfium_c.FPDFText_GetFontSize
    append = chars.append
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, i)
        if (code < 0x21 or code >= 0xFFFE) and is_generated(raw, i) == 1:
            continue
        if code == 0 or not get_box(raw, i, box):
            continue
        get_matrix(raw, i, fm)
        a, b, c, d = fm.a, fm.b, fm.c, fm.d
        upright = b == 0 and c == 0
        size = get_size(raw, i) * (abs(d) if upright else (a * a + b * b) ** 0.5)
        left, right, low = box.left, box.right, box.bottom
        bottom = height - low
        top = bottom - size if upright else height - box.top
        append(
            {
                "object_type": "char",
                "page_number": page_number,
                "text": chr(code),
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": bottom,
                "y0": low,
                "y1": height - top,
                "width": right - left,
                "height": bottom - top,
                "size": size,
                "upright": upright,
                "matrix": (a, b, c, d, fm.e, fm.f),
            }
        )
    return chars


def _subpaths(raw_obj: Any, matrix: Matrix) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """(shape, points) per sub-path: shape letters as pdfminer writes them (m, l, c, h)."""
    x = ctypes.c_float()
    y = ctypes.c_float()
    shape = ""
    points: list[tuple[float, float]] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(raw_obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(raw_obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = _apply(matrix, x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield shape, points
            shape, points = "m", [point]
        else:
            shape += "l" if kind == pdfium_c.FPDF_SEGMENT_LINETO else "c"
            points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            shape += "h"
    if shape:
        yield shape, points


def _is_rect(shape: str, pts: list[tuple[float, float]]) -> bool:
    """Four sides, axis-aligned (pdfminer: `mlllh` or `mllll`, also a closed 5th point)."""
    if shape not in ("mlllh", "mllll", "mlllla", "mllllh") or len(pts) < 4:
        return False
    if shape.startswith("mllll") and len(pts) == 5 and pts[4] != pts[0]:
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _path_objects(
    raw_obj: Any, matrix: Matrix, height: float, page_number: int
) -> Iterator[tuple[str, Obj]]:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(raw_obj, fill, stroke)
    if not fill.value and not stroke.value:
        return
    linewidth = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(raw_obj, linewidth)
    for shape, pts in _subpaths(raw_obj, matrix):
        if len(pts) < 2:
            continue
        if shape in ("ml", "mlh") and len(pts) == 2:
            kind = "line"
        elif _is_rect(shape, pts):
            kind = "rect"
            pts = pts[:4]
        else:
            kind = "curve"
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        yield (
            kind,
            {
                "object_type": kind,
                "page_number": page_number,
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "top": height - y1,
                "bottom": height - y0,
                "width": x1 - x0,
                "height": y1 - y0,
                "pts": [(px, height - py) for px, py in pts],
                "linewidth": linewidth.value,
                "stroke": bool(stroke.value),
                "fill": bool(fill.value),
            },
        )


def _walk(
    raw_obj: Any, parent: Matrix, height: float, page_number: int
) -> Iterator[tuple[str, Obj]]:
    kind = pdfium_c.FPDFPageObj_GetType(raw_obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        yield from _path_objects(raw_obj, _mul(_matrix(raw_obj), parent), height, page_number)
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        matrix = _mul(_matrix(raw_obj), parent)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(raw_obj)):
            child = pdfium_c.FPDFFormObj_GetObject(raw_obj, i)
            yield from _walk(child, matrix, height, page_number)


def page_objects(page: pdfium.PdfPage, page_number: int, doctop: float) -> dict[str, list[Obj]]:
    """The page's chars, rects, lines and curves, with pdfplumber's keys and coordinates
    (top-left origin; `doctop` = top plus the heights of the pages before)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        objects: dict[str, list[Obj]] = {"char": page_chars(textpage, height, page_number)}
    finally:
        textpage.close()
    raw_page = page.raw
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    text = pdfium_c.FPDF_PAGEOBJ_TEXT
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = get_object(raw_page, i)
        if get_type(obj) == text:  # characters come from the text page
            continue
        for kind, item in _walk(obj, _IDENTITY, height, page_number):
            objects.setdefault(kind, []).append(item)
    for items in objects.values():
        for item in items:
            item["doctop"] = doctop + item["top"]
    return objects


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    """pdfplumber's PDF of `data`, each page's objects read by pdfium instead of pdfminer.

    A page pdfium cannot place the way pdfminer does (rotated, or a media box not at the
    origin) keeps pdfminer's objects, as does the whole file when pdfium cannot open it.
    旋转页、媒体框不在原点的页以及 pdfium 打不开的文件仍由 pdfminer 解析。
    """
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            yield pdf
            return
        try:
            for index, page in enumerate(pdf.pages):
                mediabox = tuple(float(v) for v in page.mediabox)
                if page.rotation % 360 or mediabox[:2] != (0.0, 0.0):
                    continue
                pdfium_page = document[index]
                try:
                    if abs(pdfium_page.get_height() - float(page.height)) > 0.01:
                        continue
                    page._objects = page_objects(pdfium_page, page.page_number, page.initial_doctop)
                finally:
                    pdfium_page.close()
            yield pdf
        finally:
            document.close()


def one_char_text(char: Obj) -> str:
    """`pdfplumber.utils.extract_text([char])` (default settings) without its machinery — half
    the cells of a report's tables hold one character ("0"): blank for white space, a ligature
    spelt out, else the character. 单字单元格：与 pdfplumber 结果相同。"""
    from pdfplumber.utils.text import LIGATURES

    text: str = char["text"]
    return "" if text.isspace() else LIGATURES.get(text, text or "")


def one_line_text(chars: list[Obj]) -> str | None:
    """`pdfplumber.utils.extract_text(chars)` (default settings) of upright characters that
    all have the same top — one printed line, the common table cell — or None for any other
    cell. pdfplumber's steps, where every character is on the one line: sorted by x0; a word
    ends at white space, before a character that starts left of the previous one's x0 or
    more than 3 pt (x_tolerance) right of its x1, and an empty character is a word of its
    own; the words joined by one space, ligatures spelt out. 单行单元格：与 pdfplumber 结果相同。"""
    from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

    top = chars[0]["top"]
    if not all(c["upright"] is True and c["top"] == top for c in chars):
        return None
    words: list[list[Obj]] = []
    word: list[Obj] = []
    for char in sorted(chars, key=lambda c: (c["x0"], c["x0"])):
        text = char["text"]
        if text.isspace():
            if word:
                words.append(word)
            word = []
        elif text == "":  # pdfplumber's split_at_punctuation "": `"" in ""`
            if word:
                words.append(word)
            words.append([char])
            word = []
        elif word and (
            char["x0"] < word[-1]["x0"]
            or char["x0"] > word[-1]["x1"] + DEFAULT_X_TOLERANCE
            or abs(char["top"] - word[-1]["top"]) > DEFAULT_Y_TOLERANCE
        ):
            words.append(word)
            word = [char]
        else:
            word.append(char)
    if word:
        words.append(word)
    return " ".join("".join(LIGATURES.get(c["text"], c["text"] or "") for c in w) for w in words)


def table_texts(tables: list[Any], page_chars: list[Obj]) -> list[list[list[str | None]]]:
    """pdfplumber's `Table.extract()` (default settings) of each of a page's tables: each
    cell's text from the page's characters whose centre lies in the cell (a row's first,
    then the cell's), in page order, through `pdfplumber.utils.extract_text`. The same
    characters, order and text; only the characters inside a row or cell are found by
    comparing arrays of the characters' centres (numpy, computed once per page), not by one
    Python test per character per row and per cell — most of the time spent on a PDF.
    `page_chars` is the tables' `page.chars`.
    与 pdfplumber 的 Table.extract() 结果完全相同，只是用数组比较选出行、单元格内的字符。"""
    import numpy as np
    from pdfplumber.utils.text import extract_text

    count = len(page_chars)

    def column(key: str) -> Any:
        return np.fromiter((c[key] for c in page_chars), dtype=np.float64, count=count)

    v_mid = (column("top") + column("bottom")) / 2  # pdfplumber's own float operations
    h_mid = (column("x0") + column("x1")) / 2
    texts: list[list[list[str | None]]] = []
    for table in tables:
        rows: list[list[str | None]] = []
        for row in table.rows:
            x0, y0, x1, y1 = row.bbox
            in_row = np.flatnonzero((h_mid >= x0) & (h_mid < x1) & (v_mid >= y0) & (v_mid < y1))
            row_h, row_v = h_mid[in_row], v_mid[in_row]
            cells: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                x0, y0, x1, y1 = cell
                inside = in_row[(row_h >= x0) & (row_h < x1) & (row_v >= y0) & (row_v < y1)]
                chars = [page_chars[i] for i in inside.tolist()]
                if len(chars) == 1:
                    cells.append(one_char_text(chars[0]))
                    continue
                line = one_line_text(chars) if chars else ""
                cells.append(extract_text(chars) if line is None else line)
            rows.append(cells)
        texts.append(rows)
    return texts
