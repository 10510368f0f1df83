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
        {{ safe_integer('report_year') }} as report_year,
        nullif(agency_source, '') as agency_source,
        nullif(year_source, '') as year_source

    from source

)

select * from renamed
