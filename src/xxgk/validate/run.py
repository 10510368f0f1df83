"""Run the committed suites against the marts with GX's pandas datasource.

用 GX 的 pandas 数据源运行已提交的期望套件：生成 Data Docs 静态网站，并把结果写入 DuckDB 的
audit.gx_results（每次运行、每条期望一行）。Each suite is validated over its mart in batches of
reports (frames.py); the batches' results are merged into one outcome per expectation (success
when every batch succeeded, counts added up, the first offending rows kept).
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import tempfile
import typing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from xxgk.project import DEFAULT_BATCH_ROWS, UsageError, validate_duckdb_config
from xxgk.site.offline_docs import make_offline
from xxgk.validate.frames import SuiteRows, reports_per_batch
from xxgk.validate.suites import drift, generate_suites, load_suites

DOCS_SITE = "xxgk"
DOCS_MARKER = ".xxgk_gx_docs"
UNEXPECTED_ROWS_KEPT = 50


@dataclass
class ExpectationOutcome:
    """One expectation's result, flattened for audit.gx_results."""

    run_time: datetime
    run_id: str
    suite: str
    data_asset: str
    expectation_type: str
    column_name: str | None
    kwargs: str
    rule_id: str | None
    severity: str
    success: bool
    observed_value: str | None
    unexpected_count: int | None
    missing_count: int | None
    element_count: int | None
    unexpected_rows: str | None
    exception_text: str | None
    # GX's whole result, kept in memory only (not a column of audit.gx_results)
    result: dict[str, Any] = field(repr=False, default_factory=dict, metadata={"audit": False})

    @property
    def evaluated(self) -> bool:
        """GX computed something: no exception and a non-empty result."""
        return self.exception_text is None and bool(self.result)

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in AUDIT_COLUMNS)


_SQL_TYPES: dict[type, str] = {
    datetime: "timestamp with time zone",
    str: "varchar",
    bool: "boolean",
    int: "bigint",
}


def _audit_columns() -> tuple[tuple[str, str], ...]:
    """(name, SQL type) of audit.gx_results: the fields of ExpectationOutcome, in order."""
    hints = typing.get_type_hints(ExpectationOutcome)
    columns: list[tuple[str, str]] = []
    for item in dataclasses.fields(ExpectationOutcome):
        if not item.metadata.get("audit", True):
            continue
        kinds = [kind for kind in typing.get_args(hints[item.name]) if kind is not type(None)]
        columns.append((item.name, _SQL_TYPES[kinds[0] if kinds else hints[item.name]]))
    return tuple(columns)


AUDIT_COLUMNS = tuple(name for name, _ in _audit_columns())
AUDIT_DDL = (
    "create schema if not exists audit;\ncreate table if not exists audit.gx_results (\n"
    + ",\n".join(f"    {name} {sql_type}" for name, sql_type in _audit_columns())
    + "\n);\n"
)


@dataclass
class ValidationRun:
    run_id: str
    run_time: datetime
    outcomes: list[ExpectationOutcome]
    docs_index: Path
    drifted_suites: list[str]

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    @property
    def failed_errors(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.failed if outcome.severity == "error"]

    @property
    def fails_strict(self) -> bool:
        """What fails strict mode: an error-severity expectation failed or was not evaluated."""
        return bool(self.failed_errors or any(not outcome.evaluated for outcome in self.outcomes))


