"""The raw files' CSV text is what Python's csv module writes, row by row.

`csv_text` joins a plain row's fields itself (the extractor's hot path) and lets csv write
any other: random rows of every kind of field — commas, quotes, line breaks, spaces, tabs,
empty fields, a lone empty field, numbers — give the same text as csv.writer.
原始 CSV 文本与 csv 模块逐行一致。
"""

from __future__ import annotations

import csv
import io
import random

import pytest

from xxgk.extract.raw_format import csv_text

pytestmark = pytest.mark.unit


def _reference(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def test_csv_text_is_csv() -> None:
    rnd = random.Random(3)
    pieces = [
        "",
        "0",
        "22",
        "t3",
        "line 87",
        "（其中修订16件）",
        ",",
        '"',
        "\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        "a b",
        "=1+2",
        "—",
        "\u3000",
        "'",
        ";",
        "|",
        "#",
    ]
    for _ in range(5000):
        rows: list[list[object]] = []
        for _ in range(rnd.randint(0, 4)):
            width = rnd.choice([1, 1, 2, 5, 7])
            row: list[object] = [
                "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 3))) for _ in range(width)
            ]
            if rnd.random() < 0.05:
                row[0] = rnd.randint(0, 99)
            rows.append(row)
        assert csv_text(rows) == _reference(rows), rows  # type: ignore[arg-type]
    assert csv_text([[""]]) == '""\n'
    assert csv_text(iter([iter(["a", "b"])])) == "a,b\n"
