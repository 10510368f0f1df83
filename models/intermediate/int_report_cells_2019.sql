-- Every cell of the 2019 trial format's table 二 for every report in that format (22 per report),
-- whether the report filled it or not — like int_report_cells for the 2021 tables: cell_state
-- number, blank, not_a_number or missing (not read by the extractor: the project's problem).
-- 2019 格式报告的表二：每份报告每个单元格一行（22 个），未读出的为 missing（值为 NULL，不是 0）。

with

reports as (

    select * from {{ ref('stg_reports__reports') }}
    where template_version = '2019'

),

codes as (

    select * from {{ ref('stg_template__codes_2019') }}

),

staged_cells as (

    select * from {{ ref('stg_reports__table2_2019') }}

),

items as (

    select * from codes
    where dimension = 't2_2019_item'

),

metrics as (

    select * from codes
    where dimension = 't2_2019_metric'

),

template_cells as (

    select
        items.code as item_code,
        items.position as item_position,
        items.label_zh as item_label_zh,
        items.label_en as item_label_en,
        metrics.code as metric_code,
        metrics.position as metric_position,
        metrics.label_zh as metric_label_zh,
        metrics.label_en as metric_label_en,
        metrics.value_type
    from items
    inner join metrics
        on '|' || items.cell_columns || '|' like '%|' || metrics.code || '|%'

),

final as (

    select
        reports.report_id,
        't2_2019:' || template_cells.item_code || '×' || template_cells.metric_code as cell_key,
        template_cells.item_code,
        template_cells.metric_code,
        template_cells.item_position,
        template_cells.metric_position,
        template_cells.item_label_zh || ' × ' || template_cells.metric_label_zh as cell_label_zh,
        template_cells.item_label_en || ' × ' || template_cells.metric_label_en as cell_label_en,
        template_cells.value_type,
        staged_cells.cell_text,
        staged_cells.value,
        staged_cells.annotation,
        coalesce(staged_cells.parse_status, 'missing') as cell_state,
        staged_cells.provenance,
        staged_cells.source_ref

    from reports
    cross join template_cells
    left join staged_cells
        on
            reports.report_id = staged_cells.report_id
            and template_cells.item_code = staged_cells.item_code
            and template_cells.metric_code = staged_cells.metric_code

)

select * from final
