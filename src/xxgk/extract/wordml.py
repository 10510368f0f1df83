"""Word documents → lines, with python-docx — Word 文档解析.

The body is walked in order: paragraphs are text lines; content controls (`w:sdt`) are read
through; a table that holds other tables is layout (a report laid out inside one big table,
its headings in table cells): its cells are walked as blocks, in order; a table without nested
tables is a data table: each row one structured line, one field per cell (merged cells once).
A row with a single non-numeric cell is text (a heading inside a layout table).

python-docx's `Document.iter_inner_content()` yields only the paragraphs and tables that are
direct children of the body: a report whose tables sit in content controls (`w:sdt`), custom XML
or tracked insertions would lose them, hence the walk over the body's XML here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from xxgk.extract.cells import Line, cell_kind

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _local(el: object) -> str:
    tag = getattr(el, "tag", "")
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: object) -> str:
    """The text of a paragraph or cell: every w:t, tabs and breaks as nothing between runs."""
    parts: list[str] = []
    for node in el.iter():  # type: ignore[attr-defined]
        name = _local(node)
        if name == "t" and node.text:
            parts.append(node.text)
        elif name == "tab":
            parts.append(" ")
    return "".join(parts)


@dataclass
class _Walker:
    lines: list[Line] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def block(self, el: object) -> None:
        for child in el:  # type: ignore[attr-defined]
            name = _local(child)
            if name == "p":
                self.paragraphs += 1
                text = _text(child).strip()
                if text:
                    self.lines.append(Line(text, f"paragraph {self.paragraphs}"))
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                self.block(child)

    def table(self, tbl: object) -> None:
        nested = any(
            _local(node) == "tbl" and node is not tbl
            for node in tbl.iter()  # type: ignore[attr-defined]
        )
        rows = [r for r in tbl if _local(r) == "tr"]  # type: ignore[attr-defined]
        if nested:
            for tr in rows:
                for tc in (c for c in tr if _local(c) == "tc"):
                    self.block(tc)
            return
        self.tables += 1
        for r_no, tr in enumerate(rows, start=1):
            fields = [_text(tc).replace("\n", "").strip() for tc in tr if _local(tc) == "tc"]
            filled = [f for f in fields if f]
            ref = f"table {self.tables} row {r_no}"
            if len(filled) == 1 and cell_kind(filled[0]) == "label":
                self.lines.append(Line(filled[0], ref))
                continue
            self.lines.append(Line("|".join(fields), ref, fields, structured=True))


def read_docx_lines(data: bytes) -> list[Line]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ValueError(str(err)) from err
    walker = _Walker()
    walker.block(document.element.body)
    return walker.lines
