-- Every template cell of every report (200 per report), whether the report filled it or not.
-- 每份报告的每个模板单元格。cell_state says what was found: number, blank (printed empty, "/",
-- "—", "无"), not_a_number, or missing (the extractor did not find the cell). A blank or missing
-- cell has a null value: it is never read as zero.
-- evidence_state says whether the arithmetic rules may use the cell: 'number' when it is a number
-- read from the document (and a whole number where the template wants a count); otherwise the
-- reason it is not evidence (blank, missing, not_a_number, inferred, not_integral).

with

reports as (

    select * from {{ ref('int_reports') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

staged_cells as (

    select * from {{ ref('int_staged_cells') }}

),

final as (

    select
        reports.report_id || '/' || template_cells.cell_key as report_cell_id,
        reports.report_id,
        template_cells.cell_key,
        template_cells.table_code,
        template_cells.row_dimension,
        template_cells.row_code,
        template_cells.row_position,
        template_cells.column_dimension,
        template_cells.column_code,
        template_cells.column_position,
        template_cells.value_type,
        template_cells.cell_label_zh,
        template_cells.cell_label_en,
        staged_cells.cell_text,
        staged_cells.value,
        staged_cells.annotation,
        coalesce(staged_cells.parse_status, 'missing') as cell_state,
        staged_cells.provenance,
        staged_cells.source_ref,
        case
            when staged_cells.parse_status is null then 'missing'
            when staged_cells.parse_status != 'number' then staged_cells.parse_status
            when coalesce(staged_cells.provenance, '') != 'read' then 'inferred'
            when
                template_cells.value_type = 'count'
                and staged_cells.value != floor(staged_cells.value)
                then 'not_integral'
            else 'number'
        end as evidence_state

    from reports
    cross join template_cells
    left join staged_cells
        on
            reports.report_id = staged_cells.report_id
            and template_cells.cell_key = staged_cells.cell_key

)

select * from final
