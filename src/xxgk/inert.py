"""Text from reports and file names, made inert for the terminal — 终端显示的惰性文本.

Agency names, cell texts and file names come from outside and are data wherever they go: on
the console they are never read as Rich markup (`[/yellow]`, `[bold red]x.txt`) or emoji codes
(`:warning:`), and control characters — terminal escape sequences (`\\x1b[2J`), carriage
returns, C1 controls, bidirectional overrides (`\\u202e`) — are shown escaped, never sent.
报告与文件名中的文字在终端中原样显示：不解释 Rich 标记，控制字符与双向覆盖字符转义显示。
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls (tab and line feed kept), DEL, C1 controls, and the Unicode format characters
# that reorder or hide text: bidi embeddings, overrides and isolates, line/paragraph separators
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def escaped(value: object) -> str:
    """The text with every control character written as an escape (`\\x1b`, `\\u202e`)."""

    def one(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(one, str(value))


def plain(value: object, style: str = "") -> Text:
    """Data (it may come from reports) as inert Rich text: no markup, no emoji codes, no
    terminal control characters. 报告中的文字原样显示，不解释标记或控制字符。"""
    return Text(escaped(value), style=style)


# what a spreadsheet reads as the start of a formula (OWASP's list: = + - @, tab, CR)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell of a CSV meant to be opened in a spreadsheet, neutralised: one that a
    spreadsheet would run as a formula (`=cmd|'/Ccalc'!A0`) gets a leading apostrophe, which
    spreadsheets show as text. The registry's staging model removes exactly that apostrophe
    again (`stg_registry__agencies`), so rows copied back into the registry match the reports.
    电子表格中可能被当作公式执行的单元格前加单引号；登记表的 staging 模型去掉该单引号。"""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
