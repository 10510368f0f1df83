-- The checks of fct_rule_checks that belong to one report: the arithmetic rules
-- (int_rule_checks__arithmetic_placed, a report against itself or its previous year's report) and
-- the narrative-vs-table rule (int_rule_checks__narrative), with their messages
-- (macros/rule_check_rows.sql). fct_rule_checks adds the office checks to them.
-- 属于单份报告的检查（算术规则、正文与表格一致性）及其消息；fct_rule_checks 再并入政务公开办检查。
-- Adding reports (macros/increments.sql): the new reports, and the reports whose previous year's
-- report is new (deleted first by report_increment, so that they are not built yet either).
-- 追加报告时检查新报告，以及上年报告为新报告的报告（先被删除，随后与新报告一起重建）。
{{ config(**report_increments(recheck_after='int_report_pairs')) }}
-- the pairs decide what is rechecked / 报告对决定重新检查哪些报告: depends_on: {{ ref('int_report_pairs') }}

with

placed_arithmetic_checks as (

    select * from {{ ref('int_rule_checks__arithmetic_placed') }}
    where {{ reports_not_built() }}

),

narrative_checks as (

    select * from {{ ref('int_rule_checks__narrative') }}
    where {{ reports_not_built() }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

report_checks as (

    select * from placed_arithmetic_checks

    union all

    select * from narrative_checks

),

checks as (

    select
        report_checks.*,
        reports.agency_id,
        reports.report_year,
        -- the arithmetic and narrative checks are stopped by cells only
        false as unusable_is_report_fact
    from report_checks
    inner join reports
        on report_checks.report_id = reports.report_id

),

final as (

    {{ rule_check_rows('checks', 'rules') }}

)

select * from final
