-- Every registered agency × every year it must publish a report, with the reports it has.
-- 每个登记机关 × 应发布报告的每个年度，及其实有报告。
--
-- The years are those of the corpus (the years any report is for), from the agency's
-- first_report_year (registry) on — or, where that is blank, from its first report in the
-- corpus, or from the corpus's first year when it has none. Years an agency reported in
-- before that are kept too. coverage_status: published (one report), duplicate (several: all
-- kept, none chosen), missing (none).
-- Timeliness (LATE_PUBLICATION): published_on is the 落款 date of the year's report (the earliest
-- of several), days_late its days after publication_deadline (negative: early), and
-- publication_status on_time, late, date_unknown (no 落款 date read) or not_published.
-- 按期发布：落款日期与发布期限相比——按期、逾期、日期不明或未发布。

with

agencies as (

    select * from {{ ref('stg_registry__agencies') }}

),

report_agencies as (

    select * from {{ ref('int_report_agencies') }}
    where report_year is not null

),

corpus_years as (

    select distinct report_year
    from report_agencies

),

first_years as (

    select
        agency_id,
        min(report_year) as first_year
    from report_agencies
    where is_registered
    group by agency_id

),

reported as (

    select
        agency_id,
        report_year,
        count(*) as report_count,
        string_agg(report_id, ', ' order by report_id) as report_ids,
        min(published_on) as published_on
    from report_agencies
    where is_registered
    group by agency_id, report_year

),

expected as (

    select
        agencies.agency_id,
        corpus_years.report_year
    from agencies
    cross join corpus_years
    left join first_years
        on agencies.agency_id = first_years.agency_id
    where
        corpus_years.report_year >= coalesce(
            agencies.first_report_year,
            first_years.first_year,
            (select min(all_years.report_year) from corpus_years as all_years)
        )

    union

    select
        agency_id,
        report_year
    from reported

),

agency_years as (

    select
        expected.agency_id || '/' || expected.report_year as agency_year_id,
        expected.agency_id,
        expected.report_year,
        agencies.agency_name,
        agencies.agency_level,
        agencies.superior_agency_id,
        agencies.division_code,
        agencies.province,
        agencies.city,
        agencies.county,
        case
            when reported.report_count is null then 'missing'
            when reported.report_count > 1 then 'duplicate'
            else 'published'
        end as coverage_status,
        coalesce(reported.report_count, 0) as report_count,
        reported.report_ids,
        cast(
            (expected.report_year + 1)
            || '-'
            || coalesce(
                agencies.publication_deadline,
                case
                    when agencies.agency_level = 'department' then '{{ var("deadline_department") }}'
                    else '{{ var("deadline_government") }}'
                end
            ) as date
        ) as publication_deadline,
        reported.published_on

    from expected
    inner join agencies
        on expected.agency_id = agencies.agency_id
    left join reported
        on
            expected.agency_id = reported.agency_id
            and expected.report_year = reported.report_year

),

final as (

    select
        agency_years.*,
        -- a date minus a date: whole days on DuckDB and PostgreSQL alike (bigint on DuckDB,
        -- integer on PostgreSQL: cast, the contract of rpt_coverage says bigint)
        cast(agency_years.published_on - agency_years.publication_deadline as bigint) as days_late,
        case
            when agency_years.coverage_status = 'missing' then 'not_published'
            when agency_years.published_on is null then 'date_unknown'
            when agency_years.published_on > agency_years.publication_deadline then 'late'
            else 'on_time'
        end as publication_status
    from agency_years

)

select * from final
