with

reports as (

    select * from {{ ref('int_reports') }}

),

final as (

    select
        report_id,
        source_file,
        source_sha256,
        source_format,
        layout,
        template_version,
        title,
        title_agency,
        agency_name,
        report_year,
        agency_source,
        year_source,
        province,
        city,
        county,
        agency_level,
        is_registered,
        agency_id,
        extraction_status,
        missing_cells,
        published_on

    from reports

)

select * from final
