"""Bytes → text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK or
Big5 (whichever reads as Chinese), else charset-normalizer.

解码：UTF-8（含 BOM）、UTF-16（含或不含 BOM）、GB18030/GBK 或 Big5（取读出中文者），其余交给
charset-normalizer。
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str
    problem_zh: str = ""
    problem_en: str = ""


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)
# characters every report prints many times, in simplified and traditional forms: a text
# decoded with the wrong one of GB18030 and Big5 has almost none of them
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "政府信息公开工作年度报告申请本件处理行政复议诉讼情况总计其他机关单位办结结转数量"
    "資訊開報與請處復議訟況總計機關單數這為個們來時對會發動過"
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KiB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return len(head) > 0 and controls / len(head) > 0.05


def utf16_encoding(data: bytes) -> str | None:
    """'utf-16' for a UTF-16 byte-order mark; 'utf-16-le' / 'utf-16-be' for text without one
    whose NUL bytes (the high bytes of ASCII digits, spaces and line ends) fall mostly on one
    side of each pair and whose first 4 KiB decode to text (letters, CJK, punctuation, whitespace);
    else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[: 4096 - 4096 % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 4 * even:  # a CJK character may have a zero low byte (一 is U+4E00)
        encoding = "utf-16-le"
    elif even > 4 * odd:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError:
        return None
    texty = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return encoding if texty >= 0.98 * len(text) else None


def decode_utf16(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        return Decoded(
            None,
            encoding,
            f"UTF-16 文本（{encoding}）无法解码，字节 {err.start}",
            f"UTF-16 text ({encoding}) undecodable at byte {err.start}",
        )
    return Decoded(text.lstrip("\ufeff"), encoding)


def _chinese_score(text: str) -> int:
    return sum(1 for ch in text[:20000] if ch in _COMMON)


def decode_text(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as err:
            return _undecodable(data, err)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[Decoded] = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append(Decoded(data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if candidates:
        # GB18030 decodes almost any bytes: Big5 wins only where it reads as Chinese better
        return max(candidates, key=lambda d: _chinese_score(d.text or ""))
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - defensive
        best = None
    if best is not None and best.encoding and best.coherence > 0.5:
        return Decoded(str(best), best.encoding)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return _undecodable(data, err)
    return _undecodable(data, None)  # pragma: no cover


def _undecodable(data: bytes, err: UnicodeDecodeError | None) -> Decoded:
    offset = err.start if err else 0
    line = data[:offset].count(b"\n") + 1
    return Decoded(
        None,
        "",
        f"无法解码文本（不是 UTF-8、UTF-16、GB18030 或 Big5），第 {line} 行（字节 {offset}）",
        f"undecodable text (neither UTF-8, UTF-16, GB18030 nor Big5) at line {line} "
        f"(byte {offset})",
    )
