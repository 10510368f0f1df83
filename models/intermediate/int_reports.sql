-- One row per extracted report, with its agency from the user-maintained registry.
-- 每份报告一行，并关联机关登记表。agency_key (= agency_id) identifies the agency across years:
-- the registry's agency id where the printed name matches its full name or an alias after
-- normalisation (int_report_agencies), otherwise "unregistered:" and the normalised name.

with

reports as (

    select * from {{ ref('stg_reports__reports') }}

),

report_agencies as (

    select * from {{ ref('int_report_agencies') }}

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
        reports.published_on,
        agencies.agency_name,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.agency_level,
        report_agencies.is_registered,
        report_agencies.agency_id as agency_key,
        report_agencies.agency_id,
        extraction_log.extraction_status,
        extraction_log.missing_cells

    from reports
    inner join report_agencies
        on reports.report_id = report_agencies.report_id
    left join agencies
        on report_agencies.agency_id = agencies.agency_id
    left join extraction_log
        on
            reports.report_id = extraction_log.report_id
            and reports.source_file = extraction_log.source_file

)

select * from joined
