-- Every evaluation of every arithmetic rule: one row per report × rule × instance
-- (e.g. per applicant column), with the expected and actual sums and a status.
-- 算术规则的每一次检查：报告 × 规则 × 检查对象（如每个申请人列），给出期望值、实际值和结论。
--
-- The rule catalogue is compiled, not joined: macros/rule_checks.sql reads the placed terms
-- (int_rule_terms) at run start and writes one expression per check over the report's row of
-- int_report_cell_values, so the cost is one scan of that table per check, whatever the number of
-- terms. status: pass | fail | not_checkable. A check that meets a cell that is not evidence
-- (blank, missing, not a number, inferred, or a fractional count) is not_checkable — never pass —
-- and int_rule_checks__unusable_cells lists the cells that stopped it.
-- Rules with prev.* terms compare a report with the same agency's report of the year before;
-- a report with no such report has no row for that rule (not applicable). Reports are paired
-- by agency id (int_report_pairs), not by the name as printed.

{%- set checks = rule_checks() %}

with

year_pairs as (

    -- each report and the same agency's report of the year before (by agency id)
    select * from {{ ref('int_report_pairs') }}

),

cell_values as (

    select * from {{ ref('int_report_cell_values') }}

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
            {{ check_unusable_count(check) }} as unusable_cell_count
        {% if check.compares_years -%}
            from year_pairs
            inner join cell_values as this_year
                on year_pairs.report_id = this_year.report_id
            inner join cell_values as last_year
                on year_pairs.related_report_id = last_year.report_id
        {%- else -%}
            from cell_values as this_year
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        report_id
        || '/' || rule_id
        || '/' || instance_code
        || coalesce('/' || related_report_id, '') as check_id,
        report_id,
        rule_id,
        related_report_id,
        instance_code,
        case
            when unusable_cell_count > 0 then 'not_checkable'
            when expected_sum = actual_sum then 'pass'
            else 'fail'
        end as status,
        expected_sum as expected_value,
        actual_sum as actual_value,
        unusable_cell_count

    from evaluated

)

select * from final
