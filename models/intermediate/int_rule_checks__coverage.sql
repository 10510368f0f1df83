-- COVERAGE_MISSING: every registered agency has a report for every year it must publish one.
-- 登记机关每个应发布年度都有报告。One check per registered agency × year (int_agency_years);
-- a missing report fails. The check belongs to no report (report_id is NULL): the agency and
-- year say whose it is.
-- LATE_PUBLICATION: each report of a registered agency is dated (its 落款) no later than the
-- deadline of its agency and year (int_agency_years.publication_deadline). One check per such
-- report: expected 0 days late, actual the days after the deadline (negative: early); fails
-- when later; not_checkable when no 落款 date was read (never guessed).
-- 按期发布：登记机关每份报告的落款日期不晚于发布期限；未读出落款日期则无法检查。

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind in ('coverage_missing', 'late_publication')

),

agency_years as (

    select * from {{ ref('int_agency_years') }}

),

report_agencies as (

    select * from {{ ref('int_report_agencies') }}
    where is_registered and report_year is not null

),

coverage as (

    select
        'coverage_missing' as check_kind,
        agency_id || '/' || report_year as check_key,
        cast(null as varchar) as report_id,
        agency_name || '（' || agency_id || '）' || report_year || '年度报告' as location_zh,
        agency_name || ' (' || agency_id || '), report for ' || report_year as location_en,
        case when coverage_status = 'missing' then 'fail' else 'pass' end as status,
        1 as expected_value,
        report_count as actual_value,
        'report:' || agency_id || '/' || report_year as expected_cells,
        coalesce(report_ids, '') as actual_cells,
        cast(null as varchar) as unusable_cells,
        agency_id,
        report_year,
        false as unusable_is_report_fact
    from agency_years

),

dated as (

    select
        report_agencies.report_id,
        report_agencies.agency_id,
        report_agencies.report_year,
        report_agencies.published_on,
        agency_years.agency_name,
        cast(agency_years.publication_deadline as varchar) as deadline_text,
        -- a date minus a date: whole days, on DuckDB and PostgreSQL alike
        report_agencies.published_on - agency_years.publication_deadline as days_late
    from report_agencies
    inner join agency_years
        on
            report_agencies.agency_id = agency_years.agency_id
            and report_agencies.report_year = agency_years.report_year

),

timeliness as (

    select
        'late_publication' as check_kind,
        report_id as check_key,
        report_id,
        agency_name || report_year || '年度报告，落款日期 '
        || coalesce(cast(published_on as varchar), '未读出') || '，发布期限 '
        || deadline_text as location_zh,
        agency_name || ', report for ' || report_year || ', dated '
        || coalesce(cast(published_on as varchar), '(not read)') || ', deadline '
        || deadline_text as location_en,
        case
            when published_on is null then 'not_checkable'
            when days_late > 0 then 'fail'
            else 'pass'
        end as status,
        0 as expected_value,
        days_late as actual_value,
        'deadline:' || deadline_text as expected_cells,
        'published_on' as actual_cells,
        case
            when published_on is null
                then 'published_on（报告末尾未读出落款日期 / no 落款 date read at the end of the report）'
        end as unusable_cells,
        agency_id,
        report_year,
        -- what can stop it is the report's 落款 date, not a cell
        true as unusable_is_report_fact
    from dated

),

subjects as (

    select * from coverage
    union all
    select * from timeliness

),

final as (

    select
        subjects.check_key || '/' || rules.rule_id as check_id,
        subjects.report_id,
        rules.rule_id,
        cast(null as varchar) as related_report_id,
        cast(null as varchar) as table_code,
        'report' as instance_code,
        1 as instance_position,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_code,
        subjects.location_zh,
        subjects.location_en,
        subjects.status,
        cast(subjects.expected_value as decimal(38, 6)) as expected_value,
        cast(subjects.actual_value as decimal(38, 6)) as actual_value,
        subjects.expected_cells,
        subjects.actual_cells,
        subjects.unusable_cells,
        cast(null as varchar) as source_ref,
        subjects.agency_id,
        subjects.report_year,
        subjects.unusable_is_report_fact

    from subjects
    inner join rules
        on subjects.check_kind = rules.check_kind

)

select * from final
