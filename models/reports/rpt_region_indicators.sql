-- The indicators per region and year, ranked: one row per region × year × indicator.
-- 地区指标及排名：地区 × 年度 × 指标一行。
--
-- Regions are the registry's provinces, cities and counties (region_level province | city |
-- county). A region's indicator is the sum of its reports' numerators over the sum of their
-- denominators, over the reports of registered agencies in it that are not roll-ups (a
-- roll-up's figures are its subordinates', which would be counted twice); reports whose
-- indicator cannot be computed are left out of both sums. rank: 1 = highest value among the
-- regions of the same level, year and indicator whose denominator is at least
-- var('indicator_min_denominator') (30 by default); smaller regions are not ranked (NULL).

with

indicators as (

    select * from {{ ref('fct_report_indicators') }}
    where numerator is not null and denominator is not null

),

agencies as (

    select * from {{ ref('stg_registry__agencies') }}
    where not rolls_up

),

placed as (

    select
        indicators.*,
        agencies.province,
        agencies.city,
        agencies.county
    from indicators
    inner join agencies
        on indicators.agency_id = agencies.agency_id

),

regions as (

    select
        'province' as region_level,
        province as region_name,
        province,
        cast(null as varchar) as city,
        cast(null as varchar) as county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en,
        numerator,
        denominator
    from placed
    where province is not null

    union all

    select
        'city' as region_level,
        province || city as region_name,
        province,
        city,
        cast(null as varchar) as county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en,
        numerator,
        denominator
    from placed
    where city is not null

    union all

    select
        'county' as region_level,
        coalesce(province, '') || coalesce(city, '') || county as region_name,
        province,
        city,
        county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en,
        numerator,
        denominator
    from placed
    where county is not null

),

summed as (

    select
        region_level,
        region_name,
        province,
        city,
        county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en,
        count(*) as report_count,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from regions
    group by
        region_level,
        region_name,
        province,
        city,
        county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en

),

final as (

    select
        region_level || '/' || region_name || '/' || report_year || '/' || indicator_code
            as region_indicator_id,
        region_level,
        region_name,
        province,
        city,
        county,
        report_year,
        indicator_code,
        indicator_position,
        indicator_label_zh,
        indicator_label_en,
        cast(report_count as integer) as report_count,
        cast(numerator as decimal(38, 6)) as numerator,
        cast(denominator as decimal(38, 6)) as denominator,
        cast(numerator / nullif(denominator, 0) as float8) as indicator_value,
        denominator >= {{ var('indicator_min_denominator') }} as is_ranked,
        cast(
            case
                when denominator >= {{ var('indicator_min_denominator') }}
                    then rank() over (
                        partition by
                            region_level,
                            report_year,
                            indicator_code,
                            denominator >= {{ var('indicator_min_denominator') }}
                        order by numerator / nullif(denominator, 0) desc nulls last
                    )
            end as integer
        ) as indicator_rank

    from summed

)

select * from final
