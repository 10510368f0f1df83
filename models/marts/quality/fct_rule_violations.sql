-- One row per rule violation, ready to send back to the agency.
-- 每条规则违反一行：哪份报告、哪条规则、哪些单元格、期望值与实际值、中英文说明。
-- Severity, origin and messages come with each kind of check (fct_rule_checks,
-- int_rule_checks__cells, int_rule_checks__reports), never again from the catalogue. A coverage
-- violation (COVERAGE_MISSING) has no report: its agency id and year say whose it is.

with

failed_checks as (

    select * from {{ ref('fct_rule_checks') }}
    where status = 'fail'

),

cell_failures as (

    select * from {{ ref('int_rule_checks__cells') }}

),

report_failures as (

    select * from {{ ref('int_rule_checks__reports') }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

check_violations as (

    -- arithmetic, narrative and office checks that failed
    select
        check_id as violation_id,
        report_id,
        rule_id,
        severity,
        origin,
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
        source_ref,
        agency_id,
        report_year,
        instance_code

    from failed_checks

),

cell_violations as (

    -- cell rules that failed
    select
        check_id as violation_id,
        report_id,
        rule_id,
        severity,
        origin,
        table_code,
        row_code,
        column_code,
        cast(null as varchar) as related_report_id,
        cell_key as cells,
        expected_en as expected,
        coalesce(cell_text, cell_state) as actual,
        expected_zh,
        actual_zh,
        cast(null as decimal(38, 6)) as expected_value,
        actual_value,
        message_zh,
        message_en,
        source_ref,
        cast(null as varchar) as agency_id,
        cast(null as integer) as report_year,
        cell_key as instance_code

    from cell_failures

),

report_violations as (

    -- a report whose agency or year was not identified (REPORT_IDENTITY): no cell involved
    select
        check_id as violation_id,
        report_id,
        rule_id,
        severity,
        origin,
        cast(null as varchar) as table_code,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_code,
        cast(null as varchar) as related_report_id,
        field_name as cells,
        expected_en as expected,
        actual_en as actual,
        expected_zh,
        actual_zh,
        cast(null as decimal(38, 6)) as expected_value,
        cast(null as decimal(38, 6)) as actual_value,
        message_zh,
        message_en,
        cast(null as varchar) as source_ref,
        cast(null as varchar) as agency_id,
        cast(null as integer) as report_year,
        field_name as instance_code

    from report_failures

),

violations as (

    select * from check_violations
    union all
    select * from cell_violations
    union all
    select * from report_violations

),

final as (

    select
        violations.violation_id,
        violations.report_id,
        reports.source_file,
        reports.title_agency,
        coalesce(reports.report_year, violations.report_year) as report_year,
        violations.rule_id,
        violations.severity,
        violations.origin,
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
        violations.source_ref,
        coalesce(reports.agency_id, violations.agency_id) as agency_id,
        violations.instance_code

    from violations
    left join reports
        on violations.report_id = reports.report_id

)

select * from final
