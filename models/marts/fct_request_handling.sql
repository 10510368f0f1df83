with

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where table_code = 't3'

),

final as (

    select
        report_id,
        row_code,
        column_code as applicant_code,
        case
            when value = floor(value) then cast(value as bigint)
        end as cases,
        cell_text,
        annotation,
        cell_state,
        provenance,
        source_ref

    from report_cells

)

select * from final
