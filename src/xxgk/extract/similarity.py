"""A compact signature of the report's own words — 正文相似度签名 (MinHash).

The raw corpus keeps no narrative text (750,000 reports would make it far too large), yet
COPY_PASTE must tell a narrative copied from last year. So the extractor keeps, per report, a
MinHash signature of its words outside the tables (the text before table 二 — the preamble and
一、总体情况 — and from 五、存在的主要问题 on), from which the models estimate the Jaccard
similarity of two reports' texts.

- Normalised text: NFKC, whitespace removed, every run of digits one `#` — a narrative copied
  with this year's figures and dates put in is still the same words.
- Shingles: every 4 consecutive characters (Chinese text has no spaces to split words on).
- Shingle hash, computed over the whole text at once (numpy, no call per shingle): the text's
  code points `c` (UTF-32) give each shingle the 64-bit key
  `k = (c0 << 48) ^ (c1 << 32) ^ (c2 << 16) ^ c3` (mod 2^64: exact, one key per shingle, for
  text in the Basic Multilingual Plane; a character beyond it shares bits with its neighbour's
  field), mixed by the splitmix64 finaliser `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9;
  z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31` (mod 2^64, a bijection), of which the
  high 32 bits are the shingle's hash `x`. Shingles are counted by their distinct mixed keys.
- Signature: for each of 64 fixed hash functions `(a·x + b) mod (2^61 − 1)` over the shingles'
  hashes `x`, the minimum, of which the low 16 bits are kept (b-bit MinHash):
  4 hex digits per position, 256 in all. Two texts agree at a position with probability
  J + (1 − J)/65536 (J their Jaccard similarity), so the share of equal positions estimates J
  (standard error about 0.04 at J = 0.9).
- Text under 50 shingles (a narrative of a line or two): no signature — too short to tell a
  copy from a template phrase — and COPY_PASTE then leaves the narrative unchecked.

The constants: `a_i` and `b_i` (i = 0…63) are the 4-byte BLAKE2b digests (big-endian, 0 taken
as 1) of the seeds `xxgk-minhash-a` and `xxgk-minhash-b` followed by `i` in two bytes
(big-endian), so below 2^32 and `a·x + b` stays below 2^64. Changing them, the shingle hash or
the normalisation makes new signatures incomparable with those already in a corpus, so
re-extract every year together.
签名只依赖文字（数字归一），常数固定；更改算法须重新抽取全部年度。
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from xxgk.extract.cells import Line
from xxgk.extract.nfkc import nfkc

POSITIONS = 64
HEX_PER_POSITION = 4
SIGNATURE_CHARS = POSITIONS * HEX_PER_POSITION
SHINGLE = 4
MIN_SHINGLES = 50
_PRIME = (1 << 61) - 1
_BLOCK = 16  # hash functions computed together


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
_PRIME_U64 = np.uint64(_PRIME)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


_DIGITS = re.compile(r"\d+")


def normalised(text: str) -> str:
    # str.split() splits on exactly the characters `\s` matches (both use str.isspace)
    return _DIGITS.sub("#", "".join(nfkc(text).split()))


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct mixed 64-bit keys of the 4-character shingles of `text` (already
    normalised), sorted: see the module's docstring."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(codes) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    n = len(codes) - SHINGLE + 1
    z = (
        (codes[:n] << np.uint64(48))
        ^ (codes[1 : n + 1] << np.uint64(32))
        ^ (codes[2 : n + 2] << np.uint64(16))
        ^ codes[3 : n + 3]
    )
    z ^= z >> np.uint64(30)
    z *= _MIX_1
    z ^= z >> np.uint64(27)
    z *= _MIX_2
    z ^= z >> np.uint64(31)
    z.sort()
    distinct = np.empty(len(z), dtype=bool)
    distinct[0] = True
    np.not_equal(z[1:], z[:-1], out=distinct[1:])
    unique: np.ndarray = z[distinct]
    return unique


def text_signature(text: str) -> str:
    """The signature of `text` (256 hex digits), or "" when it is too short to have one."""
    mixed = shingle_hashes(normalised(text))
    if len(mixed) < MIN_SHINGLES:
        return ""
    hashes = mixed >> np.uint64(32)
    minima = np.empty(POSITIONS, dtype=np.uint64)
    # 16 hash functions at a time: the arrays stay in the CPU's cache
    values = np.empty((_BLOCK, len(hashes)), dtype=np.uint64)
    spare = np.empty_like(values)
    for row in range(0, POSITIONS, _BLOCK):
        np.multiply(_A[row : row + _BLOCK], hashes, out=values)  # a·x + b < 2^64: no wrap
        values += _B[row : row + _BLOCK]
        # mod 2^61 − 1 without a division: fold the top 3 bits onto the low 61 (≡ mod p, at
        # most p + 7), then of v and v − p (which wraps round above 2^63 when v < p) the smaller
        np.right_shift(values, np.uint64(61), out=spare)
        values &= _PRIME_U64
        values += spare
        np.subtract(values, _PRIME_U64, out=spare)
        np.minimum(values, spare, out=values)
        values.min(axis=1, out=minima[row : row + _BLOCK])
    return "".join(f"{m & 0xFFFF:04x}" for m in minima.tolist())


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
