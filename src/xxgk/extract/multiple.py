"""Files that hold more than one report — 一个文件含多份报告.

A report's tables come in one order: 二 (主动公开), 三 (收到和处理申请), 四 (复议、诉讼). A file in
which, after table 四's heading, the headings of tables 二 and 三 come again holds a second
report (reports pasted one after another, a web page listing two years). Reading only the first
would lose the second without a word, so such a file is rejected with the places where each
report's tables begin: split it into one file per report.
表二、三、四的标题在表四之后再次依次出现，即文件含多份报告：整份拒绝并指明各份报告表格的位置。
"""

from __future__ import annotations

from xxgk.extract.cells import Line
from xxgk.extract.tables import _STRICT, Sections, _heading_index, prepare_lines


def report_starts(lines: list[Line], sections: Sections | None = None) -> list[str]:
    """Where each report's table 二 begins (its heading's place), one entry per report found;
    one entry or none for a file with one report. `sections`: what `find_sections` found in
    these lines, whose prepared lines and strict headings are the first report's (not found
    again)."""
    prepared = sections.lines if sections is not None else prepare_lines(lines)
    starts: list[str] = []
    offset = 0
    while offset < len(prepared):
        if offset == 0 and sections is not None:
            found = sections.strict_index
        else:
            found = _heading_index(prepared[offset:], _STRICT)
        if "t2" not in found or "t3" not in found or found["t3"] < found["t2"]:
            break
        starts.append(prepared[offset + found["t2"]].ref)
        if "t4" not in found:
            break
        offset += found["t4"] + 1
    return starts


def several_reports(lines: list[Line], sections: Sections | None = None) -> tuple[str, str] | None:
    """The rejection reason (zh, en) for a file holding several reports, else None
    (`sections`: as for `report_starts`)."""
    starts = report_starts(lines, sections)
    if len(starts) < 2:
        return None
    places = "、".join(starts)
    return (
        f"文件含 {len(starts)} 份报告（表二依次始于 {places}），只读一份会丢失其余，"
        "整份不读：请拆分为每份报告一个文件",
        f"the file holds {len(starts)} reports (their table 2 begins at {', '.join(starts)}); "
        "reading one would lose the others, so none is read: split it into one file per report",
    )
