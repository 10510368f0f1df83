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
        nullif(year_source, '') as year_source,
        {{ safe_date('published_on') }} as published_on,
        case
            when length(narrative_signature) = {{ narrative_signature_chars() }}
                then narrative_signature
        end as narrative_signature

    from source

)

select * from renamed