def _exception_text(exception_info: Any) -> str | None:
    """GX reports exceptions either flat or keyed by metric; collect any that were raised."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    messages = [
        str(info.get("exception_message") or info.get("exception_traceback") or "exception")
        for info in infos
        if isinstance(info, dict) and info.get("raised_exception")
    ]
    return "\n".join(messages) or None


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _plain(value: Any) -> Any:
    """numpy scalars (GX hands back frame values) as Python numbers, anything else as text."""
    return value.item() if hasattr(value, "item") else str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain, sort_keys=True)


def _domain_columns(kwargs: dict[str, Any]) -> list[str]:
    """The columns an expectation reads: one column, a pair, or a column list."""
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list", []))


def _offending_rows(
    suite: dict[str, Any], kwargs: dict[str, Any], body: dict[str, Any], frame: pd.DataFrame
) -> list[dict[str, Any]]:
    """The first offending rows of a batch, named by the suite's label and key columns.

    GX (result format SUMMARY) hands back the frame positions of the first
    UNEXPECTED_ROWS_KEPT offending rows; their columns are read from the frame here, so GX
    never builds a dict per offending row (with 60,000 failed carry-over checks in a batch,
    that alone took most of a validation run). 违反行的标签列与键列由此处从批次数据中读出。
    """
    positions = body.get("partial_unexpected_index_list") or []
    columns = [
        column
        for column in dict.fromkeys([*_domain_columns(kwargs), *unexpected_index_columns(suite)])
        if column in frame.columns
    ]
    return [
        {column: frame.at[position, column] for column in columns}
        for position in positions[:UNEXPECTED_ROWS_KEPT]
    ]


def _outcome(
    suite: dict[str, Any], result: Any, run_id: str, run_time: datetime, frame: pd.DataFrame
) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = {key: value for key, value in config.kwargs.items() if key != "batch_id"}
    meta = config.meta or {}
    body: dict[str, Any] = dict(result.result or {})
    column = kwargs.get("column") or (
        ",".join(kwargs["column_list"]) if "column_list" in kwargs else None
    )
    if "observed_value" in body:
        observed = _json(body["observed_value"])
    elif "element_count" in body:
        observed = (
            f"{body.get('unexpected_count', 0)} unexpected of {body['element_count']} rows"
            f" ({body.get('missing_count', 0)} missing)"
        )
    else:
        observed = None
    unexpected_rows = _offending_rows(suite, kwargs, body, frame)
    return ExpectationOutcome(
        run_time=run_time,
        run_id=run_id,
        suite=suite["name"],
        data_asset=suite["meta"]["batch"].get("relation") or suite["name"],
        expectation_type=config.type,
        column_name=column,
        kwargs=_json(kwargs),
        rule_id=meta.get("rule_id"),
        severity=meta.get("severity", "error"),
        success=bool(result.success),
        observed_value=observed,
        unexpected_count=_int_or_none(body.get("unexpected_count")),
        missing_count=_int_or_none(body.get("missing_count")),
        element_count=_int_or_none(body.get("element_count")),
        unexpected_rows=_json(unexpected_rows[:UNEXPECTED_ROWS_KEPT]) if unexpected_rows else None,
        exception_text=_exception_text(result.exception_info),
        result=body,
    )


def _sum_or_none(values: list[int | None]) -> int | None:
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def merge_outcomes(parts: list[ExpectationOutcome]) -> ExpectationOutcome:
    """One expectation's outcome over every batch: it succeeds when every batch succeeded;
    counts are added up and the first offending rows kept."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    unexpected = _sum_or_none([part.unexpected_count for part in parts])
    missing = _sum_or_none([part.missing_count for part in parts])
    elements = _sum_or_none([part.element_count for part in parts])
    rows: list[Any] = []
    for part in parts:
        rows.extend(json.loads(part.unexpected_rows or "[]"))
    exceptions = [part.exception_text for part in parts if part.exception_text]
    if elements is not None:
        observed: str | None = (
            f"{unexpected or 0} unexpected of {elements} rows ({missing or 0} missing)"
        )
    else:
        observed = "; ".join(part.observed_value for part in parts if part.observed_value) or None
    return ExpectationOutcome(
        run_time=first.run_time,
        run_id=first.run_id,
        suite=first.suite,
        data_asset=first.data_asset,
        expectation_type=first.expectation_type,
        column_name=first.column_name,
        kwargs=first.kwargs,
        rule_id=first.rule_id,
        severity=first.severity,
        success=all(part.success for part in parts),
        observed_value=observed,
        unexpected_count=unexpected,
        missing_count=missing,
        element_count=elements,
        unexpected_rows=_json(rows[:UNEXPECTED_ROWS_KEPT]) if rows else None,
        exception_text="\n".join(exceptions) or None,
        result=next((part.result for part in parts if part.result), {}),
    )


