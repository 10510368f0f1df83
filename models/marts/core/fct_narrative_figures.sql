-- The figures a report's narrative restates, beside the table value they restate.
-- 报告正文复述的数字与表格中的对应值。

with

narrative as (

    select * from {{ ref('stg_reports__narrative_figures') }}

),

figures as (

    select * from {{ ref('stg_rules__narrative_figures') }}

),

checks as (

    select * from {{ ref('int_rule_checks__narrative') }}

),

final as (

    select
        narrative.report_id,
        narrative.figure_code,
        figures.label_zh as figure_label_zh,
        figures.label_en as figure_label_en,
        narrative.figure_text,
        narrative.value,
        narrative.quote,
        narrative.source_ref,
        figures.table_cells,
        checks.expected_value as table_value,
        checks.status as check_status

    from narrative
    inner join figures
        on narrative.figure_code = figures.figure_code
    left join checks
        on
            narrative.report_id = checks.report_id
            and narrative.figure_code = checks.instance_code

)

select * from final
