with

source as (

    select * from {{ source('raw', 'raw_reports') }}

),

renamed as (

    select
        report_id,
        source_file,
        source_sha256,
        source_format,
        layout,
        template_version,
        title,
        trim(title_agency) as title_agency,
        {{ safe_integer('report_year') }} as report_year

    from source

)

select * from renamed
