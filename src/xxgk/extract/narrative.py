"""Figures the narrative restates — 正文（一、总体情况）复述的数字.

The narrative is the text before the heading of table 二. Its printed lines are joined (a
statement wrapped across PDF lines is read whole), split into sentences (。；！？ and paragraph
breaks) and clauses (also ，：), and each clause is matched against the patterns of the
figures of `seeds/reference/narrative_figures.csv`. The first statement of each figure counts.

Precision comes before recall: a wrong figure is a false warning for an agency. So a figure is
read only from a clause that says it plainly: not from a sentence that is a breakdown ("其中…"),
that is about hotline calls, complaints or consultations rather than requests, or from a clause
that compares with last year; "未发生…被行政复议纠错或行政诉讼败诉" is not "no review or
litigation". Where a statement is ambiguous, the figure is left out.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xxgk.extract.cells import Line
from xxgk.extract.template import find_template_file

FIGURES_FILE = "narrative_figures.csv"
QUOTE_MAX = 80
NO_REVIEW_TEXT = "0"


@dataclass(frozen=True)
class Figure:
    """One figure as the narrative states it: code, number as printed, the clause, place."""

    code: str
    text: str
    quote: str
    source_ref: str


# --- patterns (on text without whitespace, full-width digits folded) ----------------------

_N = r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
_TOTAL = r"(?:共计?|合计|总计|累计|为)?"
_REQUEST = r"(?:(?:政府信息公开|信息公开)?申请|依申请公开(?:事项)?)"
_RECEIVE = r"(?<!不予)(?<![未不])(?:收到|受理|新收|接收)"
_SETTLE = r"(?<!逾期)(?<!超期)(?<!延期)(?<!按时)(?<!按期)(?<![未不])"
_CONJ = r"(?:和|及|与|、|或|以及|和提起|及提起|或提起)"

PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "requests_received": (
        # 收到政府信息公开申请 1 件; 共受理政府信息公开申请 3119 件; 收到依申请公开事项 0件
        re.compile(
            _RECEIVE
            + r"(?:了)?(?P<mid>[^\d]{0,20}?)(?:申请|依申请公开事项|依申请公开)(?:事项)?(?:数量?)?"
            + _TOTAL
            + _N
            + r"件"
        ),
        # 收到70件申请; 受理 5 件政府信息公开申请
        re.compile(_RECEIVE + r"(?:了)?(?:各类)?" + _TOTAL + _N + r"件" + _REQUEST),
    ),
    "requests_carried_over": (
        # 含上年度结转申请 34 件; 上年结转 189 件
        re.compile(
            r"上一?年度?(?:未办结)?结转(?:至本年度?|到本年度?)?(?:的)?(?:政府信息公开)?"
            r"(?:申请)?" + _TOTAL + _N + r"件"
        ),
    ),
    "requests_handled": (
        # 办结 1191 件; 已办结 1 件; 答复 3050 件
        re.compile(_SETTLE + r"(?:办结|答复)(?:了)?(?:申请)?" + _TOTAL + _N + r"件"),
        # 全市共办理政府信息依申请公开 602件; 办理政府信息公开申请 5 件
        re.compile(
            _SETTLE
            + r"办理(?:了)?(?P<mid>[^\d]{0,16}?)(?:依申请公开|申请)(?:事项)?"
            + _TOTAL
            + _N
            + r"件"
        ),
    ),
    "requests_carried_forward": (
        # 1件结转下年度继续办理; 103 件顺延到下年度答复
        re.compile(_N + r"件(?:申请)?(?:需)?(?:结转|顺延|转入)(?:到|至|入)?下一?年度?"),
        # 结转下年度继续办理 293 件
        re.compile(
            r"结转(?:到|至)?下一?年度?(?:继续)?(?:办理|答复)?(?:的)?(?:申请)?" + _TOTAL + _N + r"件"
        ),
    ),
    "no_review_or_litigation": (
        # 暂未发生行政复议和行政诉讼情况; 未出现信息公开行政复议和行政诉讼案件
        re.compile(
            r"(?P<neg>(?:暂|均|并|全年)?未(?:发生|出现|产生|有)|没有(?:发生|出现)?|(?<!有)无(?![法论]))"
            r"(?P<mid>[^\d]{0,20}?)"
            r"(?:行政复议" + _CONJ + r"行政诉讼|行政诉讼" + _CONJ + r"行政复议)"
            r"(?:的)?(?:案件|情况|情形|事项|事件)?(?:发生)?[)）”\"]*$"
        ),
    ),
}
FIGURE_CODES: tuple[str, ...] = tuple(PATTERNS)

# a request figure is read only from a sentence about requests…
_REQUEST_SENTENCE = re.compile(r"申请")
# …that is not about other channels (hotline, complaints, petitions, consultations)
_OTHER_CHANNELS = re.compile(
    r"咨询|投诉|热线|工单|诉求|留言|信访|举报|来信|来电|12345|建议|提案|政务服务|许可|审批|办件"
)
# a clause comparing with last year, or about review and litigation, states no request figure
_NOT_THIS_FIGURE = re.compile(r"同比|较上年|比上年|上年同期|去年|复议|诉讼|涉及")
# the words between the verb and 申请 may only say the requests are information-disclosure
# requests ("政府信息公开"): anything else names other requests or a part of them
_PLAIN_MID = re.compile(
    r"(?:了|共计?|各类|新|网上|书面|的)*(?:群众|公众|社会公众|公民)?(?:政府信息|信息)?(?:公开)?依?"
)
# a sentence stating a count of other requests (政务服务申请, 行政许可申请…) states none of ours
_ANY_REQUEST = re.compile(
    r"(?:收到|受理|新收|接收|办理|办结)(?P<mid>[^\d，。；：:,]{0,20}?)申请(?:事项)?(?:数量?)?"
    + _TOTAL
    + r"\d"
)
# a received figure that includes last year's requests ("收到 10 件（含上年结转 2 件）") is not
# the requests received this year
_INCLUDES_CARRIED = re.compile(r"[（(](?:含|包括|包含)[^）)]*?(?:上年|结转)")
# "no review or litigation" must not be restricted ("no review corrected", "no lawsuit lost")
_QUALIFIED = re.compile(r"纠错|纠正|败诉|撤销|违法|确认")

# "办理 N 件" is the requests handled only where the sentence says they were all answered and
# does not break the figure into new and carried-over requests: "办理 749 件" can be 新收 713 +
# 上年结转 36 (the requests in hand), not the requests handled
_ALL_ANSWERED = re.compile(r"(?:均已|均|全部|已全部)[^。；]{0,30}?(?:答复|办结|办理完毕|处理完毕)")
_WORKLOAD = re.compile(r"上一?年度?(?:未办结)?结转|新收|结转(?:到|至)?下")
# a count of information disclosed on request ("依申请公开政府信息 9 件") counts disclosures
_DISCLOSURES = re.compile(r"依申请公开(?:政府)?信息|予以公开|公开(?:政府)?信息")

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[。！？!?；;，：:\n]|(?<!\d),|,(?!\d{3}(?!\d))")
_BRACKET = re.compile(r"[（()）]")
_HEADING_START = re.compile(
    r"^(?:#+|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))"
)
_BREAK_AFTER = re.compile(r"[。！？!?；;：:]$")
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(" ")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_DIGIT = re.compile("[０-９]")  # translate only a text that has one (a scan, not a lookup)


# --- the seed ------------------------------------------------------------------------------


def find_figures_file(start: Path | None = None) -> Path:
    """seeds/reference/narrative_figures.csv, next to template_codes.csv."""
    return find_template_file(start).with_name(FIGURES_FILE)


@lru_cache(maxsize=4)
def load_figure_codes(path: Path | None = None) -> tuple[str, ...]:
    """The figure codes of narrative_figures.csv, in the order of its `position` column."""
    path = path or find_figures_file()
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    return tuple(r["figure_code"] for r in sorted(records, key=lambda r: int(r["position"])))


# --- the narrative as one text ---------------------------------------------------------------


@dataclass
class _Text:
    """The narrative lines joined: `display` (whitespace runs folded to one space, "\\n" at
    paragraph breaks), `folded` (no spaces, ASCII digits) and where each came from."""

    display: str
    folded: str
    spaces: list[int]  # for the k-th space of `display`: its position minus k
    starts: list[int]  # display position where each line starts
    refs: list[str]

    def at(self, folded_pos: int) -> int:
        """The display position of a folded position (skipping the spaces before it)."""
        return folded_pos + bisect.bisect_right(self.spaces, folded_pos)

    def ref_at(self, folded_pos: int) -> str:
        return self.refs[bisect.bisect_right(self.starts, self.at(folded_pos)) - 1]


def _is_heading(text: str) -> bool:
    return bool(_HEADING_START.match(text)) and len(text) <= 20 and "。" not in text


def _join(lines: list[Line]) -> _Text:
    parts: list[str] = []
    starts: list[int] = []
    refs: list[str] = []
    length = 0
    previous = ""
    for line in lines:
        if line.fields is not None or line.structured:
            continue  # a table row is not narrative
        text = _SPACES.sub(" ", line.text).strip()
        if not text:
            continue
        if previous and (
            _BREAK_AFTER.search(previous) or _is_heading(previous) or _HEADING_START.match(text)
        ):
            parts.append("\n")
            length += 1
        starts.append(length)
        refs.append(line.ref)
        parts.append(text)
        length += len(text)
        previous = text
    display = "".join(parts)
    folded = display.replace(" ", "")
    if _FULL_DIGIT.search(folded):
        folded = folded.translate(_FULL_DIGITS)
    spaces = [m.start() - k for k, m in enumerate(_SPACE.finditer(display))]
    return _Text(display, folded, spaces, starts, refs)


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of text[start:end] between the separators matched by `pattern`."""
    spans: list[tuple[int, int]] = []
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _quote(text: _Text, clause: tuple[int, int], match: tuple[int, int]) -> str:
    """The clause as printed, cut at brackets around the match, at most QUOTE_MAX long."""
    folded = text.folded
    c_start, c_end = clause
    m_start, m_end = match
    for pos in range(m_start - 1, c_start - 1, -1):
        if _BRACKET.match(folded, pos):
            c_start = pos + 1
            break
    for pos in range(m_end, c_end):
        if _BRACKET.match(folded, pos):
            c_end = pos
            break
    d_start, d_end = text.at(c_start), text.at(c_end - 1) + 1
    dm_start, dm_end = text.at(m_start), text.at(m_end - 1) + 1
    if d_end - d_start > QUOTE_MAX:
        d_start = max(d_start, min(dm_start, d_end - QUOTE_MAX))
        d_end = min(d_end, max(d_start + QUOTE_MAX, dm_end))
    return text.display[d_start:d_end].strip()


