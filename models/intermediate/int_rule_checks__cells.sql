-- Cell rules that fail: one row per report × cell × broken cell rule, with the rule's severity,
-- origin and filled messages (fct_rule_violations takes them from here, not from the catalogue).
-- 逐单元格规则的违反：非负、整数、数字、完整；含严重程度、来源与填好的中英文说明。
--
-- CELL_COMPLETE: the cell is missing (not found by the extractor) or blank ("/", "—", "无", empty).
-- CELL_NUMERIC: the cell holds text that is not a number.
-- CELL_NON_NEGATIVE: the number is below zero.
-- CELL_INTEGRAL: a count (every cell but the fee in 万元) is not a whole number.

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind like 'cell\_%' escape '\'

),

report_cells as (

    select * from {{ ref('int_report_cells') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

suspect_cells as (

    -- one pass over the cells keeps the few that break any cell rule
    select *
    from report_cells
    where
        cell_state != 'number'
        or value < 0
        or (value_type = 'count' and value != floor(value))

),

failures as (

    select
        suspect_cells.report_id,
        template_cells.cell_key,
        suspect_cells.table_code,
        suspect_cells.row_code,
        suspect_cells.column_code,
        template_cells.row_position,
        template_cells.column_position,
        template_cells.cell_label_zh,
        template_cells.cell_label_en,
        suspect_cells.cell_text,
        suspect_cells.cell_state,
        suspect_cells.value,
        suspect_cells.source_ref,
        rules.rule_id,
        rules.check_kind,
        rules.severity,
        rules.origin,
        rules.message_zh as message_template_zh,
        rules.message_en as message_template_en

    from suspect_cells
    inner join template_cells
        on suspect_cells.cell_no = template_cells.cell_no
    inner join rules
        on
            case rules.check_kind
                when 'cell_complete'
                    then suspect_cells.cell_state in ('missing', 'blank')
                when 'cell_numeric'
                    then suspect_cells.cell_state = 'not_a_number'
                when 'cell_non_negative'
                    then suspect_cells.value < 0
                when 'cell_integral'
                    then
                        suspect_cells.value_type = 'count'
                        and suspect_cells.value != floor(suspect_cells.value)
                else false
            end

),

described as (

    -- what was expected and what was found, in words, for the messages
    select
        *,
        case check_kind
            when 'cell_complete' then '数字'
            when 'cell_numeric' then '数字'
            when 'cell_non_negative' then '≥ 0'
            when 'cell_integral' then '整数'
        end as expected_zh,
        case check_kind
            when 'cell_complete' then 'a number'
            when 'cell_numeric' then 'a number'
            when 'cell_non_negative' then '≥ 0'
            when 'cell_integral' then 'a whole number'
        end as expected_en,
        case
            when cell_state = 'missing' then '缺失（报告中未找到该单元格）'
            when cell_state = 'blank' then '空白（印为“' || coalesce(cell_text, '') || '”）'
            when check_kind = 'cell_numeric' then cell_text
            else {{ format_number('value') }}
        end as actual_zh,
        case
            when cell_state = 'missing' then 'missing (the cell was not found in the report)'
            when cell_state = 'blank' then 'blank (printed as "' || coalesce(cell_text, '') || '")'
            when check_kind = 'cell_numeric' then cell_text
            else {{ format_number('value') }}
        end as actual_en

    from failures

),

final as (

    select
        report_id || '/' || rule_id || '/' || cell_key as check_id,
        report_id,
        rule_id,
        severity,
        origin,
        table_code,
        row_code,
        column_code,
        row_position,
        column_position,
        cell_key,
        cell_label_zh as location_zh,
        cell_label_en as location_en,
        cell_text,
        cell_state,
        source_ref,
        value as actual_value,
        expected_zh,
        expected_en,
        actual_zh,
        actual_en,
        {{ fill_message('message_template_zh', 'cell_label_zh', 'expected_zh', 'actual_zh') }}
            as message_zh,
        {{ fill_message('message_template_en', 'cell_label_en', 'expected_en', 'actual_en') }}
            as message_en

    from described

)

select * from final
