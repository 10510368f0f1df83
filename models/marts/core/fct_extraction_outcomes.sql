with

extraction_log as (

    select * from {{ ref('stg_reports__extraction_log') }}

),

final as (

    select
        source_file,
        source_sha256,
        report_id,
        extraction_status,
        cells_expected,
        cells_read,
        missing_cells,
        reason_code,
        reason_zh,
        reason_en

    from extraction_log

)

select * from final
