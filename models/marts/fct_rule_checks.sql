with

checks as (

    select * from {{ ref('int_rule_checks__arithmetic') }}

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
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_zh', 'checks.location_zh',
                format_number('checks.expected_value'), format_number('checks.actual_value')
            ) }}
            when 'not_checkable'
                then
                    '无法检查（' || checks.location_zh || '）：以下单元格不是读到的数字 — '
                    || checks.unusable_cells
        end as message_zh,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_en', 'checks.location_en',
                format_number('checks.expected_value'), format_number('checks.actual_value')
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
