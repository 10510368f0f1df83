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
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
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


def _label_source(column: str) -> str:
    return "reports" if column in REPORT_LABEL_COLUMNS else "checked"


@dataclass(frozen=True)
class ReportBatch:
    """Reports whose id is in [first, last] (ids sort as text)."""

    number: int
    first: str
    last: str


# each report of marts.dim_reports with its batch number: consecutive by report id, $size each
_BATCH_OF_REPORT = (
    "select report_id, (row_number() over (order by report_id) - 1) // $size as batch"
    " from marts.dim_reports"
)


def report_batches(connection: duckdb.DuckDBPyConnection, size: int) -> list[ReportBatch]:
    """Consecutive batches of at most `size` reports of marts.dim_reports, by report id."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    return _batches(connection, _BATCH_OF_REPORT, {"size": size})


def _batches(
    connection: duckdb.DuckDBPyConnection, numbered: str, parameters: dict[str, Any]
) -> list[ReportBatch]:
    rows = connection.execute(
        f"select batch, min(report_id), max(report_id) from ({numbered})"
        " group by batch order by batch",
        parameters,
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


class SuiteRows:
    """The rows of one suite's mart (for a rule suite: its rule's checks), cut into batches of
    whole reports (`reports_per_batch` each, consecutive by report id).

    The rows are written first, in one pass over the mart, to Parquet files partitioned by
    batch in `scratch` (DuckDB's `COPY … PARTITION_BY`), and each batch is read from its own
    files. A filter on report id instead reads the whole mart once per batch (report ids are
    hashes, so every row group holds every range): 330 batches of fct_request_handling at
    750,000 reports cost 330 scans of 131 M rows. 先一次写出按批分区的 Parquet 文件，每批只读
    自己的文件。

    A row whose report is not in marts.dim_reports (a COVERAGE_MISSING check: an agency × year
    with no report) goes with the first batch. Use as a context manager: the files are removed
    on exit.
    """

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        suite: dict[str, Any],
        reports_per_batch: int,
        scratch: Path,
    ) -> None:
        if reports_per_batch < 1:
            raise ValueError("batch size must be at least 1")
        self.connection = connection
        self.spec = suite["meta"]["batch"]
        connection.execute(
            f"create or replace temp table xxgk_batch_of as {_BATCH_OF_REPORT}",
            {"size": reports_per_batch},
        )
        self.batches = _batches(connection, "select * from xxgk_batch_of", {})
        rows, parameters = self._rows()
        # the type of every column, the same in every batch
        self.types: dict[str, str] = dict(
            connection.execute(
                f"select column_name, column_type from (describe {rows})", parameters
            ).fetchall()
        )
        self.directory = Path(tempfile.mkdtemp(prefix=f"{suite['name']}-", dir=scratch))
        self._partition()

    def __enter__(self) -> SuiteRows:
        return self

    def __exit__(self, *_: object) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def _columns(self) -> list[tuple[str, str]]:
        """(select expression, name) of every column a frame holds, in order."""
        spec = self.spec
        labels = [
            column for column in spec.get("label_columns", []) if column not in spec["columns"]
        ]
        return [(f"checked.{_identifier(column)}", column) for column in spec["columns"]] + [
            (f"{_label_source(column)}.{_identifier(column)}", column) for column in labels
        ]

    def _rows(self) -> tuple[str, dict[str, Any]]:
        """The query of the suite's rows, with each row's batch number."""
        spec = self.spec
        where, parameters = "true", {}
        if spec["kind"] == "rule_checks":
            where, parameters = "checked.rule_id = $rule_id", {"rule_id": spec["rule_id"]}
        elif spec["kind"] != "mart":
            raise ValueError(f"未知的批次类型 / unknown batch kind: {spec['kind']!r}")
        columns = ", ".join(f"{expression} as {name}" for expression, name in self._columns())
        return (
            f"select {columns}, coalesce(batch_of.batch, 0) as xxgk_batch"
            f" from {_relation(spec['relation'])} as checked"
            " left join marts.dim_reports as reports on checked.report_id = reports.report_id"
            " left join xxgk_batch_of as batch_of on checked.report_id = batch_of.report_id"
            f" where {where}"
        ), parameters

    def _partition(self) -> None:
        rows, parameters = self._rows()
        target = _literal(str(self.directory / "rows"))
        self.connection.execute(
            f"copy ({rows}) to {target} (format parquet, partition_by (xxgk_batch))", parameters
        )

    def frame(self, batch: ReportBatch) -> pd.DataFrame:
        """The batch's rows, ordered by the suite's index columns.

        A text column with few distinct values in the batch (codes, states, report ids,
        agencies) arrives as a pandas categorical: DuckDB hands an ENUM over as codes, where
        plain text becomes one Python string per row (most of the time of reading a batch);
        the categories are sorted, so they order as the text does. 取值少的文本列以分类类型读入。
        """
        files = self.directory / "rows" / f"xxgk_batch={batch.number}"
        names = [name for _, name in self._columns()]
        if files.is_dir():
            source = (
                f"read_parquet({_literal(str(files / '*.parquet'))}, hive_partitioning = false)"
            )
            parameters: dict[str, Any] = {}
        else:
            # no row of this suite in the batch: the same columns, no rows
            rows, parameters = self._rows()
            source = f"({rows} and false)"
        selected = [
            f"{_identifier(name)}::{enum} as {_identifier(name)}" if enum else _identifier(name)
            for name, enum in zip(names, self._enums(source, names, parameters), strict=True)
        ]
        order = ", ".join(_identifier(column) for column in self.spec["index_columns"])
        frame = self.connection.execute(
            f"select {', '.join(selected)} from {source} order by {order}", parameters
        ).df()
        for column in ("expected_value", "actual_value"):
            if column in frame:
                # decimals compare exactly as float64 below 2^53; + 0.0 folds −0.0 for display
                frame[column] = frame[column].astype("float64") + 0.0
        return frame

    def _enums(self, source: str, names: list[str], parameters: dict[str, Any]) -> list[str]:
        """For each column: an ENUM type of its sorted values if it is text with few distinct
        values in the batch, else ''."""
        text = [name for name in names if self.types.get(name) == "VARCHAR"]
        if not text:
            return ["" for _ in names]
        counts = self.connection.execute(
            "select count(*), "
            + ", ".join(f"count(distinct {_identifier(name)})" for name in text)
            + f" from {source}",
            parameters,
        ).fetchone()
        assert counts is not None
        few = [
            name
            for name, distinct in zip(text, counts[1:], strict=True)
            if 0 < distinct <= max(ENUM_MAX_VALUES_PER_ROW * counts[0], 1)
        ]
        values = (
            self.connection.execute(
                "select "
                + ", ".join(
                    f"list(distinct {_identifier(name)}) filter (where {_identifier(name)}"
                    " is not null)"
                    for name in few
                )
                + f" from {source}",
                parameters,
            ).fetchone()
            if few
            else ()
        )
        assert values is not None
        enums = {
            name: "enum(" + ", ".join(_literal(value) for value in sorted(listed)) + ")"
            for name, listed in zip(few, values, strict=True)
        }
        return [enums.get(name, "") for name in names]


# a text column becomes a categorical when it has at most this many distinct values per row
ENUM_MAX_VALUES_PER_ROW = 0.05


def _literal(text: str) -> str:
    """A SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"
