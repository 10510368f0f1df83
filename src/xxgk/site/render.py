"""Render the review site from the marts of a DuckDB file into a directory.

由数据库的 marts 生成静态审阅网站：报告索引（分块加载、客户端筛选）、每份报告一页（表二、三、
四按模板版式，单元格标注状态与规则）、每条规则一页、整改清单（网页与 Excel）。Every page is
plain HTML with relative links and local assets: it opens from the file system with no server and
no network. Every text from a report goes through Jinja2's autoescape; data embedded in scripts is
JSON with `<`, `>`, `&` and the line separators escaped.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from xxgk.site import data
from xxgk.site.layout import grid_html, report_grids
from xxgk.site.rectify import RectifyGroup, groups, superior_office, write_workbooks
from xxgk.site.template import Template, load_template

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
MARKER = ".xxgk_site"

INDEX_CHUNK = 2_000  # index rows per data file
RULE_PAGE_ROWS = 500  # violations per page of a rule
REPORT_BATCH = 500  # reports read from the database at a time

STATUS_LABELS = {
    "fail": ("不通过", "fail"),
    "incomplete": ("不完整", "incomplete"),
    # the extractor did not read some cells: the project's problem, never sent back
    "not_read": ("未读全", "not fully read"),
    "rejected": ("拒绝", "rejected"),
    "warn": ("警告", "warn"),
    "pass": ("通过", "pass"),
}
STATUS_ORDER = {status: index for index, status in enumerate(STATUS_LABELS)}
LEVEL_LABELS = {
    "province": ("省级", "province"),
    "prefecture": ("地市级", "prefecture"),
    "county": ("县级", "county"),
    "township": ("乡镇（街道）", "township"),
    "department": ("部门", "department"),
}
SEVERITY_LABELS = {"error": ("错误", "error"), "warning": ("警告", "warning")}
EXTRACTION_LABELS = {
    "extracted": ("已抽取", "extracted"),
    "partial": ("部分抽取", "partly extracted"),
    "rejected": ("拒绝", "rejected"),
}
INDEX_FIELDS = (
    "page",
    "agency",
    "year",
    "province",
    "city",
    "county",
    "level",
    "status",
    "errors",
    "warnings",
    "unreadable",
    "inferred",
    "unchecked",
    "rules",
    "unchecked_rules",
    "file",
    "reason_zh",
    "reason_en",
)


def script_json(value: Any) -> Markup:
    """JSON safe inside a <script> element or a .js file: no `</script>`, no HTML comment or
    CDATA opener, no line separators that end a JavaScript string."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def number(value: Any) -> str:
    """A decimal from the marts as people write it: 602, 22302.6396 (blank for NULL)."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    env.filters["number"] = number
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        LEVEL_LABELS=LEVEL_LABELS,
        SEVERITY_LABELS=SEVERITY_LABELS,
        EXTRACTION_LABELS=EXTRACTION_LABELS,
        page_id=data.page_id,
        grid_html=grid_html,
    )
    return env


@dataclass
class SiteSummary:
    """What was written, for the command's closing lines and the benchmark."""

    reports: int = 0
    rejected: int = 0
    pages: int = 0
    workbooks: int = 0
    seconds: float = 0.0
    by_status: Counter[str] = field(default_factory=Counter)


def _region(row: dict[str, Any]) -> str:
    return "".join(part for part in (row["province"], row["city"], row["county"]) if part)


def _index_entry(row: dict[str, Any]) -> list[Any]:
    status = row["status"]
    return [
        data.page_id(row["report_id"]),
        row["title_agency"] or row["agency_name"] or "",
        row["report_year"],
        row["province"] or "",
        row["city"] or "",
        row["county"] or "",
        row["agency_level"] or "",
        status,
        row["error_count"] or 0,
        row["warning_count"] or 0,
        row["unreadable_cell_count"] or 0,
        row["inferred_cell_count"] or 0,
        row["not_checkable_count"] or 0,
        row["rules"] or "",
        row["unchecked_rules"] or "",
        row["source_file"] or "",
        row["reason_zh"] or "",
        row["reason_en"] or "",
    ]


