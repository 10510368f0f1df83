-- Every arithmetic check placed on the template and judged for the reviewer: the compiled checks
-- (int_rule_checks__arithmetic) with their instance's cells and labels (int_rule_instances), the
-- cells that stopped them (int_rule_checks__unusable_cells) and the checks excluded because their
-- cells were cut with the rule's own constraint (int_rule_checks__excluded).
-- 每项算术检查落到模板上：检查对象的单元格与标签、阻止检查的单元格、因分段而排除的检查。
-- status: pass | fail | not_checkable (the report's own cells stop it) | not_read (only cells the
-- extractor did not read stop it) | excluded.
-- Ephemeral: fct_rule_checks is its only reader and stores the result.
{{ config(materialized='ephemeral') }}

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

excluded_checks as (

    select * from {{ ref('int_rule_checks__excluded') }}

),

final as (

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
        case
            -- stopped only by cells the extractor did not read (or placed by inference, or the
            -- report gives only as a group): the project's finding, not the agency's
            when
                arithmetic_checks.status = 'not_checkable'
                and unusable_cells.report_unusable_count = 0
                then 'not_read'
            -- its cells were cut from digits run together with this rule's own constraint
            when excluded_checks.report_id is not null then 'excluded'
            else arithmetic_checks.status
        end as status,
        case
            when
                arithmetic_checks.status in ('pass', 'fail') and excluded_checks.report_id is null
                then arithmetic_checks.expected_value
        end as expected_value,
        case
            when
                arithmetic_checks.status in ('pass', 'fail') and excluded_checks.report_id is null
                then arithmetic_checks.actual_value
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
    left join excluded_checks
        on
            arithmetic_checks.status != 'not_checkable'
            and arithmetic_checks.report_id = excluded_checks.report_id
            and arithmetic_checks.rule_id = excluded_checks.rule_id
            and arithmetic_checks.instance_code = excluded_checks.instance_code
    -- a check through a table the report's template version lacks does not apply (e.g. the
    -- document stock of a 2021 report against its 2019-format previous year)
    where coalesce(unusable_cells.not_applicable_count, 0) = 0

)

select * from final
