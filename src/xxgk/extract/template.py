"""The 2021 template, read at run time from `seeds/reference/template_codes.csv`.

模板（2021 格式）：行、列代码与印刷标签，运行时从 template_codes.csv 读取。
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from xxgk.extract.nfkc import nfkc

TEMPLATE_RELPATH = Path("seeds") / "reference" / "template_codes.csv"

_ORDINAL_DOT = re.compile(r"(\d)[、.．]")
_ORDINAL = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+\.)")


def norm_label(text: str) -> str:
    """Fold a label for matching: NFKC, no whitespace, ordinals `1、`/`1．` → `1.`.
    Short labels repeat across reports and are cached; long texts are not kept."""
    return _norm_label_cached(text) if len(text) < 120 else _norm_label(text)


@lru_cache(maxsize=32768)
def _norm_label_cached(text: str) -> str:
    return _norm_label(text)


def _norm_label(text: str) -> str:
    folded = "".join(nfkc(text).split()).replace("|", "")  # split(): the characters of \s
    folded = _ORDINAL_DOT.sub(r"\1.", folded)
    return folded.replace("“", '"').replace("”", '"')


@dataclass(frozen=True)
class Row:
    """One template row that has cells: its code, column codes and label fragments."""

    table: str  # "t2" | "t3" | "t4"
    code: str
    position: int
    label: str
    columns: tuple[str, ...]
    fragments: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    t2: tuple[Row, ...]
    t3: tuple[Row, ...]
    t4: tuple[Row, ...]
    # table 三's groups printed as headings (（三）不予公开 … （六）其他处理): has_cells = no
    t3_groups: tuple[Row, ...] = ()
    # parent code of every table-三 row
    t3_parents: dict[str, str] = field(default_factory=dict)
    # table 四's outcome columns (结果维持 … 总计): code -> label
    t4_outcome_labels: dict[str, str] = field(default_factory=dict)

    @property
    def cells_expected(self) -> int:
        return sum(len(r.columns) for r in (*self.t2, *self.t3, *self.t4))

    def rows(self, table: str) -> tuple[Row, ...]:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}[table]


def _aliases(record: dict[str, str]) -> tuple[str, ...]:
    return tuple(a for a in (record.get("aliases") or "").split("|") if a.strip())


def _fragments(label: str, others: list[str], aliases: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Pieces of a label that identify its row: the whole label, its start (ordinal plus
    four or six characters) and its end, kept only when no other row's label contains them;
    then the label variants of the seed's `aliases` column, whole."""
    kept = _label_fragments(label, others)
    for alias in aliases:
        folded = norm_label(alias)
        if folded and folded not in kept:
            kept = (*kept, folded)
    return kept


def _label_fragments(label: str, others: list[str]) -> tuple[str, ...]:
    full = norm_label(label)
    match = _ORDINAL.match(full)
    ordinal = match.group(0) if match else ""
    body = full[len(ordinal) :]
    candidates = [full]
    for n in (6, 4):
        if len(body) > n:
            candidates.append(ordinal + body[:n])
    for n in (7, 5):
        if len(body) > n + 2:
            candidates.append(body[-n:])
    other_norm = [norm_label(o) for o in others]
    kept: list[str] = []
    for frag in candidates:
        if len(frag) >= 2 and not any(frag in o for o in other_norm) and frag not in kept:
            kept.append(frag)
    return tuple(kept)


def find_template_file(start: Path | None = None) -> Path:
    """The codes seed of the project at or above `start` (see `find_project_root`)."""
    from xxgk.project import find_project_root

    return find_project_root(start) / TEMPLATE_RELPATH


