-- One row per extracted report, with its agency from the user-maintained registry.
-- 每份报告一行，并关联机关登记表。agency_key identifies the agency across years: the registry's
-- full name where the agency is registered, otherwise the name as the title prints it.

with

reports as (

    select * from {{ ref('stg_reports__reports') }}

),

agencies as (

    select * from {{ ref('stg_registry__agencies') }}

),

extraction_log as (

    select * from {{ ref('stg_reports__extraction_log') }}

),

joined as (

    select
        reports.report_id,
        reports.source_file,
        reports.source_sha256,
        reports.source_format,
        reports.layout,
        reports.template_version,
        reports.title,
        reports.title_agency,
        reports.report_year,
        reports.agency_source,
        reports.year_source,
        agencies.agency_name,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.agency_level,
        agencies.title_agency is not null as is_registered,
        coalesce(agencies.agency_name, reports.title_agency) as agency_key,
        extraction_log.extraction_status,
        extraction_log.missing_cells

    from reports
    left join agencies
        on reports.title_agency = agencies.title_agency
    left join extraction_log
        on
            reports.report_id = extraction_log.report_id
            and reports.source_file = extraction_log.source_file

)

select * from joined
