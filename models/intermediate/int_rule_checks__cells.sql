-- Cell rules that fail: one row per report × cell × broken cell rule, with the rule's severity,
-- origin and filled messages (fct_rule_violations takes them from here, not from the catalogue).
-- 逐单元格规则的违反：非负、整数、数字、完整；含严重程度、来源与填好的中英文说明。
--
-- CELL_COMPLETE: the cell is blank ("/", "—", "无", empty) in the report. A cell the extractor did
-- not read (cell_state missing) is the project's problem, not the agency's: it is no violation
-- (rpt_report_quality counts it as unread, fct_extraction_outcomes lists it).
-- CELL_GROUPED (a warning): the report printed a group of the template (（六）其他处理) as one row;
-- one row per report × group, instead of one missing cell per leaf.
-- CELL_NUMERIC: the cell holds text that is not a number.
-- CELL_NON_NEGATIVE: the number is below zero.
-- CELL_INTEGRAL: a count (every cell but the fee in 万元) is not a whole number.

-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(**report_increments()) }}

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind like 'cell\_%' escape '\'

),

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where {{ reports_not_built(relation=ref('int_report_cells')) }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

group_cells as (

    select * from {{ ref('int_report_group_cells') }}
    where {{ reports_not_built() }}

),

cells_2019 as (

    select * from {{ ref('int_report_cells_2019') }}
    where {{ reports_not_built() }}

),

suspect_cells as (

    -- one pass over the cells keeps the few that break any cell rule
    select *
    from report_cells
    where
        cell_state != 'number'
        or value < 0
        or (value_type = 'count' and whole_value is null)

),

failures as (

    select
        suspect_cells.report_id,
        rules.rule_id,
        suspect_cells.table_code,
        suspect_cells.row_code,
        suspect_cells.column_code,
        template_cells.row_position,
        template_cells.column_position,
        template_cells.cell_key,
        template_cells.cell_label_zh as location_zh,
        template_cells.cell_label_en as location_en,
        suspect_cells.cell_text,
        suspect_cells.cell_state,
        suspect_cells.source_ref,
        suspect_cells.value as actual_value,
        rules.check_kind

    from suspect_cells
    inner join template_cells
        on suspect_cells.cell_no = template_cells.cell_no
    inner join rules
        on
            case rules.check_kind
                when 'cell_complete'
                    then suspect_cells.cell_state = 'blank'
                when 'cell_numeric'
                    then suspect_cells.cell_state = 'not_a_number'
                when 'cell_non_negative'
                    then suspect_cells.value < 0
                when 'cell_integral'
                    then
                        suspect_cells.cell_state = 'number'
                        and suspect_cells.value_type = 'count'
                        and suspect_cells.whole_value is null
                else false
            end

),

grouped_leaves as (

    select
        suspect_cells.report_id,
        template_cells.table_code,
        template_cells.row_parent_code as group_code,
        count(distinct template_cells.row_code) as leaf_row_count
    from suspect_cells
    inner join template_cells
        on suspect_cells.cell_no = template_cells.cell_no
    where suspect_cells.cell_state = 'grouped'
    group by suspect_cells.report_id, template_cells.table_code, template_cells.row_parent_code

),

group_refs as (

    select
        report_id,
        table_code,
        group_code,
        min(group_position) as group_position,
        min(group_label_zh) as group_label_zh,
        min(group_label_en) as group_label_en,
        min(source_ref) as source_ref
    from group_cells
    group by report_id, table_code, group_code

),

group_failures as (

    select
        grouped_leaves.report_id || '/' || rules.rule_id || '/' || grouped_leaves.table_code
        || ':' || grouped_leaves.group_code as check_id,
        grouped_leaves.report_id,
        rules.rule_id,
        grouped_leaves.table_code,
        grouped_leaves.group_code as row_code,
        cast(null as varchar) as column_code,
        group_refs.group_position as row_position,
        cast(null as integer) as column_position,
        grouped_leaves.table_code || ':' || grouped_leaves.group_code as cell_key,
        group_refs.group_label_zh as location_zh,
        group_refs.group_label_en as location_en,
        cast(null as varchar) as cell_text,
        'grouped' as cell_state,
        group_refs.source_ref,
        cast(null as decimal(20, 6)) as actual_value,
        '分列填报 ' || grouped_leaves.leaf_row_count || ' 个子项' as expected_zh,
        'its ' || grouped_leaves.leaf_row_count || ' rows filled in one by one' as expected_en,
        '按一行合并填报' as actual_zh,
        'printed as one row' as actual_en

    from grouped_leaves
    inner join rules
        on rules.check_kind = 'cell_grouped'
    inner join group_refs
        on
            grouped_leaves.report_id = group_refs.report_id
            and grouped_leaves.table_code = group_refs.table_code
            and grouped_leaves.group_code = group_refs.group_code

),

failures_2019 as (

    -- the 2019 format's table 二 (its own codes): the same cell rules, where a signed change
    -- (本年增/减) may be negative and an amount (采购总金额) a decimal
    -- (the columns of failures above, in the same order)
    select
        cells_2019.report_id,
        rules.rule_id,
        't2_2019' as table_code,
        cells_2019.item_code as row_code,
        cells_2019.metric_code as column_code,
        cells_2019.item_position as row_position,
        cells_2019.metric_position as column_position,
        cells_2019.cell_key,
        cells_2019.cell_label_zh as location_zh,
        cells_2019.cell_label_en as location_en,
        cells_2019.cell_text,
        cells_2019.cell_state,
        cells_2019.source_ref,
        cells_2019.value as actual_value,
        rules.check_kind

    from cells_2019
    inner join rules
        on
            case rules.check_kind
                when 'cell_complete'
                    then cells_2019.cell_state = 'blank'
                when 'cell_numeric'
                    then cells_2019.cell_state = 'not_a_number'
                when 'cell_non_negative'
                    then cells_2019.value < 0 and cells_2019.value_type != 'signed_count'
                when 'cell_integral'
                    then
                        cells_2019.value_type in ('count', 'signed_count')
                        and cells_2019.value != floor(cells_2019.value)
                else false
            end
    where
        cells_2019.cell_state in ('blank', 'not_a_number')
        or cells_2019.value < 0
        or cells_2019.value != floor(cells_2019.value)

),

cell_failures as (

    select * from failures
    union all
    select * from failures_2019

),

cell_rule_failures as (

    select
        report_id || '/' || rule_id || '/' || cell_key as check_id,
        report_id,
        rule_id,
        table_code,
        row_code,
        column_code,
        row_position,
        column_position,
        cell_key,
        location_zh,
        location_en,
        cell_text,
        cell_state,
        source_ref,
        actual_value,
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
            when cell_state = 'blank' then '空白（印为“' || coalesce(cell_text, '') || '”）'
            when check_kind = 'cell_numeric' then cell_text
            else {{ format_number('actual_value') }}
        end as actual_zh,
        case
            when cell_state = 'blank' then 'blank (printed as "' || coalesce(cell_text, '') || '")'
            when check_kind = 'cell_numeric' then cell_text
            else {{ format_number('actual_value') }}
        end as actual_en

    from cell_failures

),

all_failures as (

    select * from cell_rule_failures
    union all
    select * from group_failures

),

final as (

    select
        all_failures.check_id,
        all_failures.report_id,
        all_failures.rule_id,
        rules.severity,
        rules.origin,
        all_failures.table_code,
        all_failures.row_code,
        all_failures.column_code,
        all_failures.row_position,
        all_failures.column_position,
        all_failures.cell_key,
        all_failures.location_zh,
        all_failures.location_en,
        all_failures.cell_text,
        all_failures.cell_state,
        all_failures.source_ref,
        all_failures.actual_value,
        all_failures.expected_zh,
        all_failures.expected_en,
        all_failures.actual_zh,
        all_failures.actual_en,
        {{ fill_message(
            'rules.message_zh', 'all_failures.location_zh',
            'all_failures.expected_zh', 'all_failures.actual_zh'
        ) }} as message_zh,
        {{ fill_message(
            'rules.message_en', 'all_failures.location_en',
            'all_failures.expected_en', 'all_failures.actual_en'
        ) }} as message_en

    from all_failures
    inner join rules
        on all_failures.rule_id = rules.rule_id

)

select * from final
