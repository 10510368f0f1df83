"""One input file → cells, title and log entry — 单个文件的抽取.

The status is `extracted` (all cells found), `partial` (some missing, listed) or `rejected`
(nothing loaded: empty, binary, undecodable, no tables, 2019 format, duplicate…). Every
problem carries a place (line, page, table row) and a Chinese and an English reason.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.extract.limits import Limits
from xxgk.extract.multiple import several_reports
from xxgk.extract.narrative import Figure, load_figure_codes
from xxgk.extract.results import Placed, TableResult
from xxgk.extract.similarity import narrative_signature
from xxgk.extract.sources import Reading, SourceError, read_source, source_format_of
from xxgk.extract.tables import Sections, extract_tables
from xxgk.extract.template import Template
from xxgk.extract.title import find_title_info, published_on
from xxgk.extract.variants import narrative_of_all, note_groups, read_variants


@dataclass
class FileResult:
    path: Path
    source_file: str
    sha256: str
    status: str = "rejected"
    source_format: str = ""
    layout: str = ""
    title: str = ""
    title_agency: str = ""
    report_year: str = ""
    # (row, column) -> (cell_text, provenance, source_ref); strings interned (many "0")
    cells: dict[str, dict[tuple[str, str], tuple[str, str, str]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    reasons_zh: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    # figures the narrative (一、总体情况) restates, in the order of narrative_figures.csv
    narrative: list[Figure] = field(default_factory=list)
    # where title_agency / report_year came from: title | signature | html_title | file_name |
    # period (year only) | "" (not found; reasons_* say so)
    agency_source: str = ""
    year_source: str = ""
    # "2021" (国办公开办函〔2021〕30号) or "2019" (the trial format, 〔2019〕60号)
    template_version: str = "2021"
    # why a file was rejected, one word for counting per reason: scanned_pdf, no_tables,
    # run_together, no_cells, blank_template, unreadable (empty, binary, undecodable, broken)
    reason_code: str = ""
    # a group of table 三 printed as one row (（六）其他处理): (group code, column) -> cell,
    # its leaf rows are then reported as a group, not missing (`grouped` lists them)
    group_cells: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    grouped: list[str] = field(default_factory=list)
    # the 2019 format's own table 二: (item code, metric code) -> cell (see format2019.py)
    table2_2019: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    missing_2019: list[str] = field(default_factory=list)  # "t2_2019:item×metric"
    # cells read by segmenting digits that run together: "t3:row×col" -> the constraint that
    # made the cut unique (T3_APPLICANT_TOTAL, T4_BLOCK_TOTAL, digit_count); all `inferred`
    segmented: dict[str, str] = field(default_factory=dict)
    # the 落款 date, ISO (title.published_on); "" when the report prints none we can read
    published_on: str = ""
    # MinHash of the words outside the tables (similarity.py); "" when too short or none
    narrative_signature: str = ""

    @property
    def report_id(self) -> str:
        return self.sha256[:16]

    @property
    def cells_read(self) -> int:
        return sum(len(t) for t in self.cells.values())

    def reject(self, zh: str, en: str, place: str = "", code: str = "") -> FileResult:
        self.status = "rejected"
        self.reason_code = code
        self.cells = {}
        self.missing = []
        self.narrative = []
        self.group_cells = {}
        self.grouped = []
        self.table2_2019 = {}
        self.missing_2019 = []
        self.segmented = {}
        self.published_on = ""
        self.narrative_signature = ""
        # the reason for the rejection first, what was noticed before it after
        self.reasons_zh.insert(0, zh)
        self.reasons_en.insert(0, en)
        if place:
            self.places.append(place)
        return self


def _compact(cells: dict[tuple[str, str], Placed]) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {
        key: (sys.intern(p.cell.text), p.provenance, sys.intern(p.cell.ref))
        for key, p in cells.items()
    }


def _score(results: dict[str, TableResult]) -> int:
    return sum(len(r.cells) for r in results.values())


def extract_file(
    path: Path,
    data: bytes,
    template: Template,
    figure_codes: tuple[str, ...] | None = None,
    limits: Limits | None = None,
) -> FileResult:
    """Read one file: its best reading's tables placed on the template, its title, what is
    missing and why, and the figures its narrative restates; or why it is rejected."""
    result = FileResult(path=path, source_file=path.name, sha256=hashlib.sha256(data).hexdigest())
    result.source_format = source_format_of(path)
    try:
        readings = read_source(path, data, limits)
    except SourceError as err:
        return result.reject(err.zh, err.en, code=err.code)
    reading, sections, tables, all_sections = _best_reading(readings, template)
    result.source_format = reading.source_format
    result.layout = reading.layout
    info = find_title_info(reading.lines, reading.title, path.name)
    result.title, result.title_agency, result.report_year = info.title, info.agency, info.year
    result.agency_source, result.year_source = info.agency_source, info.year_source
    if sections.t2 is None and sections.t3 is None and sections.t4 is None:
        if reading.encoding == "big5":
            result.reasons_zh.append("文本按 Big5（繁体）解码，模板的简体标签无从对照")
            result.reasons_en.append(
                "the text decoded as Big5 (traditional characters): the template's simplified "
                "labels do not match it"
            )
        return result.reject(
            "未找到表二、表三、表四的标题（不是 2021 格式的年报表格，或表格缺失）",
            "none of the headings of tables 2, 3 and 4 found "
            "(not a 2021-format report, or no tables)",
            code="no_tables",
        )
    several = several_reports(reading.lines, sections) if sections.t2 and sections.t3 else None
    if several is not None:
        return result.reject(*several, code="several_reports")
    glued, segmentation = read_variants(result, sections, tables, template)
    result.cells = {k: _compact(v.cells) for k, v in tables.items()}
    note_groups(result, tables["t3"], template)
    for table_key in ("t2", "t3", "t4"):
        _note_problems(result, table_key, tables[table_key])
    result.reasons_zh.extend(segmentation.notes_zh)
    result.reasons_en.extend(segmentation.notes_en)
    _list_missing(result, tables, template)
    rejected = _rejected_without_cells(result, glued)
    if rejected is not None:
        return rejected
    result.status = "partial" if result.missing or result.missing_2019 else "extracted"
    codes = load_figure_codes() if figure_codes is None else figure_codes
    result.narrative = narrative_of_all(reading, sections, all_sections, codes)
    _read_date_and_signature(result, reading, sections, all_sections)
    if result.layout == "run_together":
        _note_run_together(result, glued)
    if not result.title:
        result.reasons_zh.append("未找到标题（机关与年度）")
        result.reasons_en.append("title (agency and year) not found")
    if info.reason_zh:
        result.reasons_zh.append(info.reason_zh)
        result.reasons_en.append(info.reason_en)
    return result


def _read_date_and_signature(
    result: FileResult,
    best: Reading,
    sections: Sections,
    all_sections: list[tuple[Reading, Sections]],
) -> None:
    """The 落款 date and the narrative signature, from the reading kept for the tables or,
    where it has none, the first other reading of the same file that has one (a PDF's text
    layer, when its table reading wins)."""
    others = [(reading, found) for reading, found in all_sections if reading is not best]
    for reading, found in ((best, sections), *others):  # the best reading once, first
        if not result.published_on:
            result.published_on = published_on(reading.lines)
        if not result.narrative_signature:
            result.narrative_signature = narrative_signature(found.narrative, found.closing)


def _best_reading(
    readings: list[Reading], template: Template
) -> tuple[Reading, Sections, dict[str, TableResult], list[tuple[Reading, Sections]]]:
    """The reading whose tables place the most cells (the first of equals), with every
    reading's sections (the narrative may stand in another reading)."""
    best: tuple[Reading, Sections, dict[str, TableResult]] | None = None
    all_sections: list[tuple[Reading, Sections]] = []
    for reading in readings:
        found, tables = extract_tables(reading.lines, template)
        all_sections.append((reading, found))
        if best is None or _score(tables) > _score(best[2]):
            best = (reading, found, tables)
    if best is None:
        raise ValueError("read_source returned no reading")
    return (*best, all_sections)


