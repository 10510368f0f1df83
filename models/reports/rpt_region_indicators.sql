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

{#- The places of a region, widest first, and how a region of each level is named. #}
{%- set places = ['province', 'city', 'county'] %}
{%- set region_names = {
    'province': 'province',
    'city': 'province || city',
    'county': "coalesce(province, '') || coalesce(city, '') || county",
} %}
{%- set region_columns = ['region_level', 'region_name'] + places %}
{%- set indicator_columns = [
    'report_year', 'indicator_code', 'indicator_position', 'indicator_label_zh', 'indicator_label_en'
] %}

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
    {#- one branch per level: the places below the level are NULL #}
    {% for level in places %}
        {%- set depth = loop.index0 %}
        select
            '{{ level }}' as region_level,
            {{ region_names[level] }} as region_name,
            {%- for place in places %}
                {{ place if loop.index0 <= depth else 'cast(null as varchar) as ' ~ place }},
            {%- endfor %}
            {{ indicator_columns | join(', ') }},
            numerator,
            denominator
        from placed
        where {{ level }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

summed as (

    select
        {{ (region_columns + indicator_columns) | join(',\n        ') }},
        count(*) as report_count,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from regions
    group by
        {{ (region_columns + indicator_columns) | join(',\n        ') }}

),

final as (

    select
        region_level || '/' || region_name || '/' || report_year || '/' || indicator_code
            as region_indicator_id,
        {{ (region_columns + indicator_columns) | join(',\n        ') }},
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
