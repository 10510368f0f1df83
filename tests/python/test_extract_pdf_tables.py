"""The PDF table cells read without pdfplumber's per-character loops are pdfplumber's own.

`table_texts` selects each row's and cell's characters by comparing arrays and reads a
one-character cell directly; `Table.extract()` tests every character against every row and
cell in Python. On the real Huaian PDF (every table of every page) and on single characters of
every kind `one_char_text` special-cases, both give the same text.
PDF 表格单元格的快速读法与 pdfplumber 的 Table.extract() 结果逐格相同。
"""

from __future__ import annotations

import random

import pytest
from dbt_harness import REPO
from pdfplumber.utils.text import extract_text

from xxgk.extract.pdfium_objects import one_char_text, one_line_text, open_pdf, table_texts

pytestmark = pytest.mark.unit

HUAIAN = REPO / "data" / "reports" / "real" / "huaian_shi_2024.pdf"


def test_table_cells_are_pdfplumbers() -> None:
    tables_seen = 0
    with open_pdf(HUAIAN.read_bytes()) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            assert table_texts(tables, page.chars) == [t.extract() for t in tables]
            tables_seen += len(tables)
            for char in page.chars:
                assert one_char_text(char) == extract_text([char])
    assert tables_seen >= 5


@pytest.mark.parametrize("text", ["0", "无", "/", " ", "\u3000", "\t", "ﬁ", "ﬃ", "", "%"])
def test_one_character_cells_are_pdfplumbers(text: str) -> None:
    with open_pdf(HUAIAN.read_bytes()) as pdf:
        char = {**pdf.pages[0].chars[0], "text": text}
        rotated = {**char, "upright": False}
    assert one_char_text(char) == extract_text([char])
    assert one_char_text(rotated) == extract_text([rotated])


def test_one_line_cells_are_pdfplumbers() -> None:
    """Random lines of characters — overlapping, out of order, gaps either side of the 3 pt
    tolerance, spaces, empty characters, ligatures — read as pdfplumber reads them; and a cell
    that is not one upright line is left to pdfplumber."""
    rnd = random.Random(10)
    with open_pdf(HUAIAN.read_bytes()) as pdf:
        base = pdf.pages[0].chars[0]
    alphabet = ["0", "1", "9", "件", "无", "/", " ", "\u3000", "", "ﬁ", "(", "%"]
    for _ in range(3000):
        chars = []
        x = 100.0
        for _ in range(rnd.randint(2, 9)):
            x += rnd.choice([-4.0, -0.5, 0.0, 0.5, 2.9, 3.0, 3.1, 6.0, rnd.uniform(-2, 8)])
            width = rnd.choice([0.0, 5.0, 10.5, rnd.uniform(0, 12)])
            text = rnd.choice(alphabet)
            chars.append({**base, "text": text, "x0": x, "x1": x + width, "top": 50.0})
        expected = extract_text(chars)
        assert one_line_text(chars) == expected, (chars, expected)
    two_lines = [{**base, "top": 50.0}, {**base, "top": 51.0}]
    assert one_line_text(two_lines) is None
    assert one_line_text([{**base, "upright": False}, {**base, "upright": False}]) is None
