"""What the review site shows, read from the marts of a DuckDB file (read-only).

审阅网站所需的数据：只读打开数据库，只读 marts 模式。Reports are read in batches of whole
reports (by report id), so memory stays bounded whatever the corpus size.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

from xxgk.site.template import CELL_KEY

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")

CellKey = tuple[str, str, str]


def page_id(report_id: str) -> str:
    """A file name for a report's page: the id where it is plain, else a hash of it."""
    if _SAFE_ID.match(report_id):
        return report_id
    return "r" + hashlib.sha256(report_id.encode("utf-8")).hexdigest()[:20]


def rows(
    connection: duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any] | dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    relation = connection.execute(sql, params if params is not None else [])
    names = [column[0] for column in relation.description]
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


INDEX_SQL = """
with rules as (
    select report_id, string_agg(distinct rule_id, ' ' order by rule_id) as rules
    from marts.fct_rule_violations group by report_id
), unchecked as (
    select report_id, string_agg(distinct rule_id, ' ' order by rule_id) as rules
    from marts.fct_rule_checks where status = 'not_checkable' group by report_id
)
select
    quality.report_id, reports.source_file, reports.title_agency, reports.agency_name,
    reports.report_year, reports.province, reports.city, reports.county, reports.agency_level,
    reports.is_registered, quality.extraction_status, quality.status, quality.error_count,
    quality.warning_count, quality.unreadable_cell_count, quality.inferred_cell_count,
    quality.not_checkable_count, rules.rules, unchecked.rules as unchecked_rules,
    cast(null as varchar) as reason_zh, cast(null as varchar) as reason_en
from marts.rpt_report_quality as quality
inner join marts.dim_reports as reports on quality.report_id = reports.report_id
left join rules on quality.report_id = rules.report_id
left join unchecked on quality.report_id = unchecked.report_id
union all
select
    -- a file of its own: two rejected files may share a report id (the same bytes twice)
    'rejected:' || outcomes.source_file,
    outcomes.source_file, null, null, null, null, null, null, null, null,
    outcomes.extraction_status, 'rejected', 0, 0, 0, 0, 0, null, null,
    outcomes.reason_zh, outcomes.reason_en
from marts.fct_extraction_outcomes as outcomes
where outcomes.extraction_status = 'rejected'
    and not exists (
        select 1 from marts.dim_reports as reports where reports.report_id = outcomes.report_id
    )
order by 1, 2
"""


