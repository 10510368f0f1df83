"""The 落款 date and the narrative signature the extractor writes into raw_reports.

Real report text throughout: the committed reports print no 落款 date (their truth: none of the
five reference reports nor the real ones ends with a date line — they end with 六、其他需要报告的
事项, a page number or a web page's footer), so `published_on` is blank for each of them; the
date is read when the same real text ends the way signed reports do (the agency line, then the
date, then a page number). 提交的报告均无落款日期；在同一真实文本后加上落款，日期即被读出。
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dbt_harness import REPO, read_csv

from xxgk.extract.report import FileResult, extract_file
from xxgk.extract.similarity import SIGNATURE_CHARS, similarity, text_signature
from xxgk.extract.template import load_template

pytestmark = pytest.mark.unit

REFERENCE = REPO / "data" / "reports" / "reference"
REAL = REPO / "data" / "reports" / "real"
HUAIAN = REAL / "huaian_shi_2024.txt"
JIAOZUO = REFERENCE / "004_967c1590f64ec95c.txt"


def _extract(name: str, text: str) -> FileResult:
    return extract_file(Path(name), text.encode("utf-8"), load_template())


def test_the_committed_reports_print_no_signature_date() -> None:
    rows = read_csv(REPO / "data" / "raw" / "raw_reports.csv")
    assert len(rows) == 11
    assert {row["published_on"] for row in rows} == {""}


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        ("淮安市人民政府办公室\n2025年1月20日\n", "2025-01-20"),
        ("淮安市人民政府办公室\n2025 年 3 月 31 日\n- 7 -\n", "2025-03-31"),
        ("淮安市人民政府办公室\n2025-02-08\n", "2025-02-08"),
        ("淮安市人民政府办公室\n二〇二五年一月二十日\n", "2025-01-20"),
        ("淮安市人民政府办公室\n二〇二五年十二月三十一日\n", "2025-12-31"),
        ("淮安市人民政府办公室\n２０２５年２月１０日\n", "2025-02-10"),
        # not a calendar date: blank, never a guess
        ("淮安市人民政府办公室\n2025年2月30日\n", ""),
        # a date inside a sentence is no 落款
        ("本报告于2025年1月20日经审定后发布。\n", ""),
    ],
)
def test_the_signature_date_of_a_real_report(signature: str, expected: str) -> None:
    text = HUAIAN.read_text(encoding="utf-8")
    # the real report ends with its page number "- 6 -": the 落款 goes above it
    body, page = text.rstrip("\n").rsplit("\n", 1)
    result = _extract("huaian_signed.txt", f"{body}\n{signature}{page}\n")
    assert result.status == "extracted"
    assert result.published_on == expected
    assert result.title_agency == "淮安市人民政府"  # the title still names the agency


def test_the_real_reports_as_extracted_have_no_date() -> None:
    for path in (HUAIAN, JIAOZUO, REAL / "pingtan_2021_concat.txt"):
        result = _extract(path.name, path.read_text(encoding="utf-8"))
        assert result.published_on == ""


def _copied_next_year(text: str) -> str:
    """The report as an agency that copies last year's text writes it: every figure and year
    changed, one sentence added."""
    changed = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), text)
    return changed.replace(
        "一、总体情况\n", "一、总体情况\n本年度，我市继续按照上年的工作部署推进政务公开。\n", 1
    )


def test_a_narrative_copied_with_new_figures_keeps_its_signature() -> None:
    text = JIAOZUO.read_text(encoding="utf-8")
    original = _extract("a.txt", text).narrative_signature
    copied = _extract("b.txt", _copied_next_year(text)).narrative_signature
    assert len(original) == len(copied) == SIGNATURE_CHARS
    score = similarity(original, copied)
    assert score is not None and 0.9 <= score < 1


def test_a_rewritten_narrative_is_far_from_last_year() -> None:
    """平潭 2021 and 2022 (real, consecutive years, the same agency) say different things."""
    signatures = {
        row["source_file"]: row["narrative_signature"]
        for row in read_csv(REPO / "data" / "raw" / "raw_reports.csv")
    }
    score = similarity(signatures["pingtan_2021_concat.txt"], signatures["pingtan_2022_concat.txt"])
    assert score is not None and score < 0.3
    # the same text read from the PDF and from its text layer: the same signature
    assert signatures["huaian_shi_2024.pdf"] == signatures["huaian_shi_2024.txt"]


def test_a_short_narrative_has_no_signature() -> None:
    assert text_signature("无。") == ""
    assert similarity("", "ab" * 128) is None


def _signature_as_documented(text: str) -> str:
    """similarity.py's docstring, step by step in plain Python integers (one shingle at a
    time): the vectorised signature must be exactly this."""
    import hashlib
    import unicodedata

    mask = (1 << 64) - 1
    prime = (1 << 61) - 1
    folded = re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    mixed = set()
    for i in range(len(folded) - 3):
        c = [ord(ch) for ch in folded[i : i + 4]]
        z = ((c[0] << 48) ^ (c[1] << 32) ^ (c[2] << 16) ^ c[3]) & mask
        z ^= z >> 30
        z = (z * 0xBF58476D1CE4E5B9) & mask
        z ^= z >> 27
        z = (z * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        mixed.add(z)
    if len(mixed) < 50:
        return ""

    def constants(seed: bytes) -> list[int]:
        return [
            max(
                1,
                int.from_bytes(
                    hashlib.blake2b(seed + i.to_bytes(2, "big"), digest_size=4).digest(), "big"
                ),
            )
            for i in range(64)
        ]

    hashes = [z >> 32 for z in mixed]
    return "".join(
        f"{min((a * x + b) % prime for x in hashes) & 0xFFFF:04x}"
        for a, b in zip(constants(b"xxgk-minhash-a"), constants(b"xxgk-minhash-b"), strict=True)
    )


@pytest.mark.parametrize(
    "text",
    [
        JIAOZUO.read_text(encoding="utf-8"),
        REAL.joinpath("pingtan_2021_concat.txt").read_text(encoding="utf-8"),
        # characters beyond the Basic Multilingual Plane (𠀀, 😀) and full-width digits
        JIAOZUO.read_text(encoding="utf-8").replace("政府", "政𠀀府😀").replace("0", "０")[:3000],
    ],
)
def test_the_signature_is_the_documented_hash(text: str) -> None:
    assert text_signature(text) == _signature_as_documented(text)
    assert len(text_signature(text)) == SIGNATURE_CHARS


def test_nfkc_one_character_at_a_time_is_nfkc() -> None:
    """The signature's fast NFKC equals unicodedata's on every character it handles alone, on
    random texts of them (full-width punctuation beside ASCII letters, ideographic spaces, …),
    on texts with a character it does not handle (combining marks, Hangul, compatibility
    ideographs) and on every committed text report."""
    import random
    import sys
    import unicodedata

    from xxgk.extract.nfkc import _NOT_BY_CHARACTER, nfkc

    def reference(text: str) -> str:
        return unicodedata.normalize("NFKC", text)

    handled = [chr(c) for c in range(sys.maxunicode + 1) if not _NOT_BY_CHARACTER.match(chr(c))]
    assert len(handled) > 20000
    for char in handled:
        assert nfkc(char) == reference(char)
    rnd = random.Random(7)
    others = ["\u0301", "\u0333", "\u302a", "\u3099", "가", "\u1161", "\uf900", "é", "ﬁ", "①"]
    not_ideographs = [c for c in handled if not "\u4e00" <= c <= "\u9fff"]
    # every pair of them (composition and reordering act on neighbours), with ideographs too
    for first in [*not_ideographs, "一", "公", "\u9fff"]:
        for second in [*not_ideographs, "开", "\u4e00"]:
            pair = first + second
            assert nfkc(pair) == reference(pair), (hex(ord(first)), hex(ord(second)))
    for _ in range(2000):
        pool = rnd.choice([handled, not_ideographs])
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 12)))
        assert nfkc(text) == reference(text)
        mixed = "".join(rnd.choice([*others, *handled[:200], "（", "）"]) for _ in range(8))
        assert nfkc(mixed) == reference(mixed)
    for path in (REPO / "data" / "reports").rglob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert nfkc(text) == reference(text)
