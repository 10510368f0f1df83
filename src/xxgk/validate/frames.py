"""The pandas frames the suites validate: a mart's rows for one batch of reports.

用 duckdb Python API 分批读出数据集市（每批若干份报告）交给 GX。GX's SQL datasource over
duckdb-engine returns empty result sets (every expectation then raises instead of evaluating),
so GX only ever sees in-memory pandas frames — one batch of reports at a time, with only the
columns the suite's expectations use, so memory stays bounded whatever the corpus size.

Every suite names its mart (`meta.batch.relation`), the columns it reads and, for a rule suite,
its rule; nothing here computes a rule: the marts hold the results of the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_RELATION = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"非法标识符 / invalid identifier: {name!r}")
    return name


def _relation(name: str) -> str:
    if not _RELATION.match(name):
        raise ValueError(f"非法关系名 / invalid relation name: {name!r}")
    return name


# label columns a suite may name that come from marts.dim_reports (the others from its mart):
# they make a failed row readable — which agency, which year — in the results and Data Docs
REPORT_LABEL_COLUMNS = ("title_agency", "report_year")


@dataclass(frozen=True)
class ReportBatch:
    """Reports whose id is in [first, last] (ids sort as text)."""

    number: int
    first: str
    last: str


def report_batches(connection: duckdb.DuckDBPyConnection, size: int) -> list[ReportBatch]:
    """Consecutive batches of at most `size` reports of marts.dim_reports, by report id."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    rows = connection.execute(
        """
        with numbered as (
            select report_id, (row_number() over (order by report_id) - 1) // ? as batch
            from marts.dim_reports
        )
        select batch, min(report_id), max(report_id) from numbered group by batch order by batch
        """,
        [size],
    ).fetchall()
    if not rows:
        # no report at all: one empty batch, so every expectation still evaluates
        return [ReportBatch(0, "", "")]
    return [ReportBatch(int(number), first, last) for number, first, last in rows]


def suite_rows(connection: duckdb.DuckDBPyConnection, suite: dict[str, Any]) -> int:
    """How many rows the suite validates in all (its mart, or its rule's checks)."""
    spec = suite["meta"]["batch"]
    sql = f"select count(*) from {_relation(spec['relation'])}"
    parameters: list[Any] = []
    if spec["kind"] == "rule_checks":
        sql += " where rule_id = ?"
        parameters.append(spec["rule_id"])
    row = connection.execute(sql, parameters).fetchone()
    return int(row[0]) if row else 0


def reports_per_batch(
    connection: duckdb.DuckDBPyConnection, suite: dict[str, Any], batch_rows: int
) -> int:
    """Reports per batch so that a batch of this suite holds about `batch_rows` rows."""
    row = connection.sql("select count(*) from marts.dim_reports").fetchone()
    reports = int(row[0]) if row else 0
    rows_per_report = max(1, -(-suite_rows(connection, suite) // max(reports, 1)))
    return max(1, batch_rows // rows_per_report)


def suite_frame(
    connection: duckdb.DuckDBPyConnection, suite: dict[str, Any], batch: ReportBatch
) -> pd.DataFrame:
    """The rows of the suite's mart for one batch of reports, ordered by its index columns."""
    spec = suite["meta"]["batch"]
    labels = [column for column in spec.get("label_columns", []) if column not in spec["columns"]]
    columns = ", ".join(
        [f"checked.{_identifier(column)}" for column in spec["columns"]]
        + [
            f"{'reports' if column in REPORT_LABEL_COLUMNS else 'checked'}.{_identifier(column)}"
            for column in labels
        ]
    )
    order = ", ".join(f"checked.{_identifier(column)}" for column in spec["index_columns"])
    conditions = ["checked.report_id between $first and $last"]
    parameters: dict[str, Any] = {"first": batch.first, "last": batch.last}
    if spec["kind"] == "rule_checks":
        if batch.number == 0:
            # checks that belong to no report (COVERAGE_MISSING: an agency × year) go with the
            # first batch
            conditions = [
                "(checked.report_id between $first and $last or checked.report_id is null)"
            ]
        conditions.append("checked.rule_id = $rule_id")
        parameters["rule_id"] = spec["rule_id"]
    elif spec["kind"] != "mart":
        raise ValueError(f"未知的批次类型 / unknown batch kind: {spec['kind']!r}")
    frame = connection.execute(
        f"select {columns} from {_relation(spec['relation'])} as checked"
        " left join marts.dim_reports as reports on checked.report_id = reports.report_id"
        f" where {' and '.join(conditions)} order by {order}",
        parameters,
    ).df()
    for column in ("expected_value", "actual_value"):
        if column in frame:
            # decimals compare exactly as float64 below 2^53; + 0.0 folds −0.0 for display
            frame[column] = frame[column].astype("float64") + 0.0
    return frame
