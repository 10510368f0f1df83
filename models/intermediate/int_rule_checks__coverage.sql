-- COVERAGE_MISSING: every registered agency has a report for every year it must publish one.
-- 登记机关每个应发布年度都有报告。One check per registered agency × year (int_agency_years);
-- a missing report fails. The check belongs to no report (report_id is NULL): the agency and
-- year say whose it is.

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'coverage_missing'

),

agency_years as (

    select * from {{ ref('int_agency_years') }}

),

final as (

    select
        agency_years.agency_id || '/' || agency_years.report_year || '/' || rules.rule_id
            as check_id,
        cast(null as varchar) as report_id,
        rules.rule_id,
        cast(null as varchar) as related_report_id,
        cast(null as varchar) as table_code,
        'report' as instance_code,
        1 as instance_position,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_code,
        agency_years.agency_name || '（' || agency_years.agency_id || '）'
        || agency_years.report_year || '年度报告' as location_zh,
        agency_years.agency_name || ' (' || agency_years.agency_id || '), report for '
        || agency_years.report_year as location_en,
        case when agency_years.coverage_status = 'missing' then 'fail' else 'pass' end as status,
        cast(1 as decimal(38, 6)) as expected_value,
        cast(agency_years.report_count as decimal(38, 6)) as actual_value,
        'report:' || agency_years.agency_id || '/' || agency_years.report_year as expected_cells,
        coalesce(agency_years.report_ids, '') as actual_cells,
        cast(null as varchar) as unusable_cells,
        cast(null as varchar) as source_ref,
        agency_years.agency_id,
        agency_years.report_year

    from agency_years
    cross join rules

)

select * from final
