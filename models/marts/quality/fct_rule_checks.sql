-- Every evaluation of a rule that compares numbers: the arithmetic rules (int_rule_checks__arithmetic)
-- and the narrative-vs-table rule (int_rule_checks__narrative), with pass / fail / not_checkable /
-- not_read (stopped only by the extractor's gaps) / excluded (cells segmented with this rule).
-- 所有数值比较类检查（算术规则与正文—表格一致性），含通过、不符和无法检查。
-- With them the office checks (int_rule_checks__office: roll-ups, coverage, year on year); a
-- coverage check belongs to an agency and year, not a report (report_id NULL). agency_id and
-- report_year say whose every check is. 另含政务公开办检查；每项检查都带机关编号与年度。
--
-- A view over the checks of each report (int_rule_checks__by_report, which adding reports
-- extends report by report) and the office checks (the view int_rule_checks__office over the
-- roll-ups, rebuilt by year, the year-on-year checks, extended by report pair, and coverage);
-- both get their messages from macros/rule_check_rows.sql.
-- 视图：逐报告的检查表（可追加）与政务公开办检查（汇总按年度重建、同比按报告对追加、到期发布整体重建）之并。
{{ config(materialized='view') }}

with

report_checks as (

    select * from {{ ref('int_rule_checks__by_report') }}

),

office_checks as (

    select * from {{ ref('int_rule_checks__office') }}

),

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

office_rows as (

    {{ rule_check_rows('office_checks', 'rules') }}

),

final as (

    select {{ contract_columns() }} from report_checks
    union all
    select {{ contract_columns() }} from office_rows

)

select * from final