def _note_problems(result: FileResult, table_key: str, table: TableResult) -> None:
    """The table's inferred-cell notes and its problems (more than three: one summary line),
    each with its place."""
    for note_zh, note_en in table.inferred_notes:
        result.reasons_zh.append(note_zh)
        result.reasons_en.append(note_en)
    problems = table.problems
    if len(problems) > 3:
        rows_n = sum(len(p.codes) for p in problems)
        first = problems[0]
        problems = [
            type(first)(
                table_key,
                [c for p in problems for c in p.codes],
                first.ref,
                f"表{'二三四'[int(table_key[1]) - 2]} {rows_n} 行未读，首个问题：{first.zh}",
                f"table {table_key[1]}: {rows_n} rows not read, first problem: {first.en}",
            )
        ]
    for problem in problems:
        place = problem.ref
        if result.layout == "run_together":
            zh = problem.zh + "（数字连写、无分隔符，无唯一切分）"
            en = problem.en + " (digits run together without separators; no unique cut)"
        else:
            zh, en = problem.zh, problem.en
        result.reasons_zh.append(f"{place}：{zh}" if place else zh)
        result.reasons_en.append(f"{place}: {en}" if place else en)
        if place:
            result.places.append(place)


def _list_missing(result: FileResult, tables: dict[str, TableResult], template: Template) -> None:
    """Every template cell not read (a 2019 report's table 二 has codes of its own; the rows of
    a table-三 group printed as one row are not missing)."""
    for table_key in ("t2", "t3", "t4"):
        if table_key == "t2" and result.template_version == "2019":
            continue
        for row in template.rows(table_key):
            for col in row.columns:
                if (row.code, col) not in result.cells[table_key] and not (
                    table_key == "t3" and row.code in tables["t3"].grouped
                ):
                    result.missing.append(f"{table_key}:{row.code}×{col}")


