-- Every evaluation of every arithmetic rule: one row per report × rule × instance
-- (e.g. per applicant column), with the expected and actual sums and a status.
-- 算术规则的每一次检查：报告 × 规则 × 检查对象（如每个申请人列），给出期望值、实际值和结论。
--
-- The rule catalogue is compiled, not joined: macros/rule_checks.sql reads the placed terms
-- (int_rule_terms) at run start and writes one expression per check over the report's row of
-- int_report_cell_values, so the cost is one scan of that table per check, whatever the number of
-- terms. status: pass | fail | not_checkable. A check that meets a cell that is not
-- evidence (blank, missing, grouped, not a number, inferred, or a fractional count) is
-- not_checkable — never pass — and int_rule_checks__unusable_cells lists the cells that stopped
-- it. A sum over every leaf of a group reads the group's cell where the report printed the group
-- as one row (int_report_group_values); a check of a leaf reported only through its group does
-- not apply (no row). (A check of the rule whose constraint segmented one of its cells — digits
-- run together — is excluded in fct_rule_checks, see int_rule_checks__excluded.)
-- Rules with prev.* terms compare a report with the same agency's report of the year before;
-- a report with no such report has no row for that rule (not applicable). Reports are paired
-- by agency id (int_report_pairs), not by the name as printed.

-- Adding reports (macros/increments.sql): the new reports, and the reports whose previous year's
-- report is new (deleted first by report_increment, so that they are not built yet either).
-- 追加报告时检查新报告，以及上年报告为新报告的报告（先被删除，随后与新报告一起重建）。
{{ config(**report_increments(recheck_after='int_report_pairs')) }}

{%- set checks = rule_checks() %}

with

-- The tables below are read by every check (`not materialized`): each check reads its own few
-- columns of them instead of a copy of the whole of them, and joins the pairs table itself, so
-- DuckDB can narrow its scans (the copies cost five times the rest at 750,000 reports).
-- 每项检查只读自己用到的几列，不复制整张宽表。
year_pairs as not materialized (

    -- each report and the same agency's report of the year before (by agency id)
    select * from {{ ref('int_report_pairs') }}

),

cell_values as not materialized (

    select * from {{ ref('int_report_cell_values') }}

),

-- when reports are added, the reports checked (new, or paired with a new one) are found once and
-- each check reads their rows by this list, not by the condition again (unused on a full build)
-- 追加时先求出要检查的报告，各项检查按此名单读取（整体构建时不用）
checked_reports as materialized (  -- noqa: ST03

    select report_id from cell_values
    where {{ reports_not_built() }}

),

checked_values as not materialized (

    select * from cell_values
    {%- if adding_to_table() %}
        where report_id in (select checked_reports.report_id from checked_reports)
    {%- endif %}

),

group_values as not materialized (

    select * from {{ ref('int_report_group_values') }}

),

evaluated as (
    {% for check in checks %}
        select
            this_year.report_id,
            {% if check.compares_years -%}
                year_pairs.related_report_id,
            {%- else -%}
                cast(null as varchar) as related_report_id,
            {%- endif %}
            '{{ check.rule_id }}' as rule_id,
            '{{ check.instance_code }}' as instance_code,
            cast({{ check_side_sum(check, 'expected') }} as decimal(38, 6)) as expected_sum,
            cast({{ check_side_sum(check, 'actual') }} as decimal(38, 6)) as actual_sum,
            {{ check_unusable_count(check) }} as unusable_cell_count,
            {{ check_grouped_count(check) }} as grouped_cell_count,
            {{ check.terms | length }} as term_count
        {% if check.compares_years -%}
            from year_pairs
            inner join checked_values as this_year
                on year_pairs.report_id = this_year.report_id
            inner join cell_values as last_year
                on year_pairs.related_report_id = last_year.report_id
            left join group_values as this_group
                on year_pairs.report_id = this_group.report_id
            left join group_values as last_group
                on year_pairs.related_report_id = last_group.report_id
        {%- else -%}
            from checked_values as this_year
            left join group_values as this_group
                on this_year.report_id = this_group.report_id
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        evaluated.report_id
        || '/' || evaluated.rule_id
        || '/' || evaluated.instance_code
        || coalesce('/' || evaluated.related_report_id, '') as check_id,
        evaluated.report_id,
        evaluated.rule_id,
        evaluated.related_report_id,
        evaluated.instance_code,
        case
            when evaluated.unusable_cell_count + evaluated.grouped_cell_count > 0
                then 'not_checkable'
            when evaluated.expected_sum = evaluated.actual_sum then 'pass'
            else 'fail'
        end as status,
        evaluated.expected_sum as expected_value,
        evaluated.actual_sum as actual_value,
        evaluated.unusable_cell_count

    from evaluated
    -- a check whose every term is a leaf reported only through its group does not apply
    where evaluated.grouped_cell_count < evaluated.term_count

)

select * from final
