"""Lines → runs of cells — 单元格识别与数字串.

A *line* is a printed line of text (plain, or split into fields by tabs/pipes) or a table
row of a structured source (DOCX, HTML, PDF table). A *cell token* is a field or a
whitespace-separated token that is wholly a number (full-width digits and thousands
separators allowed, an annotation such as "（其中修订16件）" may follow) or a blank mark
("/", "—", "无" …). A *run* is a maximal sequence of cell tokens not interrupted by label
text (and, for delimited and structured lines, not crossing the end of the line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.extract.nfkc import nfkc
from xxgk.extract.template import norm_label

NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CELL = re.compile(rf"^{NUM}(?:\([^()]*[\u4e00-\u9fff][^()]*\))?$")
_NUMBER_ONLY = re.compile(rf"^{NUM}$")
_ANNOTATION = re.compile(r"^\([^()]*\d[^()]*\)$")
_ANNOT_SPAN = re.compile(r"[（(][^（()）]*[）)]")
BLANK_MARKS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "―", "无", "空", "/ /"})
STRONG_MARKS = BLANK_MARKS - {"无", "空"}
PAGE_MARKER = re.compile(
    r"^\s*(?:[-—–－―]\s*\d{1,3}\s*[-—–－―]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE_BEFORE_NOTE = re.compile(
    r"(?<=[0-9０-９])\s+(?=[（(][^（()）\s]*[0-9０-９][^（()）\s]*[）)])"
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC without spaces: full-width digits and punctuation become ASCII."""
    return "".join(nfkc(text).split())  # str.split(): the characters `\s` matches


@lru_cache(maxsize=65536)
def cell_kind(text: str) -> str:
    """'num', 'mark', 'empty' or 'label' for one field or token."""
    folded = fold(text)
    if folded == "":
        return "empty"
    if _CELL.match(folded):
        return "num"
    if folded in BLANK_MARKS:
        return "mark"
    return "label"


@dataclass
class Line:
    """One printed line or table row. `fields` is None for plain text."""

    text: str
    ref: str
    fields: list[str] | None = None
    structured: bool = False

    @property
    def joined(self) -> str:
        return "".join(self.fields) if self.fields is not None else self.text


@dataclass(slots=True)
class Cell:
    text: str  # as printed, line breaks joined, trimmed
    kind: str  # num | mark | empty
    ref: str
    annotated: bool = False


@dataclass
class Run:
    cells: list[Cell]
    pretext: str  # normalised label text since the previous run
    ref: str
    structured: bool = False
    delimited: bool = False
    posttext: str = ""
    # the label text printed on the same line (table row) as the run's first cell, before it
    linetext: str = ""

    @property
    def filled(self) -> int:
        return len(self.cells) - [c.kind for c in self.cells].count("empty")


def clean_cell_text(text: str) -> str:
    """Join line breaks inside a cell and trim; whitespace inside a number or note is a
    layout artefact (PDF text puts spaces between digits and CJK) and is removed.
    (str.split() splits on exactly the characters `\\s` matches in a str pattern, U+3000
    among them.)"""
    return "".join(text.split())


def _merge_annotations(text: str) -> str:
    """Glue an annotation in brackets to the number before it: "22 （其中修订 16 件）"."""

    def squash(match: re.Match[str]) -> str:
        span = match.group(0)
        if re.search(r"[0-9０-９]", span) and _CJK.search(span):
            return re.sub(r"\s+", "", span)
        return span

    if "(" not in text and "（" not in text:
        return text  # nothing in brackets: nothing to glue
    text = _ANNOT_SPAN.sub(squash, text)
    return _SPACE_BEFORE_NOTE.sub("", text)


@dataclass
class Tokenizer:
    """Turns the lines of one section into runs."""

    runs: list[Run] = field(default_factory=list)
    _cells: list[Cell] = field(default_factory=list)
    _pretext: list[str] = field(default_factory=list)
    _line_pretext: list[str] = field(default_factory=list)
    _run_pretext: str = ""
    _run_linetext: str = ""
    _run_ref: str = ""
    _structured: bool = False
    _delimited: bool = False
    _last_was_cell: bool = False

    def _open(self, ref: str, structured: bool, delimited: bool) -> None:
        if not self._cells:
            self._run_pretext = norm_label("".join(self._pretext))
            self._run_linetext = norm_label("".join(self._line_pretext))
            self._pretext = []
            self._run_ref = ref
            self._structured = structured
            self._delimited = delimited

    def _close(self) -> None:
        if self._cells:
            cells = self._cells
            if self._delimited and not self._structured:
                while cells and cells[0].kind == "empty":
                    cells = cells[1:]
                while cells and cells[-1].kind == "empty":
                    cells = cells[:-1]
            if cells:
                self.runs.append(
                    Run(
                        cells,
                        self._run_pretext,
                        self._run_ref,
                        self._structured,
                        self._delimited,
                        linetext=self._run_linetext,
                    )
                )
            self._cells = []
        self._last_was_cell = False

    def _label(self, text: str) -> None:
        self._close()
        self._pretext.append(text)
        self._line_pretext.append(text)
        if self.runs:
            self.runs[-1].posttext += norm_label(text)

    def _cell(self, text: str, kind: str, ref: str, structured: bool, delimited: bool) -> None:
        if not self._cells:
            self._open(ref, structured, delimited)
        annotated = kind == "num" and "(" in fold(text)
        self._cells.append(Cell("".join(text.split()), kind, ref, annotated))  # clean_cell_text
        self._last_was_cell = kind != "empty"

    def feed(self, line: Line) -> None:
        self._line_pretext = []
        if line.fields is None:
            self._feed_plain(line)
        else:
            self._feed_fields(line)

    def _feed_plain(self, line: Line) -> None:
        tokens = _merge_annotations(line.text).split()
        if not tokens:
            return
        kinds = [cell_kind(t) for t in tokens]
        has_cells = any(k == "num" for k in kinds) or any(
            fold(t) in STRONG_MARKS for t, k in zip(tokens, kinds, strict=True) if k == "mark"
        )
        for token, kind in zip(tokens, kinds, strict=True):
            if kind == "num" or (kind == "mark" and has_cells):
                self._cell(token, kind, line.ref, False, False)
            elif self._last_was_cell and _ANNOTATION.match(fold(token)) and _CJK.search(token):
                last = self._cells[-1]
                last.text = clean_cell_text(last.text + token)
                last.annotated = True
            else:
                self._label(token)

    def _feed_fields(self, line: Line) -> None:
        fields = [f if f is not None else "" for f in line.fields or []]
        if line.structured:
            kinds = [cell_kind(f) for f in fields]
            # cells are the trailing cell-like fields of a table row
            start = len(fields)
            while start > 0 and kinds[start - 1] != "label":
                start -= 1
            for text in fields[:start]:
                self._label(text)
            for text, kind in zip(fields[start:], kinds[start:], strict=True):
                self._cell(text, kind, line.ref, True, True)
            self._close()
            return
        for text in fields:
            kind = cell_kind(text)
            if kind in ("num", "mark", "empty"):
                self._cell(text, kind, line.ref, False, True)
            else:
                self._label(text)
        self._close()

    def finish(self) -> list[Run]:
        self._close()
        return self.runs


def tokenize(lines: list[Line]) -> list[Run]:
    tok = Tokenizer()
    for line in lines:
        tok.feed(line)
    return tok.finish()