@lru_cache(maxsize=4)
def load_template(path: Path | None = None) -> Template:
    """Read template_codes.csv: the single source of codes, order and labels."""
    path = path or find_template_file()
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    by_dim: dict[str, list[dict[str, str]]] = {}
    for rec in records:
        by_dim.setdefault(rec["dimension"], []).append(rec)
    for recs in by_dim.values():
        recs.sort(key=lambda r: int(r["position"]))

    def cols(dim: str) -> tuple[str, ...]:
        return tuple(r["code"] for r in by_dim[dim] if r["has_cells"] == "yes")

    t2_items = [r for r in by_dim["t2_item"] if r["has_cells"] == "yes"]
    t2_labels = [r["label_zh"] for r in t2_items]
    t2 = tuple(
        Row(
            "t2",
            r["code"],
            int(r["position"]),
            r["label_zh"],
            tuple(r["cell_columns"].split("|")),
            _fragments(r["label_zh"], [x for x in t2_labels if x != r["label_zh"]], _aliases(r)),
            _aliases(r),
        )
        for r in t2_items
    )
    t3_all = by_dim["t3_row"]
    t3_labels = [r["label_zh"] for r in t3_all]
    t3_rows = tuple(
        Row(
            "t3",
            r["code"],
            int(r["position"]),
            r["label_zh"],
            cols("t3_applicant"),
            _fragments(r["label_zh"], [x for x in t3_labels if x != r["label_zh"]], _aliases(r)),
            _aliases(r),
        )
        for r in t3_all
    )
    has_cells = {r["code"]: r["has_cells"] == "yes" for r in t3_all}
    t3 = tuple(r for r in t3_rows if has_cells[r.code])
    groups = tuple(r for r in t3_rows if not has_cells[r.code])
    t4 = tuple(
        Row(
            "t4",
            r["code"],
            int(r["position"]),
            r["label_zh"],
            cols("t4_outcome"),
            (norm_label(r["label_zh"]), *(norm_label(a) for a in _aliases(r))),
            _aliases(r),
        )
        for r in by_dim["t4_proceeding"]
        if r["has_cells"] == "yes"
    )
    return Template(
        t2=t2,
        t3=t3,
        t4=t4,
        t3_groups=groups,
        t3_parents={r["code"]: r["parent"] for r in t3_all},
        t4_outcome_labels={r["code"]: r["label_zh"] for r in by_dim["t4_outcome"]},
    )


@dataclass(frozen=True)
class LabelHit:
    start: int
    end: int
    row: int  # index into the rows searched


@dataclass(frozen=True, eq=False)
class _Matcher:
    """One pattern finding, at every position, the longest fragment of any row there; `serial`
    names it for the answer cache (never reused, unlike an object's id)."""

    pattern: re.Pattern[str]
    owner: dict[str, int]  # fragment -> index of its row
    serial: int


_SERIALS = itertools.count()
# by the identity of the rows tuple (the template's tuples live as long as the process): hashing
# a tuple of frozen rows on every call cost a tenth of the extraction time
_MATCHERS: dict[int, tuple[tuple[Row, ...], _Matcher | None]] = {}


def _matcher(rows: tuple[Row, ...]) -> _Matcher | None:
    entry = _MATCHERS.get(id(rows))
    if entry is not None and entry[0] is rows:
        return entry[1]
    if len(_MATCHERS) > 256:
        _MATCHERS.clear()
    matcher = _make_matcher(rows)  # equal tuples built afresh (groups appended) share one
    _MATCHERS[id(rows)] = (rows, matcher)
    return matcher


@lru_cache(maxsize=64)
def _make_matcher(rows: tuple[Row, ...]) -> _Matcher | None:
    owner: dict[str, int] = {}
    for i, row in enumerate(rows):
        for frag in row.fragments:
            owner.setdefault(frag, i)
    if not owner:
        return None
    alternatives = sorted(owner, key=len, reverse=True)
    pattern = re.compile("(?=(" + "|".join(re.escape(a) for a in alternatives) + "))")
    return _Matcher(pattern, owner, next(_SERIALS))


# find_labels' answers for short texts: a report's row labels are the same few hundred strings
# in every report, and each is looked up several times (before, on and after its numbers).
# Keyed by the matcher's serial and the text; bounded, cleared when full.
_HITS: dict[tuple[int, str], tuple[LabelHit, ...]] = {}
_HITS_MAX = 65536
_HITS_TEXT_MAX = 200


def find_labels(text: str, rows: tuple[Row, ...]) -> list[LabelHit]:
    """Every row label (or label variant) printed in `text`, in order, without overlaps: where
    two matches overlap the longer one wins (规范性文件 inside 行政规范性文件 is that row)."""
    matcher = _matcher(rows) if text else None
    if matcher is None:
        return []
    if len(text) > _HITS_TEXT_MAX:
        return _find_labels(text, matcher)
    key = (matcher.serial, text)
    hits = _HITS.get(key)
    if hits is None:
        if len(_HITS) >= _HITS_MAX:
            _HITS.clear()
        hits = _HITS[key] = tuple(_find_labels(text, matcher))
    return list(hits)


def _find_labels(text: str, matcher: _Matcher) -> list[LabelHit]:
    pattern, owner = matcher.pattern, matcher.owner
    found = [
        (m.start(), m.start() + len(m.group(1)), owner[m.group(1)]) for m in pattern.finditer(text)
    ]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    chosen: list[tuple[int, int, int]] = []
    for start, end, i in found:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, i))
    chosen.sort()
    # one row's label matched twice side by side (start and end fragments): one hit
    hits: list[LabelHit] = []
    for start, end, i in chosen:
        if hits and hits[-1].row == i and start - hits[-1].end <= 8:
            hits[-1] = LabelHit(hits[-1].start, end, i)
            continue
        hits.append(LabelHit(start, end, i))
    return hits