def _match(code: str, clause: str, sentence_before: str, sentence: str) -> re.Match[str] | None:
    if code == "no_review_or_litigation":
        for pattern in PATTERNS[code]:
            found = pattern.search(clause)
            if found and not _QUALIFIED.search(found.group("mid")):
                return found
        return None
    if "其中" in sentence_before or not _REQUEST_SENTENCE.search(sentence):
        return None
    if _OTHER_CHANNELS.search(sentence) or _other_requests(sentence):
        return None
    for index, pattern in enumerate(PATTERNS[code]):
        found = pattern.search(clause)
        if found is None:
            continue
        if _NOT_THIS_FIGURE.search(clause[: found.start()] + found.group(0)):
            continue
        if _DISCLOSURES.search(found.group(0)):
            continue
        if (
            code == "requests_handled"
            and index == 1
            and (not _ALL_ANSWERED.search(sentence) or _WORKLOAD.search(sentence))
        ):
            continue
        mid = found.groupdict().get("mid")
        if mid is not None and not _PLAIN_MID.fullmatch(mid):
            continue
        if "其中" in clause[: found.start()]:
            continue
        if code == "requests_received" and _INCLUDES_CARRIED.match(clause, found.end()):
            continue
        return found
    return None


def _other_requests(sentence: str) -> bool:
    """The sentence counts requests other than information-disclosure requests."""
    return any(not _PLAIN_MID.fullmatch(m.group("mid")) for m in _ANY_REQUEST.finditer(sentence))


