-- Every evaluation of a rule that compares numbers: the arithmetic rules (int_rule_checks__arithmetic)
-- and the narrative-vs-table rule (int_rule_checks__narrative), with pass / fail / not_checkable.
-- 所有数值比较类检查（算术规则与正文—表格一致性），含通过、不符和无法检查。
-- With them the office checks (int_rule_checks__office: roll-ups, coverage, year on year); a
-- coverage check belongs to an agency and year, not a report (report_id NULL). agency_id and
-- report_year say whose every check is. 另含政务公开办检查；每项检查都带机关编号与年度。

with

arithmetic_checks as (

    select * from {{ ref('int_rule_checks__arithmetic') }}

),

rule_instances as (

    select * from {{ ref('int_rule_instances') }}

),

unusable_cells as (

    select * from {{ ref('int_rule_checks__unusable_cells') }}

),

narrative_checks as (

    select * from {{ ref('int_rule_checks__narrative') }}

),

office_checks as (

    select * from {{ ref('int_rule_checks__office') }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

placed_arithmetic_checks as (

    select
        arithmetic_checks.check_id,
        arithmetic_checks.report_id,
        arithmetic_checks.rule_id,
        arithmetic_checks.related_report_id,
        rule_instances.table_code,
        arithmetic_checks.instance_code,
        rule_instances.instance_position,
        rule_instances.row_code,
        rule_instances.column_code,
        rule_instances.location_zh,
        rule_instances.location_en,
        arithmetic_checks.status,
        case
            when arithmetic_checks.status != 'not_checkable' then arithmetic_checks.expected_value
        end as expected_value,
        case
            when arithmetic_checks.status != 'not_checkable' then arithmetic_checks.actual_value
        end as actual_value,
        rule_instances.expected_cells,
        rule_instances.actual_cells,
        unusable_cells.unusable_cells,
        cast(null as varchar) as source_ref

    from arithmetic_checks
    inner join rule_instances
        on
            arithmetic_checks.rule_id = rule_instances.rule_id
            and arithmetic_checks.instance_code = rule_instances.instance_code
    left join unusable_cells
        on arithmetic_checks.check_id = unusable_cells.check_id

),

report_checks as (

    select * from placed_arithmetic_checks

    union all

    select * from narrative_checks

),

unioned as (

    select
        report_checks.*,
        reports.agency_id,
        reports.report_year
    from report_checks
    inner join reports
        on report_checks.report_id = reports.report_id

    union all

    select * from office_checks

),

checks as (

    -- the values as messages need them, NULL for checks that pass (most): DuckDB computes a
    -- repeated expression for every row, so the formatting only ever sees the others
    select
        *,
        case when status = 'fail' then expected_value end as failed_expected_value,
        case when status = 'fail' then actual_value end as failed_actual_value
    from unioned

),

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

final as (

    select
        checks.check_id,
        checks.report_id,
        checks.rule_id,
        rules.severity,
        checks.status,
        checks.table_code,
        checks.instance_code,
        checks.row_code,
        checks.column_code,
        checks.related_report_id,
        checks.expected_value,
        checks.actual_value,
        checks.expected_cells,
        checks.actual_cells,
        checks.unusable_cells,
        checks.source_ref,
        checks.agency_id,
        checks.report_year,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_zh', 'checks.location_zh',
                format_number('checks.failed_expected_value'),
                format_number('checks.failed_actual_value')
            ) }}
            when 'not_checkable'
                then
                    '无法检查（' || checks.location_zh || '）：以下单元格不是读到的数字 — '
                    || checks.unusable_cells
        end as message_zh,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_en', 'checks.location_en',
                format_number('checks.failed_expected_value'),
                format_number('checks.failed_actual_value')
            ) }}
            when 'not_checkable'
                then
                    'Cannot be checked (' || checks.location_en
                    || '): these cells are not numbers read from the report — '
                    || checks.unusable_cells
        end as message_en

    from checks
    inner join rules
        on checks.rule_id = rules.rule_id

)

select * from final