def _rejected_without_cells(result: FileResult, glued: list[str]) -> FileResult | None:
    """The rejection of a file with no cell read, or of the blank template; else None."""
    if result.cells_read == 0 and not result.table2_2019:
        why_zh = "；".join(result.reasons_zh[:3])
        why_en = "; ".join(result.reasons_en[:3])
        if result.layout == "run_together":
            return result.reject(
                f"数字连写、无分隔符，未读出任何单元格（{glued[0]} 起），没有唯一的切分：{why_zh}",
                f"cells run together without separators from {glued[0]}; no cell read, "
                f"no unique cut: {why_en}",
                glued[0],
                code="run_together",
            )
        return result.reject(
            f"未读出任何单元格：{why_zh}", f"no cell read: {why_en}", code="no_cells"
        )
    printed = any(text for table in result.cells.values() for text, _, _ in table.values())
    if not result.title and not printed:
        # The template itself (or a form never filled in): loading it would add a report with
        # no agency, no year and only blanks. 空白模板不是报告。
        return result.reject(
            "没有标题（机关与年度），表格所有单元格均为空：空白模板，不是报告",
            "no title (agency and year) and every cell of the tables empty: "
            "a blank template, not a report",
            code="blank_template",
        )
    return None


def _note_run_together(result: FileResult, glued: list[str]) -> None:
    n_cut = len(result.segmented)
    result.reasons_zh.insert(
        0,
        f"数字连写、无分隔符（{glued[0]} 起）：{n_cut} 格按唯一切分读出（推断，source_ref "
        "注明所用约束），其余行拒绝切分",
    )
    result.reasons_en.insert(
        0,
        f"digits run together without separators (from {glued[0]}): {n_cut} cells read "
        "where one cut only fits (inferred; source_ref names the constraint), the other "
        "rows not segmented",
    )
