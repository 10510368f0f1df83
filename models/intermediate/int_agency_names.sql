-- Every name the registry knows an agency by, normalised: its full name and each alias.
-- 登记表中每个机关的全称与别名（规范化后），每个名称一行。
-- A printed name matches an agency when its normalised form equals one of these exactly; a
-- normalised name that two agencies share is an error of the registry (its unique test fails).

with

agencies as (

    select * from {{ ref('stg_registry__agencies') }}

),

printed_names as (

    select
        agency_id,
        agency_name as printed_name,
        'agency_name' as name_match
    from agencies

    union all

    select
        agency_id,
        {{ split_to_rows('aliases', '|') }} as printed_name,
        'alias' as name_match
    from agencies
    where aliases is not null

),

normalized as (

    select
        agency_id,
        name_match,
        printed_name,
        {{ normalize_agency_name('printed_name') }} as normalized_agency_name
    from printed_names

),

final as (

    -- an agency that lists its own full name as an alias too is matched by its name
    select
        normalized_agency_name,
        agency_id,
        min(name_match) as name_match,
        min(printed_name) as printed_name
    from normalized
    where normalized_agency_name is not null
    group by normalized_agency_name, agency_id

)

select * from final
