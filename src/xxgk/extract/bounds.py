"""Bounded fields in the raw files — 原始文件字段长度上限.

DuckDB reads the raw CSVs with a line limit (2,000,000 bytes by default): one cell printed with
a note of a million characters, or a title line as long, would make the whole corpus
unreadable. So no field written is longer than its bound: a cell whose text is longer is not
written — it is reported missing, with the reason (the models then report it, CELL_COMPLETE);
a title that long is not a title (the agency and year are then reported not identified);
a reason is cut with a mark that says so. Real cells are a few dozen characters, titles under
a hundred.
单元格文字超过上限则不写入并注明原因（按缺失报告）；超长标题不作标题；原因文字截断并注明。
"""

from __future__ import annotations

from xxgk.extract.report import FileResult

MAX_CELL_CHARS = 1_000
MAX_TITLE_CHARS = 1_000
MAX_REASON_CHARS = 2_000


def _cut(text: str) -> str:
    if len(text) <= MAX_REASON_CHARS:
        return text
    return f"{text[:MAX_REASON_CHARS]}…（截断，原 {len(text)} 字 / cut, {len(text)} characters）"


def bound_fields(result: FileResult) -> FileResult:
    """`result` with every field within its bound (changed in place), each change said."""
    for table, cells in result.cells.items():
        for (row, column), (text, _, ref) in list(cells.items()):
            if len(text) <= MAX_CELL_CHARS:
                continue
            del cells[(row, column)]
            result.missing.append(f"{table}:{row}×{column}")
            result.reasons_zh.append(
                f"{ref}：单元格 {table}:{row}×{column} 的文字长 {len(text)} 字，超过 "
                f"{MAX_CELL_CHARS} 字，未写入（按缺失报告）"
            )
            result.reasons_en.append(
                f"{ref}: cell {table}:{row}×{column} has {len(text)} characters, over "
                f"{MAX_CELL_CHARS}: not written (reported missing)"
            )
            if result.status == "extracted":
                result.status = "partial"
    if len(result.title) > MAX_TITLE_CHARS:
        result.reasons_zh.append(
            f"标题行长 {len(result.title)} 字，超过 {MAX_TITLE_CHARS} 字，"
            "不作标题（机关与年度未识别）"
        )
        result.reasons_en.append(
            f"the title line has {len(result.title)} characters, over {MAX_TITLE_CHARS}: not "
            "taken as a title (agency and year not identified)"
        )
        result.title = result.title_agency = result.report_year = ""
    result.title_agency = result.title_agency[:MAX_TITLE_CHARS]
    result.reasons_zh = [_cut(r) for r in result.reasons_zh]
    result.reasons_en = [_cut(r) for r in result.reasons_en]
    return result
