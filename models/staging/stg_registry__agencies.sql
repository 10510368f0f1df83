-- The agency registry (seeds/registry/agency_registry.csv), trimmed: one row per agency.
-- 机关登记表：每个机关一行。
-- Rows come from DIR/agency_registry_proposed.csv, where a name that a spreadsheet would run as
-- a formula (= + - @) is written with a leading apostrophe (xxgk.inert.spreadsheet_safe): that
-- apostrophe is removed here, so the name matches the report.
-- 建议行中为防公式执行而加的单引号在此去掉，机关名称与报告一致。

with

source as (

    select * from {{ ref('agency_registry') }}

),

renamed as (

    select
        trim(agency_id) as agency_id,
        {{ spreadsheet_unquoted('agency_name') }} as agency_name,
        {{ spreadsheet_unquoted('aliases') }} as aliases,
        nullif(trim(superior_agency_id), '') as superior_agency_id,
        agency_level,
        nullif(trim(division_code), '') as division_code,
        nullif(trim(province), '') as province,
        nullif(trim(city), '') as city,
        nullif(trim(county), '') as county,
        coalesce(rolls_up, false) as rolls_up,
        nullif(trim(publication_deadline), '') as publication_deadline,
        first_report_year

    from source

)

select * from renamed
