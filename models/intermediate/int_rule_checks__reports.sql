-- Reports whose agency or year could not be identified: one row per report × missing field.
-- 未能识别机关或年度的报告：每份报告每个缺项一行。
--
-- REPORT_IDENTITY: the extractor found no agency (title_agency empty) or no year
-- (report_year empty or not a year) in the title, signature, page title, statistics period or
-- file name. Such a report is loaded and checked like any other (its cells are findings too);
-- only the comparisons across years cannot pair it with another report.
-- 这类报告照常载入和检查，只是无法与其他年度的报告配对比较。

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'report_identity'

),

reports as (

    select * from {{ ref('stg_reports__reports') }}

),

missing_fields as (

    select
        report_id,
        'title_agency' as field_name,
        '机关名称' as location_zh,
        'agency' as location_en,
        '报告标题中的机关名称' as expected_zh,
        'the agency named in the title' as expected_en
    from reports
    where coalesce(title_agency, '') = ''

    union all

    select
        report_id,
        'report_year' as field_name,
        '报告年度' as location_zh,
        'year' as location_en,
        '四位数的年度' as expected_zh,
        'a four-digit year' as expected_en
    from reports
    where report_year is null

),

final as (

    select
        missing_fields.report_id || '/' || rules.rule_id || '/' || missing_fields.field_name
            as check_id,
        missing_fields.report_id,
        rules.rule_id,
        rules.severity,
        rules.origin,
        missing_fields.field_name,
        missing_fields.location_zh,
        missing_fields.location_en,
        missing_fields.expected_zh,
        missing_fields.expected_en,
        '未找到' as actual_zh,
        'not found' as actual_en,
        {{ fill_message(
            'rules.message_zh', 'missing_fields.location_zh',
            'missing_fields.expected_zh', "'未找到'"
        ) }} as message_zh,
        {{ fill_message(
            'rules.message_en', 'missing_fields.location_en',
            'missing_fields.expected_en', "'not found'"
        ) }} as message_en

    from missing_fields
    cross join rules

)

select * from final
