-- The registry as users maintain it. Rows come from DIR/agency_registry_proposed.csv, where a
-- name that a spreadsheet would run as a formula (= + - @) is written with a leading apostrophe
-- (xxgk.inert.spreadsheet_safe): that apostrophe is removed here, so the name matches the report.
-- 建议行中为防公式执行而加的单引号在此去掉，机关名称与报告一致。

with

source as (

    select * from {{ ref('agency_registry') }}

),

renamed as (

    select
        case
            when
                left(trim(title_agency), 1) = ''''
                and substr(trim(title_agency), 2, 1) in ('=', '+', '-', '@')
                then substr(trim(title_agency), 2)
            else trim(title_agency)
        end as title_agency,
        trim(agency_name) as agency_name,
        nullif(trim(province), '') as province,
        nullif(trim(city), '') as city,
        nullif(trim(county), '') as county,
        agency_level

    from source

)

select * from renamed
