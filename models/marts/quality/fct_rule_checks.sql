-- Every evaluation of a rule that compares numbers: the arithmetic rules (int_rule_checks__arithmetic)
-- and the narrative-vs-table rule (int_rule_checks__narrative), with pass / fail / not_checkable /
-- not_read (stopped only by the extractor's gaps) / excluded (cells segmented with this rule).
-- 所有数值比较类检查（算术规则与正文—表格一致性），含通过、不符和无法检查。
-- With them the office checks (int_rule_checks__office: roll-ups, coverage, year on year); a
-- coverage check belongs to an agency and year, not a report (report_id NULL). agency_id and
-- report_year say whose every check is. 另含政务公开办检查；每项检查都带机关编号与年度。


with

placed_arithmetic_checks as (

    select * from {{ ref('int_rule_checks__arithmetic_placed') }}

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

report_checks as (

    select * from placed_arithmetic_checks

    union all

    select * from narrative_checks

),

unioned as (

    select
        report_checks.*,
        reports.agency_id,
        reports.report_year,
        -- the arithmetic and narrative checks are stopped by cells only
        false as unusable_is_report_fact
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
        rules.origin,
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
                    '无法检查（' || checks.location_zh || '）：'
                    || case
                        when checks.unusable_is_report_fact then '报告中未读出检查所需的信息 — '
                        else '以下单元格不是读到的数字 — '
                    end
                    || checks.unusable_cells
            when 'not_read'
                then
                    '未能检查（' || checks.location_zh || '）：以下单元格抽取程序未读出（本项目的问题，'
                    || '不是报告的错误）— ' || checks.unusable_cells
            when 'excluded'
                then
                    '不计入（' || checks.location_zh || '）：所用单元格是按本规则切分连写数字得到的，'
                    || '本规则对其不作为证据'
        end as message_zh,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_en', 'checks.location_en',
                format_number('checks.failed_expected_value'),
                format_number('checks.failed_actual_value')
            ) }}
            when 'not_checkable'
                then
                    'Cannot be checked (' || checks.location_en || '): '
                    || case
                        when checks.unusable_is_report_fact
                            then 'the report does not give what the check needs — '
                        else 'these cells are not numbers read from the report — '
                    end
                    || checks.unusable_cells
            when 'not_read'
                then
                    'Not checked (' || checks.location_en
                    || '): the extractor did not read these cells (the project''s problem, '
                    || 'not an error of the report) — ' || checks.unusable_cells
            when 'excluded'
                then
                    'Excluded (' || checks.location_en
                    || '): its cells were cut from digits run together using this rule''s own '
                    || 'constraint, so they are no evidence for it'
        end as message_en

    from checks
    inner join rules
        on checks.rule_id = rules.rule_id

)

select * from final