def _prepare_docs_dir(docs_dir: Path) -> None:
    """Start the Data Docs site afresh, but only delete a directory this module wrote."""
    if docs_dir.exists() and (docs_dir / DOCS_MARKER).exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    (docs_dir / DOCS_MARKER).write_text(
        "Generated by xxgk validate; deleted and rebuilt on every run.\n", encoding="utf-8"
    )


class DocsDirNotOursError(UsageError):
    """The Data Docs directory holds files xxgk did not write; it is never replaced."""


def check_docs_dir(docs_dir: Path) -> None:
    """Refuse a docs directory that exists, is not empty and was not written by xxgk."""
    if docs_dir.is_dir() and any(docs_dir.iterdir()) and not (docs_dir / DOCS_MARKER).exists():
        raise DocsDirNotOursError(
            f"{docs_dir} 不是 xxgk 生成的 Data Docs 目录，不会被替换；请换一个 --docs-dir / "
            f"{docs_dir} was not written by xxgk and is not replaced: choose another --docs-dir"
        )
    if docs_dir.exists() and not docs_dir.is_dir():
        raise DocsDirNotOursError(f"{docs_dir} 不是目录 / is not a directory")


def publish_docs(new_docs: Path, docs_dir: Path) -> None:
    """Put a finished Data Docs site in place of the old one in one atomic step."""
    from xxgk.atomic import swap_dir

    check_docs_dir(docs_dir)
    swap_dir(new_docs, docs_dir)


def _gx_context(context_root: Path, docs_dir: Path) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(context_root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for name in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(name)
    # a key GX's TypedDict does not list, which its SiteBuilder takes
    site: dict[str, Any] = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir),
        },
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "show_cta_footer": False,
        },
    }
    context.add_data_docs_site(DOCS_SITE, site)  # type: ignore[arg-type]
    return context


def unexpected_index_columns(suite: dict[str, Any]) -> list[str]:
    """The columns that name a failed row in the results and the Data Docs: the report's
    agency and year and the suite's label columns (readable), then its key columns."""
    spec = suite["meta"]["batch"]
    return [*spec.get("label_columns", []), *spec["index_columns"]]