def index_rows(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One row per report (and per rejected file): what the index lists and filters on."""
    return rows(connection, INDEX_SQL)


@dataclass
class CellMark:
    """A rule that a cell breaks (`fail`) or that could not be checked on it."""

    rule_id: str
    kind: str  # fail | not_checkable
    severity: str
    message_zh: str
    message_en: str
    unusable: bool = False  # the cell is why the check could not be run


@dataclass
class ReportDetail:
    """Everything a report's page shows."""

    report_id: str
    cells: dict[CellKey, dict[str, Any]] = field(default_factory=dict)
    violations: list[dict[str, Any]] = field(default_factory=list)
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    narrative: list[dict[str, Any]] = field(default_factory=list)
    marks: dict[CellKey, list[CellMark]] = field(default_factory=dict)
    outcome: dict[str, Any] = field(default_factory=dict)

    def mark(self, key: CellKey, mark: CellMark) -> None:
        existing = self.marks.setdefault(key, [])
        if not any(
            (m.rule_id, m.kind, m.message_zh) == (mark.rule_id, mark.kind, mark.message_zh)
            for m in existing
        ):
            existing.append(mark)


def cell_keys(text: str | None) -> list[CellKey]:
    """The cells of this report a cells text names (not the previous year's, `prev:`)."""
    return [
        (match[2], match[3], match[4]) for match in CELL_KEY.finditer(text or "") if not match[1]
    ]


def _cells_sql(connection: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for table_code, mart, row_key, column_key in connection.execute(
        "select table_code, mart, row_key, column_key from marts.dim_template_tables"
        " order by position"
    ).fetchall():
        for name in (mart, row_key, column_key):
            if not re.match(r"^[a-z][a-z0-9_]*$", name):
                raise ValueError(f"非法标识符 / invalid identifier: {name!r}")
        parts.append(
            f"select report_id, '{table_code}' as table_code, {row_key} as row_code,"
            f" {column_key} as column_code, cell_text, annotation, cell_state, provenance,"
            f" source_ref from marts.{mart} where report_id between $first and $last"
        )
    return " union all ".join(parts)


def report_ranges(connection: duckdb.DuckDBPyConnection, size: int) -> list[tuple[str, str]]:
    """Consecutive ranges of at most `size` report ids (dim_reports, by id)."""
    return [
        (first, last)
        for _, first, last in connection.execute(
            "with numbered as (select report_id, (row_number() over (order by report_id) - 1)"
            " // ? as batch from marts.dim_reports)"
            " select batch, min(report_id), max(report_id) from numbered group by batch"
            " order by batch",
            [size],
        ).fetchall()
    ]


def report_details(
    connection: duckdb.DuckDBPyConnection, first: str, last: str
) -> Iterator[ReportDetail]:
    """The details of the reports whose id is in [first, last], in id order."""
    bounds = {"first": first, "last": last}
    details: dict[str, ReportDetail] = {}

    def detail(report_id: str) -> ReportDetail:
        if report_id not in details:
            details[report_id] = ReportDetail(report_id)
        return details[report_id]

    for (report_id,) in connection.execute(
        "select report_id from marts.dim_reports where report_id between $first and $last"
        " order by report_id",
        bounds,
    ).fetchall():
        detail(report_id)
    relation = connection.execute(_cells_sql(connection), bounds)
    names = [column[0] for column in relation.description]
    while batch := relation.fetchmany(50_000):
        for values in batch:
            cell = dict(zip(names, values, strict=True))
            key = (cell["table_code"], cell["row_code"], cell["column_code"])
            detail(cell["report_id"]).cells[key] = cell
    for group in rows(
        connection,
        # groups the report printed as one row (（六）其他处理): their cells, on the group's row
        "select report_id, table_code, group_code as row_code, column_code, cell_text,"
        " annotation, cell_state, null as provenance, source_ref from marts.fct_reported_groups"
        " where report_id between $first and $last",
        bounds,
    ):
        key = (group["table_code"], group["row_code"], group["column_code"])
        detail(group["report_id"]).cells[key] = group
    for violation in rows(
        connection,
        "select * from marts.fct_rule_violations where report_id between $first and $last"
        " order by report_id, table_code, rule_id, violation_id",
        bounds,
    ):
        target = detail(violation["report_id"])
        target.violations.append(violation)
        keys = cell_keys(violation["cells"])
        if not keys and violation["table_code"] and violation["row_code"]:
            # a rule on a whole row (CELL_GROUPED: `t3:other`): the row's cells as printed
            place = (violation["table_code"], violation["row_code"])
            keys = [key for key in target.cells if key[:2] == place]
        for key in keys:
            target.mark(
                key,
                CellMark(
                    violation["rule_id"],
                    "fail",
                    violation["severity"],
                    violation["message_zh"] or "",
                    violation["message_en"] or "",
                ),
            )
    for check in rows(
        connection,
        "select * from marts.fct_rule_checks where report_id between $first and $last"
        " and status in ('not_checkable', 'not_read') order by report_id, rule_id, check_id",
        bounds,
    ):
        target = detail(check["report_id"])
        target.unchecked.append(check)
        unusable = set(cell_keys(check["unusable_cells"]))
        for key in cell_keys(f"{check['actual_cells']} {check['expected_cells']}"):
            target.mark(
                key,
                CellMark(
                    check["rule_id"],
                    "not_checkable",
                    check["severity"],
                    check["message_zh"] or "",
                    check["message_en"] or "",
                    unusable=key in unusable,
                ),
            )
    for figure in rows(
        connection,
        "select * from marts.fct_narrative_figures where report_id between $first and $last"
        " order by report_id, figure_code",
        bounds,
    ):
        detail(figure["report_id"]).narrative.append(figure)
    for outcome in rows(
        connection,
        "select * from marts.fct_extraction_outcomes where report_id between $first and $last",
        bounds,
    ):
        if outcome["report_id"] in details:
            details[outcome["report_id"]].outcome = outcome
    for report_id in sorted(details):
        yield details[report_id]


def rule_rows(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The catalogue with each rule's counts of violations, reports and unchecked checks."""
    return rows(
        connection,
        """
        with violations as (
            select rule_id, count(*) as violation_count,
                count(distinct report_id) as report_count
            from marts.fct_rule_violations group by rule_id
        ), unchecked as (
            select rule_id, count(*) as not_checkable_count
            from marts.fct_rule_checks where status = 'not_checkable' group by rule_id
        )
        select rules.*, coalesce(violations.violation_count, 0) as violation_count,
            coalesce(violations.report_count, 0) as report_count,
            coalesce(unchecked.not_checkable_count, 0) as not_checkable_count
        from marts.dim_rules as rules
        left join violations on rules.rule_id = violations.rule_id
        left join unchecked on rules.rule_id = unchecked.rule_id
        order by rules.rule_id
        """,
    )


VIOLATION_SQL = """
select violations.*, reports.agency_name, reports.province, reports.city, reports.county,
    reports.agency_level
from marts.fct_rule_violations as violations
inner join marts.dim_reports as reports on violations.report_id = reports.report_id
"""


def rule_violations(
    connection: duckdb.DuckDBPyConnection, rule_id: str, chunk: int
) -> Iterator[list[dict[str, Any]]]:
    """A rule's violations across reports, in chunks (agency, year, report, violation order)."""
    relation = connection.execute(
        VIOLATION_SQL + " where violations.rule_id = ?"
        " order by violations.title_agency, violations.report_year, violations.report_id,"
        " violations.violation_id",
        [rule_id],
    )
    names = [column[0] for column in relation.description]
    while batch := relation.fetchmany(chunk):
        yield [dict(zip(names, values, strict=True)) for values in batch]


COVERAGE_GAPS_SQL = """
select agency_id, agency_name, report_year, agency_level, province, city, county,
    coverage_status, publication_status, publication_deadline, published_on, days_late
from marts.rpt_coverage
where publication_status in ('not_published', 'late')
order by agency_name, agency_id, report_year
"""


def coverage_gaps(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Registered agencies' years with no report, or a report dated after its deadline
    (rpt_coverage): what each superior office chases besides the violations."""
    return rows(connection, COVERAGE_GAPS_SQL)


def all_violations(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every violation with its report's agency and region (the 整改清单)."""
    return rows(
        connection,
        VIOLATION_SQL + " order by violations.report_id, violations.table_code,"
        " violations.rule_id, violations.violation_id",
    )
