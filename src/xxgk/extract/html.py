"""Web pages → lines, with lxml — 网页解析.

Government pages put the report inside the site's template: navigation, sidebars of links
(often to other years' reports), nested layout tables, and sometimes the whole report inside
one big layout `<table>` whose headings sit in table cells. The page is walked in document
order with a real HTML parser:

- `script`, `style`, `nav`, `header`, `footer`, forms and elements whose id or class names
  navigation, menus, breadcrumbs, sidebars or footers are skipped;
- a table that holds other tables is layout: its cells are read as text blocks, in order;
- a table without nested tables is a data table: each `<tr>` is one structured line with one
  field per cell (the text of every nested inline element, `<br>`s joined); a row with a single
  non-numeric cell is text (a heading or a paragraph in a layout table);
- block elements (`p`, `div`, `h1`…, `li`) and `<br>` end a text line; inline elements
  (`span` in `span`, `font`, `a`, `b`) are read whole.

The page's `<title>` is kept apart: it names the agency when the body has no title line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from xxgk.extract.cells import Line, cell_kind

if TYPE_CHECKING:  # lxml itself is imported when a page is read
    from lxml.html import HtmlElement

_DROP = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "form", "select", "iframe",
     "button", "input", "textarea", "head", "object", "embed", "svg"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "section", "article", "center", "blockquote", "pre", "body", "html", "main", "aside",
     "tr", "td", "th", "caption", "hr", "address", "figure", "figcaption"}
)  # fmt: skip
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|sidebar|footer|topbar|share)"
    r"(?:$|[\s_-])",
    re.I,
)
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


@dataclass
class _Walker:
    lines: list[Line] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    tables: int = 0

    def flush(self) -> None:
        """End the text line; line breaks in the source stay line breaks (markdown with HTML
        tables, as PDF converters write it, keeps its lines)."""
        pieces = "".join(self.buffer).split("\n")
        self.buffer = []
        for piece in pieces:
            text = _SPACES.sub(" ", piece).strip()
            if text:
                self.lines.append(Line(text, f"html block {len(self.lines) + 1}"))

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def walk(self, el: HtmlElement) -> None:
        tag = _tag(el)
        if tag is None:  # comment or processing instruction
            self.add(getattr(el, "tail", None))
            return
        if tag in _DROP or _is_chrome(el) or _is_link_list(el, tag):
            self.add(el.tail)
            return
        if tag == "table":
            self.flush()
            self.table(el)
        elif tag == "br":
            self.flush()
        elif tag in _BLOCKS:
            self.flush()
            self.add(el.text)
            for child in el:
                self.walk(child)
            self.flush()
        else:
            self.add(el.text)
            for child in el:
                self.walk(child)
        self.add(el.tail)

    def table(self, table: HtmlElement) -> None:
        rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
        if any(True for _ in table.iter("table") if _ is not table):
            for tr in rows:  # layout: every cell is a block of the page
                for td in _cells(tr):
                    self.flush()
                    self.add(td.text)
                    for child in td:
                        self.walk(child)
                    self.flush()
            return
        self.tables += 1
        for r_no, tr in enumerate(rows, start=1):
            fields = [_cell_text(td) for td in _cells(tr)]
            filled = [f for f in fields if f]
            if len(filled) == 1 and cell_kind(filled[0]) == "label":
                self.lines.append(Line(filled[0], f"table {self.tables} row {r_no}"))
                continue
            if not filled:
                continue
            self.lines.append(
                Line("|".join(fields), f"table {self.tables} row {r_no}", fields, structured=True)
            )


def _tag(el: HtmlElement) -> str | None:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _is_chrome(el: HtmlElement) -> bool:
    """Navigation, menus, breadcrumbs, sidebars, footers (by id or class), or hidden — unless
    the element holds a table (a site that names its content box "nav…" keeps its report)."""
    get = getattr(el, "get", None)
    if get is None:
        return False
    names = f"{get('id') or ''} {get('class') or ''}"
    chrome = bool(names.strip()) and bool(_CHROME.search(names))
    hidden = bool(_HIDDEN.search(get("style") or "")) or get("hidden") is not None
    if not (chrome or hidden):
        return False
    return hidden or el.find(".//table") is None


def _is_link_list(el: HtmlElement, tag: str) -> bool:
    """A list whose every item is a link: navigation or a sidebar (often of other years'
    reports, whose titles must not be taken for this report's)."""
    if tag not in ("ul", "ol"):
        return False
    items = [li for li in el if _tag(li) == "li"]
    if not items:
        return False
    for li in items:
        text = _SPACES.sub("", li.text_content())
        linked = "".join(_SPACES.sub("", a.text_content()) for a in li.iter("a"))
        if not text or text != linked:
            return False
    return True


def _owner(tr: HtmlElement) -> HtmlElement | None:
    parent = tr.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _cells(tr: HtmlElement) -> list[HtmlElement]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _cell_text(td: HtmlElement) -> str:
    """All the text of a cell, nested inline elements included; `<br>` joins the pieces."""
    parts: list[str] = []
    for piece in td.itertext():
        parts.append(piece)
    return _SPACES.sub(" ", "".join(parts)).strip()


def read_html_lines(text: str) -> tuple[list[Line], str]:
    """(lines of the page body, text of <title>)."""
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception:  # lxml raises on empty documents; parse what there is as a fragment
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    # lxml.html parses into HtmlElements (the stubs type find() as the base _Element)
    title_el = cast("HtmlElement | None", root.find(".//title"))
    title = _SPACES.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    walker = _Walker()
    body = root.find(".//body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.lines, title
