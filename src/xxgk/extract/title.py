"""The report's agency and year — 机关名称与年度.

Taken, in this order, from:

1. `title`: the title line (`XX2023年政府信息公开工作年度报告`, possibly over two or three
   lines, possibly wrapped in a notice `XX关于印发YY2023年…年度报告的通知`, whose report is
   YY's) — a line that *starts* with the title, never a title-like phrase inside a sentence;
2. `signature`: the 落款 at the end, an agency line above the date (agency only: the date is the
   publication date, not the year reported on);
3. `html_title`: the page's `<title>` (site names after `_` or `-` cut off);
4. `file_name`: the file name, when it holds a title.

The year, where the title does not give it, is taken from the statistics period the report
states (`统计期限为2023年1月1日至2023年12月31日`: `period`), then the `<title>`, then the file
name. A candidate agency must look like a name: no sentence punctuation, no verbs of the
narrative (根据, 关于, 印发 …), 2–40 characters. Where no source gives a name, the agency is left
blank with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from xxgk.extract.cells import Line

_NOT_TITLE = frozenset({"正文", "目录", "附件", "文字版", "全文"})
_TITLE = re.compile(
    r"^(?P<before>[^\s:：]*?)(?P<year>(?:19|20)\d{2})\s*年度?(?P<after>.*?)"
    r"政府信息公开(?:工作)?年度?报告"
)
# the year after the title: "XX区人民政府政府信息公开工作年度报告（2023年度）"
_TITLE_YEAR_AFTER = re.compile(
    r"^(?P<before>[^\s:：]*?)政府信息公开(?:工作)?年度?报告[（(](?P<year>(?:19|20)\d{2})\s*年?度?[）)]"
)
_NOTICE = re.compile(r"关于(?:印发|公布|发布|公开)?(?P<inner>.*)$")
_NOT_NAME = re.compile(
    r"[，。；;,、：:！？!?《》“”\">»|/]|首页|根据|关于|印发|以及|有关|本报告|本年度|编制|工作制度|"
    r"条例|规定|通知|要求|统计期|期限"
)
_PERIOD = re.compile(
    r"统计(?:期限|期间|时限|时间|区间)[^。；]{0,8}?(?P<year>(?:19|20)\d{2})年\s*1\s*月\s*1\s*日"
    r"[^。；]{0,6}?(?:至|到|-|—|～|~)[^。；]{0,4}?(?:(?P=year)年)?\s*12\s*月\s*31\s*日"
)
_DATE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
# the 落款 date as a line of its own, in the three ways reports print it (whitespace removed,
# full-width digits folded): 2024年1月20日, 2024-01-20 (also 2024.1.20, 2024/1/20),
# 二〇二四年一月二十日
_PUBLISHED = re.compile(
    r"^(?:(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"|(?P<iy>(?:19|20)\d{2})(?P<sep>[-./])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})"
    r"|(?P<cy>[〇○零一二三四五六七八九]{4})年(?P<cm>[一二三四五六七八九十]{1,2})月"
    r"(?P<cd>[一二三四五六七八九十]{1,3})日)$"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_AGENCY_END = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|办事处|街道|镇|乡|厅|院|中心|管委会|部|署|所|队|站|馆|处|"
    r"公司|集团|会|区|县|市|省)$"
)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－．／", "0123456789-./")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]*$")


@dataclass(frozen=True)
class TitleInfo:
    title: str
    agency: str
    year: str
    agency_source: str  # title | signature | html_title | file_name | "" (none)
    year_source: str  # title | period | html_title | file_name | ""
    reason_zh: str = ""
    reason_en: str = ""


_TITLE_MARK = re.compile(r"^(#+|标题[:：])")


def _head_lines(lines: list[Line], limit: int = 40) -> list[str]:
    # str.split() splits on exactly the characters `\s` matches
    head = ["".join(ln.joined.split()) for ln in lines[:limit] if ln.joined.strip()]
    head = [_TITLE_MARK.sub("", h) for h in head]
    return [h for h in head if h and h not in _NOT_TITLE]


def _name(text: str) -> str:
    """The agency in a title's `before`/`after` part, or "" when it is no name."""
    text = text.strip('“”"《》()（）【】[]')
    notice = _NOTICE.search(text)
    if notice:
        text = notice.group("inner")
    if not 2 <= len(text) <= 40 or _NOT_NAME.search(text):
        return ""
    if text.endswith("人民"):  # "XX区人民政府信息公开工作年度报告": the 政府 is the title's
        text += "政府"
    return text