def _suite_checkpoint(context: Any, suite: dict[str, Any]) -> Any:
    """The GX suite, validation definition and checkpoint of one committed suite."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    name = suite["name"]
    datasource = context.data_sources.add_or_update_pandas(f"xxgk_{name}")
    asset = datasource.add_dataframe_asset(name)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole")
    gx_suite = gx.ExpectationSuite(name=name, meta=suite["meta"])
    for expectation in suite["expectations"]:
        gx_suite.add_expectation_configuration(
            ExpectationConfiguration(
                type=expectation["type"],
                kwargs=expectation["kwargs"],
                meta=expectation["meta"],
                description=expectation.get("description"),
                severity=expectation.get("severity", "critical"),
            )
        )
    if len(gx_suite.expectations) != len(suite["expectations"]):
        # GX keeps one expectation per type and domain: two on the same column would merge
        raise ValueError(
            f"套件 {name} 中有重复的期望（同类型同列）/ suite {name} has expectations GX merges"
        )
    gx_suite = context.suites.add(gx_suite)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch_definition, suite=gx_suite)
    )
    return context.checkpoints.add(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            actions=[],
            # SUMMARY, not COMPLETE: GX counts every offending row but lists only the first
            # ones (by frame position, read back in _offending_rows); a complete list is built
            # row by row in Python and serialised into every stored result
            result_format={
                "result_format": "SUMMARY",
                "partial_unexpected_count": UNEXPECTED_ROWS_KEPT,
            },
        )
    )


def _validate_batch(checkpoint: Any, frame: pd.DataFrame, run_identifier: Any) -> list[Any]:
    checkpoint_result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_identifier)
    return [
        result
        for validation in checkpoint_result.run_results.values()
        for result in validation.results
    ]


def _validation_pages(docs_dir: Path, suite: str) -> list[Path]:
    return sorted((docs_dir / "validations" / suite).rglob("*.html"))


# the status line GX writes at the top of a validation page that failed
_FAILED_PAGE = re.compile(r'Status:</span>\s*<i class="[^"]*text-danger')


def _result_page(pages: list[Path], failed: bool) -> Path | None:
    """The page a suite's "result" link opens: validated in batches, a suite has a page per
    batch, and for a failed suite it is the first page that failed (never a batch that passed);
    otherwise the last page. 分批验证时，失败的套件链接到第一个失败批次的页面。"""
    if failed:
        for page in pages:
            if _FAILED_PAGE.search(page.read_text(encoding="utf-8", errors="replace")):
                return page
    return pages[-1] if pages else None


def inject_summary(docs_dir: Path, run: ValidationRun) -> None:
    """Add a plain-HTML table of the suites to the Data Docs index.

    GX renders its index tables with JavaScript from public CDNs, so without network the index
    is empty; this section lists every suite, its result and links without any script.
    在索引页加入无需脚本的套件一览（GX 的索引表依赖 CDN 上的 JavaScript，离线时为空）。
    """
    index = docs_dir / "index.html"
    rows: list[str] = []
    for suite in sorted({outcome.suite for outcome in run.outcomes}):
        outcomes = [outcome for outcome in run.outcomes if outcome.suite == suite]
        failed = [outcome for outcome in outcomes if not outcome.success]
        status = "通过 / passed" if not failed else "失败 / failed"
        rules = ", ".join(sorted({o.rule_id or "" for o in failed})) or "—"
        result_page = _result_page(_validation_pages(docs_dir, suite), bool(failed))
        result_link = ""
        if result_page is not None:
            href = html.escape(result_page.relative_to(docs_dir).as_posix())
            result_link = f'<a href="{href}">结果 / result</a>'
        rows.append(
            f'<tr class="xxgk-suite" data-suite="{html.escape(suite)}"'
            f' data-success="{str(not failed).lower()}">'
            f'<td><a href="expectations/{html.escape(suite)}.html">{html.escape(suite)}</a></td>'
            f"<td>{status}</td><td>{len(outcomes) - len(failed)} / {len(outcomes)}</td>"
            f"<td>{html.escape(rules)}</td><td>{result_link}</td></tr>"
        )
    section = (
        '<section id="xxgk-suites" class="container-fluid" style="padding:1em">'
        "<h2>xxgk 期望套件 / Expectation suites</h2>"
        f"<p>运行 / run: {html.escape(run.run_id)}</p>"
        '<table class="table table-sm"><thead><tr><th>套件 / Suite</th>'
        "<th>结果 / Status</th><th>通过 / Passed</th><th>失败的规则 / Failed rules</th>"
        "<th>验证结果 / Validation</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )
    from bs4 import BeautifulSoup

    page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    (page.body or page).insert(0, BeautifulSoup(section, "html.parser"))
    index.write_text(str(page), encoding="utf-8")


def _offending_table(outcome: ExpectationOutcome, column_order: list[str]) -> str:
    rows: list[dict[str, Any]] = json.loads(outcome.unexpected_rows or "[]")
    present = {column for row in rows for column in row}
    columns = [column for column in column_order if column in present] + sorted(
        present.difference(column_order)
    )
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(_cell_text(row.get(column)))}</td>" for column in columns)
        + "</tr>"
        for row in rows
    )
    title = " · ".join(
        part for part in (outcome.rule_id, outcome.expectation_type, outcome.column_name) if part
    )
    return (
        f"<h3>{html.escape(title)}</h3><p>{html.escape(outcome.observed_value or '')}</p>"
        f'<table class="table table-sm table-bordered"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def inject_offending_rows(
    run_dir: Path, outcomes: list[ExpectationOutcome], column_order: list[str]
) -> None:
    """Add the batch's first offending rows (agency, year, keys, message) to its validation page.

    GX lists offending rows by name only in its COMPLETE result format, which costs a Python
    dict per offending row; with SUMMARY its page shows counts of values, so the rows kept for
    audit.gx_results are shown here, as plain escaped HTML, columns in `column_order` first.
    在验证结果页加入违反的行（机关、年度、单元格、说明）。
    """
    failed = [outcome for outcome in outcomes if not outcome.success and outcome.unexpected_rows]
    section = (
        '<section id="xxgk-offending-rows" class="container-fluid pt-3 pl-5 pr-5">'
        f"<h2>违反的行（前 {UNEXPECTED_ROWS_KEPT} 行）/ Offending rows (first"
        f" {UNEXPECTED_ROWS_KEPT})</h2>"
        + "".join(_offending_table(o, column_order) for o in failed)
        + "</section>"
    )
    from bs4 import BeautifulSoup

    for path in sorted(run_dir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        anchor = page.body.find("nav") if page.body else None
        if anchor is not None:
            anchor.insert_after(BeautifulSoup(section, "html.parser"))
        else:
            (page.body or page).insert(0, BeautifulSoup(section, "html.parser"))
        path.write_text(str(page), encoding="utf-8")


def write_audit(duckdb_path: Path, outcomes: list[ExpectationOutcome]) -> None:
    """Append the outcomes to audit.gx_results (created when missing)."""
    frame = pd.DataFrame([outcome.row() for outcome in outcomes], columns=list(AUDIT_COLUMNS))
    with duckdb.connect(str(duckdb_path)) as connection:
        connection.execute(AUDIT_DDL)
        connection.register("gx_outcomes", frame)
        columns = ", ".join(AUDIT_COLUMNS)
        connection.execute(
            f"insert into audit.gx_results ({columns}) select {columns} from gx_outcomes"
        )
        connection.unregister("gx_outcomes")


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def carry_audit(previous: Path, new: Path) -> int:
    """Copy every table and view of schema `audit` of the previous database into the new one
    (opened read-only: an analyst's read-only session on it is no obstacle); returns the
    number of rows carried. 将上一版数据库 audit 模式中的全部表与视图复制到新数据库。"""
    if not previous.exists():
        return 0
    carried = 0
    with duckdb.connect(str(new)) as connection:
        path_literal = "'" + str(previous).replace("'", "''") + "'"
        connection.execute(f"attach {path_literal} as xxgk_previous (read_only)")
        try:
            tables = connection.execute(
                "select table_name from duckdb_tables()"
                " where database_name = 'xxgk_previous' and schema_name = 'audit'"
                " order by table_name"
            ).fetchall()
            views = connection.execute(
                "select view_name, sql from duckdb_views()"
                " where database_name = 'xxgk_previous' and schema_name = 'audit'"
                " order by view_name"
            ).fetchall()
            if tables or views:
                connection.execute("create schema if not exists audit")
            for (table,) in tables:
                name = _quoted(table)
                connection.execute(f"drop table if exists audit.{name}")
                connection.execute(
                    f"create table audit.{name} as select * from xxgk_previous.audit.{name}"
                )
                (count,) = connection.execute(f"select count(*) from audit.{name}").fetchall()[0]
                carried += count
            for _view, sql in views:
                connection.execute(sql)
        finally:
            connection.execute("detach xxgk_previous")
    return carried


# a batch's validation page with offending rows: (suite, batch run name, the batch's outcomes,
# the columns that name a row)
FailedPage = tuple[str, str, list[ExpectationOutcome], list[str]]


def _validate_suite(
    context: Any, rows: SuiteRows, suite: dict[str, Any], run_identifier: Any
) -> tuple[list[ExpectationOutcome], list[FailedPage]]:
    """One suite over every batch of its rows: one merged outcome per expectation, and the
    batches whose validation page gets offending rows."""
    from great_expectations.core.run_identifier import RunIdentifier

    run_id, run_time = run_identifier.run_name, run_identifier.run_time
    checkpoint = _suite_checkpoint(context, suite)
    parts: list[list[ExpectationOutcome]] = []
    pages: list[FailedPage] = []
    with rows:
        for batch in rows.batches:
            frame = rows.frame(batch)
            batch_run = (
                run_identifier
                if len(rows.batches) == 1
                else RunIdentifier(run_name=f"{run_id}-batch{batch.number:05d}", run_time=run_time)
            )
            results = _validate_batch(checkpoint, frame, batch_run)
            batch_outcomes = [
                _outcome(suite, result, run_id, run_time, frame) for result in results
            ]
            del frame
            for index, outcome in enumerate(batch_outcomes):
                if index == len(parts):
                    parts.append([])
                parts[index].append(outcome)
            if any(not outcome.success and outcome.unexpected_rows for outcome in batch_outcomes):
                pages.append(
                    (
                        suite["name"],
                        batch_run.run_name,
                        batch_outcomes,
                        unexpected_index_columns(suite),
                    )
                )
    return [merge_outcomes(part) for part in parts], pages


def run_validation(
    duckdb_path: Path,
    expectations_dir: Path,
    docs_dir: Path,
    *,
    write_results: bool = True,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    scratch_dir: Path | None = None,
) -> ValidationRun:
    """Validate every suite in `expectations_dir` against the DuckDB file's marts, in batches
    of whole reports holding about `batch_rows` rows each.

    Data Docs are written to `docs_dir` (xxgk build and xxgk validate pass a private directory
    and swap it into place afterwards); GX's own context lives in a temporary directory inside
    `scratch_dir` (default: the system's).
    """
    suites = load_suites(expectations_dir)
    if not suites:
        raise FileNotFoundError(
            f"{expectations_dir} 中没有期望套件 / no expectation suites in {expectations_dir}"
        )
    from great_expectations.core.run_identifier import RunIdentifier

    run_time = datetime.now(UTC)
    run_id = f"xxgk-{run_time:%Y%m%dT%H%M%S.%fZ}"
    run_identifier = RunIdentifier(run_name=run_id, run_time=run_time)
    docs_dir = docs_dir.resolve()
    _prepare_docs_dir(docs_dir)
    outcomes: list[ExpectationOutcome] = []
    failed_pages: list[FailedPage] = []
    with (
        duckdb.connect(
            str(duckdb_path), read_only=True, config=validate_duckdb_config()
        ) as connection,
        tempfile.TemporaryDirectory(prefix="xxgk-gx-", dir=scratch_dir) as context_root,
    ):
        drifted = drift(suites, generate_suites(connection))
        context = _gx_context(Path(context_root), docs_dir)
        for suite in suites.values():
            suite_outcomes, pages = _validate_suite(
                context,
                SuiteRows(
                    connection,
                    suite,
                    reports_per_batch(connection, suite, batch_rows),
                    Path(context_root),
                ),
                suite,
                run_identifier,
            )
            outcomes.extend(suite_outcomes)
            failed_pages.extend(pages)
        context.build_data_docs(site_names=[DOCS_SITE])
    for suite_name, run_name, batch_outcomes, column_order in failed_pages:
        inject_offending_rows(
            docs_dir / "validations" / suite_name / run_name, batch_outcomes, column_order
        )
    make_offline(docs_dir)
    run = ValidationRun(
        run_id=run_id,
        run_time=run_time,
        outcomes=outcomes,
        docs_index=docs_dir / "index.html",
        drifted_suites=drifted,
    )
    inject_summary(docs_dir, run)
    if write_results:
        write_audit(duckdb_path, outcomes)
    return run
