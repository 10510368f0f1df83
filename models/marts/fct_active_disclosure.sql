with

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where table_code = 't2'

),

final as (

    select
        report_id,
        row_code as item_code,
        column_code as metric_code,
        cast(value as decimal(20, 6)) as value,
        cell_text,
        annotation,
        cell_state,
        provenance,
        source_ref

    from report_cells

)

select * from final
