with

source as (

    select * from {{ ref('agency_registry') }}

),

renamed as (

    select
        trim(title_agency) as title_agency,
        trim(agency_name) as agency_name,
        nullif(trim(province), '') as province,
        nullif(trim(city), '') as city,
        nullif(trim(county), '') as county,
        agency_level

    from source

)

select * from renamed
