"""Layouts beyond the 2021 template's own — 版式变体: the 2019 trial format, digits run
together, groups printed as one row, and narrative figures from every reading of a file.

Called by `report.extract_file`; each function records on the `FileResult` what it read and
why (see the fields of `FileResult`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from xxgk.extract.format2019 import read_table2_2019
from xxgk.extract.glued import GluedReport, segment_glued
from xxgk.extract.narrative import Figure, narrative_figures
from xxgk.extract.results import Placed, TableResult
from xxgk.extract.tables import Sections, glued_digits, is_format_2019
from xxgk.extract.template import Template

if TYPE_CHECKING:
    from xxgk.extract.report import FileResult
    from xxgk.extract.sources import Reading


def compact(cells: dict[tuple[str, str], Placed]) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {
        key: (sys.intern(p.cell.text), p.provenance, sys.intern(p.cell.ref))
        for key, p in cells.items()
    }


def read_variants(
    result: FileResult, sections: Sections, tables: dict[str, TableResult], template: Template
) -> tuple[list[str], GluedReport]:
    """The 2019 format (its own table 二, `template_version`), then digits run together
    (segmented where one cut alone fits, `segmented`). Returns where digits were found glued
    and what segmentation did."""
    section_text = "".join(ln.joined for ln in (sections.t2 or []) + (sections.t3 or []))
    markers = is_format_2019(section_text)
    glued = glued_digits((sections.t2 or []) + (sections.t3 or []) + (sections.t4 or []))
    segmentation = GluedReport()
    if markers:
        result.template_version = "2019"
        table2 = read_table2_2019(sections.t2 or [], bool(glued), segmentation)
        result.table2_2019 = compact(table2.cells)
        result.missing_2019 = table2.missing
        tables["t2"] = TableResult()  # the 2021 table 二 does not exist in this format
        result.reasons_zh.append(
            "2019 试行格式（国办公开办函〔2019〕60号）：表二（"
            + "、".join(markers)
            + "）按 2019 格式的代码另存，表三、表四按 2021 模板代码读取，"
            "（六）其他处理为一行"
        )
        result.reasons_en.append(
            "2019 trial format (国办公开办函〔2019〕60号): table 2 ("
            + ", ".join(markers)
            + ") kept with the 2019 codes; tables 3 and 4 read onto the 2021 codes, "
            "（六）其他处理 being one row"
        )
    read = sum(len(t.cells) for t in tables.values())
    if glued and read < template.cells_expected:
        result.layout = "run_together"
        cut = segment_glued(sections, tables, template, with_t2=result.template_version == "2021")
        segmentation.segmented.update(cut.segmented)
        segmentation.notes_zh.extend(cut.notes_zh)
        segmentation.notes_en.extend(cut.notes_en)
        result.segmented = segmentation.segmented
    return glued, segmentation


def narrative_of_all(
    best: Reading,
    sections: Sections,
    all_sections: list[tuple[Reading, Sections]],
    codes: tuple[str, ...],
) -> list[Figure]:
    """The narrative figures of the reading kept for the tables, completed by those the other
    readings of the same file state (a PDF's text layer, when its table reading wins)."""
    found = {f.code: f for f in narrative_figures(sections.narrative, codes)}
    for other, other_sections in all_sections:
        if other is best or len(found) == len(codes):
            continue
        for figure in narrative_figures(other_sections.narrative, codes):
            found.setdefault(figure.code, figure)
    return [found[c] for c in codes if c in found]


def note_groups(result: FileResult, t3: TableResult, template: Template) -> None:
    """Carry table 三's groups printed as one row onto the result, with a note each."""
    result.group_cells.update(compact(t3.group_cells))
    for group in template.t3_groups:
        leaves = [code for code in t3.grouped if template.t3_parents.get(code) == group.code]
        if not leaves:
            continue
        result.grouped.extend(f"t3:{leaf}×{col}" for leaf in leaves for col in group.columns)
        result.reasons_zh.append(
            f"“{group.label}”印成一行：读作该组的合计（{len(leaves)} 个子项按组报告，不算缺失）"
        )
        result.reasons_en.append(
            f"group {group.code} printed as one row: read as the group's cells "
            f"({len(leaves)} leaf rows reported as a group, not missing)"
        )
