"""Bytes → text: UTF-8 (with or without BOM), GB18030/GBK, else charset-normalizer.

解码：UTF-8（含 BOM）、GB18030/GBK，其余交给 charset-normalizer。
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str
    problem_zh: str = ""
    problem_en: str = ""


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KiB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return len(head) > 0 and controls / len(head) > 0.05


def decode_text(data: bytes) -> Decoded:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as err:
            return _undecodable(data, err)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(text, encoding)
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
        f"无法解码文本（不是 UTF-8 或 GB18030），第 {line} 行（字节 {offset}）",
        f"undecodable text (neither UTF-8 nor GB18030) at line {line} (byte {offset})",
    )