def _match_title(text: str) -> tuple[str, str, str] | None:
    match = _TITLE.match(text) or _TITLE_YEAR_AFTER.match(text)
    if not match or len(match.group(0)) > 60:
        return None
    before = match.group("before")
    after = match.group("after") if "after" in match.groupdict() else ""
    notice = _NOTICE.search(before)
    agency = _name(notice.group("inner") if notice else before) if before else ""
    if not agency and not before:
        agency = _name(after)
    if before and not agency and not notice:
        return None  # a sentence that happens to contain a title-like phrase
    return match.group(0), agency, match.group("year")


def title_line(lines: list[Line]) -> tuple[str, str, str]:
    """(title, agency, year) from a line that starts with the title, joined over up to three
    lines; ("", "", "") when there is none."""
    head = _head_lines(lines)
    for i in range(len(head)):
        for span in (1, 2, 3):
            found = _match_title("".join(head[i : i + span]))
            if found:
                return found
    return "", "", ""


def signature(lines: list[Line]) -> str:
    """The agency of the 落款: a name line right above a date line among the last lines."""
    tail = ["".join(ln.joined.split()) for ln in lines[-15:] if ln.joined.strip()]
    for i in range(len(tail) - 1, 0, -1):
        if _DATE.match(tail[i]):
            candidate = tail[i - 1]
            if _AGENCY_END.search(candidate) and _name(candidate):
                return candidate
            return ""
    return ""


def _chinese_number(text: str) -> int:
    """一 … 九, 十, 十一 … 十九, 二十 … 三十一 (the months and days of a date)."""
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return -1
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def published_on(lines: list[Line]) -> str:
    """The date of the 落款, ISO (`2024-01-20`): the last line among the report's last 15 that
    is a date and nothing else — below the agency line, before page numbers or a footer. ""
    when there is none or it is no calendar date (never a date taken from a sentence)."""
    tail = ["".join(ln.joined.split()) for ln in lines[-15:] if ln.joined.strip()]
    for text in reversed(tail):
        found = _PUBLISHED.match(text.translate(_FULL_WIDTH_DIGITS))
        if not found:
            continue
        if found.group("cy"):
            year = int("".join(str(_CN_DIGITS[c]) for c in found.group("cy")))
            month, day = _chinese_number(found.group("cm")), _chinese_number(found.group("cd"))
        else:
            year, month, day = (
                int(found.group(k) or found.group("i" + k)) for k in ("y", "m", "d")
            )
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return ""
    return ""


def period_year(lines: list[Line]) -> str:
    text = re.sub(r"\s+", "", "".join(ln.joined for ln in lines[:80]))
    found = _PERIOD.search(text)
    return found.group("year") if found else ""


def from_text(text: str, year_alone: bool = False) -> tuple[str, str]:
    """(agency, year) of a `<title>` or a file name holding a report title; with `year_alone`
    (file names) a single standalone year is taken when no title is there."""
    text = re.sub(r"\s+", "", text)
    for piece in (text, *re.split(r"[_|｜—–]+|-+", text)):
        found = _match_title(piece)
        if found:
            return found[1], found[2]
    if year_alone:
        years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text))
        if len(years) == 1:
            return "", years.pop()
    return "", ""


def find_title_info(lines: list[Line], html_title: str = "", file_name: str = "") -> TitleInfo:
    title, agency, year = title_line(lines)
    agency_source = "title" if agency else ""
    year_source = "title" if year else ""
    if not agency:
        agency = signature(lines)
        agency_source = "signature" if agency else ""
    if not year:
        year = period_year(lines)
        year_source = "period" if year else ""
    for source, text in (("html_title", html_title), ("file_name", file_name)):
        if agency and year:
            break
        if not text:
            continue
        got_agency, got_year = from_text(text, year_alone=source == "file_name")
        if not agency and got_agency:
            agency, agency_source = got_agency, source
        if not year and got_year:
            year, year_source = got_year, source
    zh = en = ""
    if not agency:
        zh = "未找到机关名称（标题、落款、网页标题、文件名均未给出），留空"
        en = (
            "agency not found (neither the title, the signature, the page title nor the file "
            "name gives it): left blank"
        )
    return TitleInfo(title, agency, year, agency_source, year_source, zh, en)
