"""The pandas frames the suites validate, read from the DuckDB file with the duckdb Python API.

用 duckdb Python API 从 DuckDB 文件读出待检查的 pandas 数据框。GX's SQL datasource over
duckdb-engine returns empty result sets (every expectation then raises instead of evaluating),
so GX only ever sees in-memory pandas frames.

- A mart suite validates the mart as it is.
- A rule suite validates a pivot of the rule's cells: one row per report × instance (e.g. per
  applicant column), one column per term holding `factor × value`, where factor carries the
  term's sign and −1 for the expected side, so a rule holds when the row sums to 0. A cell that
  is not a number read from the report (blank, missing, not a number, inferred) is null and the
  row is skipped as not checkable.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pandas as pd

from xxgk.validate.suites import FACT_MARTS

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"非法标识符 / invalid identifier: {name!r}")
    return name


def _cells_sql() -> str:
    """Every cell of the three fact marts in one shape."""
    parts = [
        f"select '{mart.table_code}' as table_code, report_id,"
        f" {_identifier(mart.row_column)} as row_code,"
        f" {_identifier(mart.column_column)} as column_code,"
        f" cast({_identifier(mart.value_column)} as double) as value, cell_state, provenance"
        f" from {mart.relation}"
        for mart in FACT_MARTS
    ]
    return "\nunion all\n".join(parts)


def mart_frame(connection: duckdb.DuckDBPyConnection, batch: dict[str, Any]) -> pd.DataFrame:
    relation = batch["relation"]
    schema, table = relation.split(".")
    order = ", ".join(_identifier(column) for column in batch["index_columns"])
    return connection.sql(
        f"select * from {_identifier(schema)}.{_identifier(table)} order by {order}"
    ).df()


def rule_frame(connection: duckdb.DuckDBPyConnection, batch: dict[str, Any]) -> pd.DataFrame:
    terms: list[dict[str, Any]] = batch["terms"]
    compares_years = any(term["year_offset"] for term in terms)
    term_values = ", ".join(
        f"('{_identifier(term['column'])}', '{_identifier(term['code'])}',"
        f" {int(term['factor'])}, {int(term['year_offset'])})"
        for term in terms
    )
    if compares_years:
        pairs = """
            select current_year.report_id, previous_year.report_id as related_report_id
            from intermediate.int_reports as current_year
            inner join intermediate.int_reports as previous_year
                on current_year.agency_key = previous_year.agency_key
                and current_year.report_year - 1 = previous_year.report_year
        """
    else:
        pairs = (
            "select report_id, cast(null as varchar) as related_report_id from marts.dim_reports"
        )
    pivot = ",\n".join(
        f"max(signed_value) filter (where term_column = '{term['column']}') as {term['column']}"
        for term in terms
    )
    index = (
        "report_id, related_report_id, instance_code"
        if compares_years
        else ("report_id, instance_code")
    )
    sql = f"""
        with
        terms(term_column, code, factor, year_offset) as (values {term_values}),
        cells as ({_cells_sql()}),
        instances as (
            select code as instance_code, position
            from marts.dim_template_codes
            where dimension = $instance_dimension and has_cells
        ),
        placed as (
            select
                instances.instance_code, instances.position,
                terms.term_column, terms.factor, terms.year_offset,
                template.table_code, template.row_code, template.column_code
            from instances
            cross join terms
            left join intermediate.int_template_cells as template
                on (
                    template.row_dimension = $term_dimension
                    and template.row_code = terms.code
                    and template.column_dimension = $instance_dimension
                    and template.column_code = instances.instance_code
                ) or (
                    template.column_dimension = $term_dimension
                    and template.column_code = terms.code
                    and template.row_dimension = $instance_dimension
                    and template.row_code = instances.instance_code
                )
        ),
        applicable as (
            -- instances whose every term is a cell of the template
            select instance_code from placed group by instance_code
            having count(table_code) = count(*)
        ),
        pairs as ({pairs}),
        term_values as (
            select
                pairs.report_id, pairs.related_report_id,
                placed.instance_code, placed.position, placed.term_column,
                placed.factor * case
                    when cells.cell_state = 'number' and cells.provenance = 'read'
                        then cells.value
                end as signed_value
            from pairs
            cross join placed
            inner join applicable on placed.instance_code = applicable.instance_code
            left join cells
                on cells.table_code = placed.table_code
                and cells.row_code = placed.row_code
                and cells.column_code = placed.column_code
                and cells.report_id = case
                    when placed.year_offset = -1 then pairs.related_report_id
                    else pairs.report_id
                end
        )
        select {index},
        {pivot}
        from term_values
        group by report_id, related_report_id, instance_code, position
        order by report_id, related_report_id, position
    """
    frame = connection.execute(
        sql,
        {
            "instance_dimension": batch["instance_dimension"],
            "term_dimension": batch["term_dimension"],
        },
    ).df()
    for term in terms:
        # + 0.0 turns the −0.0 of negated zeros into 0.0 for display
        frame[term["column"]] = frame[term["column"]].astype("float64") + 0.0
    return frame


def narrative_frame(connection: duckdb.DuckDBPyConnection, batch: dict[str, Any]) -> pd.DataFrame:
    """One row per report × narrative figure: the figure, then −1 × each table cell it restates
    in slots 1…n (a slot the figure does not use is 0; an unusable cell is null)."""
    slots = [term for term in batch["terms"] if term["side"] == "expected"]
    pivot = ",\n".join(
        f"case when count(*) filter (where slot = {int(term['slot'])}) = 0 then 0.0"
        f" else max(signed_value) filter (where slot = {int(term['slot'])}) end"
        f" as {_identifier(term['column'])}"
        for term in slots
    )
    sql = f"""
        with
        cells as ({_cells_sql()}),
        figure_cells as (
            select
                figure_cells.figure_code,
                row_number() over (
                    partition by figure_cells.figure_code order by figure_cells.cell_key
                ) as slot,
                template.table_code, template.row_code, template.column_code
            from intermediate.int_narrative_figure_cells as figure_cells
            inner join intermediate.int_template_cells as template
                on figure_cells.cell_key = template.cell_key
        ),
        narrative as (
            select report_id, figure_code, cast(value as double) as actual__narrative
            from marts.fct_narrative_figures
        ),
        slot_values as (
            select
                narrative.report_id, narrative.figure_code, figure_cells.slot,
                -1 * case
                    when cells.cell_state = 'number' and cells.provenance = 'read'
                        then cells.value
                end as signed_value
            from narrative
            inner join figure_cells on narrative.figure_code = figure_cells.figure_code
            left join cells
                on cells.report_id = narrative.report_id
                and cells.table_code = figure_cells.table_code
                and cells.row_code = figure_cells.row_code
                and cells.column_code = figure_cells.column_code
        ),
        pivoted as (
            select report_id, figure_code,
            {pivot}
            from slot_values
            group by report_id, figure_code
        )
        select narrative.report_id, narrative.figure_code, narrative.actual__narrative,
            pivoted.* exclude (report_id, figure_code)
        from narrative
        inner join pivoted using (report_id, figure_code)
        order by narrative.report_id, narrative.figure_code
    """
    frame = connection.sql(sql).df()
    for term in batch["terms"]:
        frame[term["column"]] = frame[term["column"]].astype("float64") + 0.0
    return frame


def suite_frame(connection: duckdb.DuckDBPyConnection, suite: dict[str, Any]) -> pd.DataFrame:
    batch = suite["meta"]["batch"]
    if batch["kind"] == "mart":
        return mart_frame(connection, batch)
    if batch["kind"] == "rule_terms":
        return rule_frame(connection, batch)
    if batch["kind"] == "narrative":
        return narrative_frame(connection, batch)
    raise ValueError(f"未知的批次类型 / unknown batch kind: {batch['kind']!r}")