class SiteWriter:
    """Writes every page of the site into `out` (a fresh directory)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, out: Path) -> None:
        self.connection = connection
        self.out = out
        self.env = environment()
        self.template: Template = load_template(connection)
        self.summary = SiteSummary()
        self.rules = data.rule_rows(connection)
        self.rule_ids = {rule["rule_id"] for rule in self.rules}

    def _write(self, relative: str, template: str, **context: Any) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        depth = relative.count("/")
        html = self.env.get_template(template).render(
            root="../" * depth or "./",
            tpl=self.template,
            generated=self.generated,
            **context,
        )
        path.write_text(html, encoding="utf-8")
        self.summary.pages += 1

    def write(self) -> SiteSummary:
        started = time.perf_counter()
        self.generated = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / MARKER).write_text(
            "Generated by xxgk site; replaced as a whole on every build.\n", encoding="utf-8"
        )
        shutil.copytree(STATIC, self.out / "static")
        index = data.index_rows(self.connection)
        self._write_index(index)
        self._write_reports(index)
        self._write_rules()
        self._write_rectify()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _write_index(self, index: list[dict[str, Any]]) -> None:
        index.sort(
            key=lambda row: (
                STATUS_ORDER.get(row["status"], 9),
                row["title_agency"] or row["source_file"] or "",
                row["report_year"] or 0,
                row["report_id"],
            )
        )
        counts = Counter(row["status"] for row in index)
        self.summary.by_status = counts
        self.summary.reports = sum(1 for row in index if row["status"] != "rejected")
        self.summary.rejected = counts.get("rejected", 0)
        entries = [_index_entry(row) for row in index]
        chunks = [entries[i : i + INDEX_CHUNK] for i in range(0, len(entries), INDEX_CHUNK)]
        (self.out / "data").mkdir(exist_ok=True)
        for number, chunk in enumerate(chunks):
            (self.out / "data" / f"reports-{number:04d}.js").write_text(
                f"XXGK.addReports({number},{script_json(chunk)});\n", encoding="utf-8"
            )
        levels = {row["agency_level"] for row in index}
        facets = {
            "province": sorted({row["province"] for row in index if row["province"]}),
            "city": sorted({(row["province"] or "", row["city"]) for row in index if row["city"]}),
            "level": [level for level in LEVEL_LABELS if level in levels],
            "year": sorted({row["report_year"] for row in index if row["report_year"]}),
            "status": [status for status in STATUS_LABELS if counts.get(status)],
        }
        meta = {
            "fields": INDEX_FIELDS,
            "chunks": len(chunks),
            "total": len(entries),
            "counts": counts,
            "facets": facets,
            "rules": [
                [rule["rule_id"], rule["description_zh"], rule["description_en"]]
                for rule in self.rules
            ],
            "status_labels": STATUS_LABELS,
            "level_labels": LEVEL_LABELS,
        }
        (self.out / "data" / "meta.js").write_text(
            f"XXGK.setMeta({script_json(meta)});\n", encoding="utf-8"
        )
        self._write(
            "index.html",
            "index.html.j2",
            counts=counts,
            total=len(entries),
            first=index[:50],
            chunks=len(chunks),
            rules=self.rules,
        )
        for row in index:
            if row["status"] == "rejected":
                self._write(
                    f"reports/{data.page_id(row['report_id'])}.html", "rejected.html.j2", row=row
                )

    def _write_reports(self, index: list[dict[str, Any]]) -> None:
        rows = {row["report_id"]: row for row in index if row["status"] != "rejected"}
        for first, last in data.report_ranges(self.connection, REPORT_BATCH):
            for detail in data.report_details(self.connection, first, last):
                row = rows[detail.report_id]
                self._write(
                    f"reports/{data.page_id(detail.report_id)}.html",
                    "report.html.j2",
                    row=row,
                    region=_region(row),
                    detail=detail,
                    grids=report_grids(self.template.tables, detail),
                    office=superior_office(row),
                )

    def _write_rules(self) -> None:
        self._write("rules/index.html", "rules.html.j2", rules=self.rules)
        for rule in self.rules:
            pages = list(data.rule_violations(self.connection, rule["rule_id"], RULE_PAGE_ROWS))
            for number, violations in enumerate(pages or [[]], start=1):
                name = rule["rule_id"] if number == 1 else f"{rule['rule_id']}-{number}"
                self._write(
                    f"rules/{name}.html",
                    "rule.html.j2",
                    rule=rule,
                    violations=violations,
                    page=number,
                    pages=max(len(pages), 1),
                    offset=(number - 1) * RULE_PAGE_ROWS,
                )

    def _write_rectify(self) -> None:
        all_groups = groups(
            data.all_violations(self.connection),
            self.template,
            data.coverage_gaps(self.connection),
        )
        self.summary.workbooks += len(write_workbooks(self.out / "rectify", all_groups))
        self._write("rectify/index.html", "rectify_index.html.j2", groups=all_groups)
        for group in all_groups:
            self._write(f"rectify/{group.page_name}", "rectify.html.j2", group=group)


def render_site(database: Path, out: Path) -> SiteSummary:
    """Write the site for the marts of `database` (opened read-only) into the new directory
    `out`."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return SiteWriter(connection, out).write()


def rectify_groups(database: Path) -> list[RectifyGroup]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return groups(
            data.all_violations(connection),
            load_template(connection),
            data.coverage_gaps(connection),
        )
