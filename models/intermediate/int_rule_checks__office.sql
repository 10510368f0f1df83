-- The office checks in one relation: roll-ups (HIERARCHY_SUM), coverage (COVERAGE_MISSING) and
-- the year-on-year checks (YOY_ANOMALY, COPY_PASTE), in the shape of fct_rule_checks, with
-- the agency and year each check is about (a coverage check has no report).
-- 政务公开办的检查合为一表：汇总、到期发布、同比与雷同；形如 fct_rule_checks，并带机关编号与年度。
-- A view: its rows are the three tables' rows, read once by fct_rule_checks (a copy would be
-- written again by every build that adds reports). 视图：行即三张表的行，不再复制。
{{ config(materialized='view') }}

with

hierarchy_checks as (

    select * from {{ ref('int_rule_checks__hierarchy') }}

),

coverage_checks as (

    select * from {{ ref('int_rule_checks__coverage') }}

),

year_on_year_checks as (

    select * from {{ ref('int_rule_checks__year_on_year') }}

),

unioned as (

    select * from hierarchy_checks
    union all
    select * from coverage_checks
    union all
    select * from year_on_year_checks

),

final as (

    select
        check_id,
        report_id,
        rule_id,
        related_report_id,
        table_code,
        instance_code,
        instance_position,
        row_code,
        column_code,
        location_zh,
        location_en,
        status,
        expected_value,
        actual_value,
        expected_cells,
        actual_cells,
        unusable_cells,
        source_ref,
        agency_id,
        report_year,
        unusable_is_report_fact
    from unioned

)

select * from final