def _figure(text: _Text, code: str, hit: re.Match[str], clause: tuple[int, int]) -> Figure:
    offset = clause[0]
    span = (offset + hit.start(), offset + hit.end())
    if code == "no_review_or_litigation":
        return Figure(code, NO_REVIEW_TEXT, _quote(text, clause, span), text.ref_at(span[0]))
    n_start, n_end = offset + hit.start("n"), offset + hit.end("n")
    printed = text.display[text.at(n_start) : text.at(n_end - 1) + 1].replace(" ", "")
    return Figure(code, printed, _quote(text, clause, span), text.ref_at(n_start))


def narrative_figures(lines: list[Line], codes: tuple[str, ...] = FIGURE_CODES) -> list[Figure]:
    """The first statement of each figure in `codes` found in the narrative `lines`."""
    text = _join(lines)
    folded = text.folded
    wanted = [c for c in codes if c in PATTERNS]
    found: dict[str, Figure] = {}
    for s_start, s_end in _spans(_SENTENCE_END, folded, 0, len(folded)):
        if len(found) == len(wanted):
            break
        sentence = folded[s_start:s_end]
        if "件" not in sentence and "复议" not in sentence:
            continue  # every figure is a count of 件 or a statement about 行政复议
        for c_start, c_end in _spans(_CLAUSE_END, folded, s_start, s_end):
            clause = folded[c_start:c_end]
            if "件" not in clause and "复议" not in clause:
                continue
            before = folded[s_start:c_start]
            for code in wanted:
                if code not in found:
                    hit = _match(code, clause, before, sentence)
                    if hit is not None:
                        found[code] = _figure(text, code, hit, (c_start, c_end))
    return [found[c] for c in wanted if c in found]
