-- Coverage: one row per registered agency × year it must publish a report — published, missing
-- or duplicate — with the deadline that applies to it, the 落款 date of its report and whether
-- it was published on time (LATE_PUBLICATION).
-- 到期发布情况：每个登记机关 × 应发布年度一行——已发布、缺失或重复，适用的发布期限、报告落款日期及是否按期。

with

agency_years as (

    select * from {{ ref('int_agency_years') }}

),

final as (

    select
        agency_year_id,
        agency_id,
        report_year,
        agency_name,
        agency_level,
        superior_agency_id,
        division_code,
        province,
        city,
        county,
        coverage_status,
        report_count,
        report_ids,
        publication_deadline,
        published_on,
        days_late,
        publication_status

    from agency_years

)

select * from final
