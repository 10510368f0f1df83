with

source as (

    select * from {{ source('raw', 'raw_extraction_log') }}

),

renamed as (

    select
        source_file,
        source_sha256,
        report_id,
        status as extraction_status,
        cast(cells_expected as integer) as cells_expected,
        cast(cells_read as integer) as cells_read,
        missing_cells,
        nullif(reason_code, '') as reason_code,
        reason_zh,
        reason_en

    from source

)

select * from renamed
