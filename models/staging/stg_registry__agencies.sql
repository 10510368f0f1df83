-- The agency registry (seeds/registry/agency_registry.csv), trimmed: one row per agency.
-- 机关登记表：每个机关一行。

with

source as (

    select * from {{ ref('agency_registry') }}

),

renamed as (

    select
        trim(agency_id) as agency_id,
        trim(agency_name) as agency_name,
        nullif(trim(aliases), '') as aliases,
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
