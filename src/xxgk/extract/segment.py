"""Digits run together — 数字连写的切分.

A web page flattened to text prints a row's cells without separators: 本年新收 "640020470" is
64 | 0 | 0 | 2 | 0 | 4 | 70. Such a row is segmented only where exactly one segmentation
exists that satisfies a constraint which is not the rule the cells will be checked with
*through that segmentation* (the models exclude the named rule's checks on these cells from the
evidence):

- table 三: the five 法人或其他组织 columns and 自然人 add up to 总计 (T3_APPLICANT_TOTAL);
- table 四: in each block 维持 + 纠正 + 其他 + 尚未审结 = 总计 (T4_BLOCK_TOTAL);
- a row whose digits allow one segmentation only (as many digits as cells, "000") needs no
  constraint (`digit_count`).

Spaces that are printed are kept as boundaries: a printed number is never split across them
and a part never joins two printed numbers. Parts are numbers as printed: no leading zero
("07"), decimals only where the column is a decimal one, a sign only where the column may be
negative. Every segmented cell is `inferred`; a row with no or several segmentations is
refused with that reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from xxgk.extract.cells import Line

MAX_NODES = 200_000

Constraint = Callable[[list[str]], bool]


@dataclass(frozen=True)
class Segmentation:
    parts: list[str] | None  # the cells, when exactly one segmentation fits
    constraint: str  # the constraint that made it unique ("" when refused)
    count: int  # how many segmentations satisfy the constraint (-1: too many to try)
    zh: str = ""
    en: str = ""


def fold_with_boundaries(text: str) -> tuple[str, frozenset[int]]:
    """NFKC text without whitespace (and without `|`), ordinals `1、` → `1.` as `norm_label`
    does, plus the positions (in the folded text) where whitespace stood."""
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    cuts: set[int] = set()
    for ch in text:
        if ch.isspace() or ch == "|":
            cuts.add(len(out))
            continue
        out.append(ch)
    folded = "".join(out)
    folded = re.sub(r"(\d)[、.．](?=\D)", r"\1.", folded)
    folded = folded.replace("“", '"').replace("”", '"')
    return folded, frozenset(cuts)


_PART_INT = re.compile(r"^(?:0|[1-9]\d*)$")
_PART_SIGNED = re.compile(r"^-?(?:0|[1-9]\d*)$")
_PART_DEC = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")


def _ok(part: str, kind: str) -> bool:
    if kind == "decimal":
        return bool(_PART_DEC.match(part))
    if kind == "signed":
        return bool(_PART_SIGNED.match(part))
    return bool(_PART_INT.match(part))


def _segmentations(tokens: list[str], kinds: list[str]) -> Iterator[list[str]] | None:
    """Every way to cut the printed tokens into len(kinds) valid parts, in order."""
    k = len(kinds)
    nodes = 0

    def rec(t: int, pos: int, parts: list[str]) -> Iterator[list[str]]:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            raise OverflowError
        if t == len(tokens):
            if len(parts) == k:
                yield list(parts)
            return
        token = tokens[t]
        left = k - len(parts)
        if left <= 0:
            return
        for end in range(pos + 1, len(token) + 1):
            part = token[pos:end]
            if not _ok(part, kinds[len(parts)]):
                continue
            parts.append(part)
            if end == len(token):
                yield from rec(t + 1, 0, parts)
            else:
                yield from rec(t, end, parts)
            parts.pop()

    return rec(0, 0, [])


def segment(
    tokens: list[str], kinds: list[str], constraint: Constraint | None, constraint_name: str
) -> Segmentation:
    """The unique segmentation of `tokens` into len(kinds) cells, or a refusal."""
    all_fits: list[list[str]] = []
    try:
        gen = _segmentations(tokens, kinds)
        assert gen is not None
        for parts in gen:
            all_fits.append(parts)
            if len(all_fits) > 50_000:
                raise OverflowError
    except OverflowError:
        return Segmentation(
            None,
            "",
            -1,
            f"数字“{' '.join(tokens)}”的切分方式过多，不切分",
            f"digits '{' '.join(tokens)}' allow too many segmentations: not segmented",
        )
    printed = " ".join(tokens)
    if len(all_fits) == 1:
        return Segmentation(all_fits[0], "digit_count", 1)
    if not all_fits:
        return Segmentation(
            None,
            "",
            0,
            f"数字“{printed}”无法切成 {len(kinds)} 格",
            f"digits '{printed}' cannot be cut into {len(kinds)} cells",
        )
    if constraint is None:
        return Segmentation(
            None,
            "",
            len(all_fits),
            f"数字“{printed}”有 {len(all_fits)} 种切分，且没有可用的约束，不切分",
            f"digits '{printed}' allow {len(all_fits)} segmentations and no constraint "
            "decides: not segmented",
        )
    fitting = [p for p in all_fits if constraint(p)]
    if len(fitting) == 1:
        return Segmentation(fitting[0], constraint_name, 1)
    if not fitting:
        return Segmentation(
            None,
            "",
            0,
            f"数字“{printed}”的 {len(all_fits)} 种切分都不满足 {constraint_name}，不切分",
            f"none of the {len(all_fits)} segmentations of '{printed}' satisfies "
            f"{constraint_name}: not segmented",
        )
    return Segmentation(
        None,
        "",
        len(fitting),
        f"数字“{printed}”有 {len(fitting)} 种切分满足 {constraint_name}，无法确定，不切分",
        f"{len(fitting)} segmentations of '{printed}' satisfy {constraint_name}: not segmented",
    )


def applicant_total(parts: list[str]) -> bool:
    """Table 三 row: 自然人 + the five 法人或其他组织 columns = 总计."""
    values = [int(p) for p in parts]
    return sum(values[:-1]) == values[-1]


def block_totals(parts: list[str]) -> bool:
    """Table 四: in each block of five, the first four add up to the fifth."""
    values = [int(p) for p in parts]
    return all(sum(values[i : i + 4]) == values[i + 4] for i in range(0, len(values), 5))


_NUMERIC_HEAD = re.compile(r"^[0-9.\-]+")


def numeric_tokens(folded: str, cuts: frozenset[int], start: int, end: int) -> list[str] | None:
    """The printed number tokens at the start of folded[start:end] (split at the printed
    spaces), or None when digits also stand later in the stretch (text between numbers)."""
    stretch = folded[start:end]
    head = _NUMERIC_HEAD.match(stretch)
    if not head:
        return None
    rest = stretch[head.end() :]
    if re.search(r"\d", rest):
        return None
    tokens: list[str] = []
    current = ""
    for offset, ch in enumerate(head.group(0)):
        if start + offset in cuts and current:
            tokens.append(current)
            current = ""
        current += ch
    if current:
        tokens.append(current)
    # a sign starts a printed number: "2648-18538" is two numbers
    split: list[str] = []
    for token in tokens:
        split.extend(p for p in re.split(r"(?=-)", token) if p)
    return split


# --- a section whose rows run together ------------------------------------------------------


def folded_section(lines: list[Line]) -> tuple[str, frozenset[int], list[tuple[int, str]]]:
    """The section's plain-text lines folded into one text with the printed spaces kept as cuts
    (a line break is a cut too); with (start position, ref) of every line. A table row (a line
    with fields) has separators between its cells, so nothing in it ran together: it stands as
    one non-digit mark."""
    parts: list[str] = []
    cuts: set[int] = set()
    starts: list[tuple[int, str]] = []
    length = 0
    for line in lines:
        line_cuts: frozenset[int]
        if line.fields is not None:
            folded, line_cuts = "#", frozenset()
        else:
            folded, line_cuts = fold_with_boundaries(line.text)
        starts.append((length, line.ref))
        cuts.update(length + c for c in line_cuts)
        cuts.add(length)
        parts.append(folded)
        length += len(folded)
    return "".join(parts), frozenset(cuts), starts


def ref_at(starts: list[tuple[int, str]], pos: int) -> str:
    ref = starts[0][1] if starts else ""
    for start, line_ref in starts:
        if start > pos:
            break
        ref = line_ref
    return ref
