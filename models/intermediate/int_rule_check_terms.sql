-- Every term of every arithmetic check, placed on the report whose cell it reads: one row per
-- report × rule × instance × term (prev. terms read the previous year's report). A view: its
-- readers (the unusable cells of checks that could not be run, and the public fct_rule_terms)
-- filter it, so it is never stored for the whole corpus.
-- 每项算术检查的每一项及其所读的报告（prev. 项读上一年度的报告）；视图，按需计算。
{{ config(materialized='view') }}

with

checks as (

    select * from {{ ref('int_rule_checks__arithmetic') }}

),

terms as (

    select * from {{ ref('int_rule_terms') }}

),

final as (

    select
        checks.check_id,
        checks.report_id,
        checks.related_report_id,
        checks.rule_id,
        checks.instance_code,
        checks.status,
        terms.side,
        terms.sign,
        terms.year_offset,
        terms.term_code,
        terms.term_position,
        terms.term_column,
        terms.cell_key,
        terms.cell_no,
        terms.table_code,
        terms.row_code,
        terms.column_code,
        case
            when terms.year_offset = -1 then checks.related_report_id else checks.report_id
        end as cell_report_id
    from checks
    inner join terms
        on
            checks.rule_id = terms.rule_id
            and checks.instance_code = terms.instance_code

)

select * from final
