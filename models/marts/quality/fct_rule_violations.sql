-- One row per rule violation, ready to send back to the agency.
-- 每条规则违反一行：哪份报告、哪条规则、哪些单元格、期望值与实际值、中英文说明。

with

failed_checks as (

    select * from {{ ref('fct_rule_checks') }}
    where status = 'fail'

),

cell_failures as (

    select * from {{ ref('int_rule_checks__cells') }}

),

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

check_violations as (

    -- arithmetic and narrative checks that failed, with the messages fct_rule_checks wrote
    select
        check_id as violation_id,
        report_id,
        rule_id,
        table_code,
        row_code,
        column_code,
        related_report_id,
        actual_cells || ' = ' || expected_cells as cells,
        {{ format_number('expected_value') }} as expected,
        {{ format_number('actual_value') }} as actual,
        {{ format_number('expected_value') }} as expected_zh,
        {{ format_number('actual_value') }} as actual_zh,
        expected_value,
        actual_value,
        message_zh,
        message_en,
        source_ref

    from failed_checks

),

cell_violations as (

    select
        cell_failures.check_id as violation_id,
        cell_failures.report_id,
        cell_failures.rule_id,
        cell_failures.table_code,
        cell_failures.row_code,
        cell_failures.column_code,
        cast(null as varchar) as related_report_id,
        cell_failures.cell_key as cells,
        cell_failures.expected_en as expected,
        coalesce(cell_failures.cell_text, cell_failures.cell_state) as actual,
        cell_failures.expected_zh,
        cell_failures.actual_zh,
        cast(null as decimal(38, 6)) as expected_value,
        cell_failures.actual_value,
        {{ fill_message(
            'rules.message_zh', 'cell_failures.location_zh',
            'cell_failures.expected_zh', 'cell_failures.actual_zh'
        ) }} as message_zh,
        {{ fill_message(
            'rules.message_en', 'cell_failures.location_en',
            'cell_failures.expected_en', 'cell_failures.actual_en'
        ) }} as message_en,
        cell_failures.source_ref

    from cell_failures
    inner join rules
        on cell_failures.rule_id = rules.rule_id

),

violations as (

    select * from check_violations
    union all
    select * from cell_violations

),

final as (

    select
        violations.violation_id,
        violations.report_id,
        reports.source_file,
        reports.title_agency,
        reports.report_year,
        violations.rule_id,
        rules.severity,
        rules.origin,
        violations.table_code,
        violations.row_code,
        violations.column_code,
        violations.related_report_id,
        violations.cells,
        violations.expected,
        violations.actual,
        violations.expected_zh,
        violations.actual_zh,
        violations.expected_value,
        violations.actual_value,
        violations.message_zh,
        violations.message_en,
        violations.source_ref

    from violations
    inner join rules
        on violations.rule_id = rules.rule_id
    inner join reports
        on violations.report_id = reports.report_id

)

select * from final
