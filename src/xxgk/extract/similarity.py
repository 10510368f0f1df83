"""A compact signature of the report's own words — 正文相似度签名 (MinHash).

The raw corpus keeps no narrative text (750,000 reports would make it far too large), yet
COPY_PASTE must tell a narrative copied from last year. So the extractor keeps, per report, a
MinHash signature of its words outside the tables (the text before table 二 — the preamble and
一、总体情况 — and from 五、存在的主要问题 on), from which the models estimate the Jaccard
similarity of two reports' texts.

- Normalised text: NFKC, whitespace removed, every run of digits one `#` — a narrative copied
  with this year's figures and dates put in is still the same words.
- Shingles: every 4 consecutive characters (Chinese text has no spaces to split words on).
- Signature: for each of 64 fixed hash functions `(a·x + b) mod (2^61 − 1)` over the shingles'
  32-bit BLAKE2b hashes `x`, the minimum, of which the low 16 bits are kept (b-bit MinHash):
  4 hex digits per position, 256 in all. Two texts agree at a position with probability
  J + (1 − J)/65536 (J their Jaccard similarity), so the share of equal positions estimates J
  (standard error about 0.04 at J = 0.9).
- Text under 50 shingles (a narrative of a line or two): no signature — too short to tell a
  copy from a template phrase — and COPY_PASTE then leaves the narrative unchecked.

The constants a, b are derived from fixed seeds: changing them (or the normalisation) makes new
signatures incomparable with those already in a corpus, so re-extract every year together.
签名只依赖文字（数字归一），常数固定；更改算法须重新抽取全部年度。
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from xxgk.extract.cells import Line

POSITIONS = 64
HEX_PER_POSITION = 4
SIGNATURE_CHARS = POSITIONS * HEX_PER_POSITION
SHINGLE = 4
MIN_SHINGLES = 50
_PRIME = (1 << 61) - 1


def _constants(salt: bytes) -> np.ndarray:
    """64 numbers below 2^32 (so that a·x + b stays below 2^64), fixed by `salt`."""
    digest = b"".join(
        hashlib.blake2b(salt + i.to_bytes(2, "big"), digest_size=4).digest()
        for i in range(POSITIONS)
    )
    values = np.frombuffer(digest, dtype=">u4").astype(np.uint64)
    return np.maximum(values, np.uint64(1))


_A = _constants(b"xxgk-minhash-a")[:, None]
_B = _constants(b"xxgk-minhash-b")[:, None]


def normalised(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def text_signature(text: str) -> str:
    """The signature of `text` (256 hex digits), or "" when it is too short to have one."""
    text = normalised(text)
    shingles = {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return ""
    hashed = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "big")
            for s in sorted(shingles)
        ),
        dtype=np.uint64,
        count=len(shingles),
    )
    minima = ((_A * hashed[None, :] + _B) % np.uint64(_PRIME)).min(axis=1)
    return "".join(f"{int(m) & 0xFFFF:04x}" for m in minima)


def narrative_signature(narrative: list[Line], closing: list[Line]) -> str:
    """The signature of a report's words outside its tables (see the module's docstring)."""
    return text_signature("\n".join(line.joined for line in (*narrative, *closing)))


def similarity(first: str, second: str) -> float | None:
    """The estimated Jaccard similarity of two signatures (None when either is missing) —
    what the models compute position by position in SQL."""
    if len(first) != SIGNATURE_CHARS or len(second) != SIGNATURE_CHARS:
        return None
    equal = sum(
        first[i : i + HEX_PER_POSITION] == second[i : i + HEX_PER_POSITION]
        for i in range(0, SIGNATURE_CHARS, HEX_PER_POSITION)
    )
    return equal / POSITIONS
