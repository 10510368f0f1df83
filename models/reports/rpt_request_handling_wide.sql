-- Table 三 read across: one row per report × applicant column, every row of the table as a
-- column, with inflow (一 + 二), outcomes and outflow ((七) + 四) side by side.
-- 表三宽表：每份报告 × 申请人列一行，表中每一行为一列；收（一+二）、办理结果、支（（七）+四）并列。
-- Inflow and outflow are the two sides of the T3_BALANCE check, so they follow the catalogue.

-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(
    post_hook="{{ insert_pivot_slices(pivot_slices(ref('int_report_cells'))) }}",
    **report_increments()
) }}
-- Built in slices of reports, each its own statement (macros/pivot_cells.sql): memory follows
-- the slice, not the corpus. 分片构建，内存随分片增长。
{%- set slices = pivot_slices(ref('int_report_cells')) %}

{%- set t3_rows = template_codes('t3_row') %}
{%- set t3_applicants = template_codes('t3_applicant') %}

with

request_handling as not materialized (

    -- table 三's cells, already numbered by the template (no text keys to join on)
    select * from {{ ref('int_report_cells') }}
    where table_code = 't3' and {{ reports_not_built(relation=ref('int_report_cells')) }} and {{ pivot_slice(slices) }}

),

keyed_cells as (

    -- the value as fct_request_handling.cases shows it: a whole number, else NULL
    select
        report_id,
        cell_no,
        whole_value as cases
    from request_handling

),

applicants as (

    select * from {{ ref('stg_template__codes') }}
    where dimension = 't3_applicant' and has_cells

),

balance_checks as (

    select * from {{ ref('int_rule_checks__arithmetic') }}
    where rule_id = 'T3_BALANCE' and {{ reports_not_built() }} and {{ pivot_slice(slices) }}

),

report_rows as (

    -- one row per report (a long list per group spills; a short one per report × column did not)
    {%- set columns = [] %}
    {%- for cell in template_cells() if cell.cell_key.startswith('t3:') %}
        {%- do columns.append({'value': cell.cell_no, 'name': cell.cell_column[4:]}) %}
    {%- endfor %}
    {{ pivot_values('keyed_cells', ['report_id'], 'cell_no', 'cases', columns) }}

),

pivoted as (
    {% for applicant_code in t3_applicants %}
        select
            {%- for row_code in t3_rows %}
                {{ row_code }}__{{ applicant_code }} as {{ row_code }},
            {%- endfor %}
            report_id,
            '{{ applicant_code }}' as applicant_code
        from report_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

unreadable_counts as (

    select
        report_id,
        column_code as applicant_code,
        count(*) as unreadable_cell_count
    from request_handling
    where cell_state != 'number'
    group by report_id, column_code

),

final as (

    select
        pivoted.report_id,
        pivoted.applicant_code,
        applicants.position as applicant_position,
        applicants.label_zh as applicant_label_zh,
        applicants.label_en as applicant_label_en,
        cast(balance_checks.expected_value as bigint) as inflow,
        {%- for row_code in t3_rows %}
            pivoted.{{ row_code }},
        {%- endfor %}
        cast(balance_checks.actual_value as bigint) as outflow,
        balance_checks.status as balance_status,
        coalesce(unreadable_counts.unreadable_cell_count, 0) as unreadable_cell_count

    from pivoted
    inner join applicants
        on pivoted.applicant_code = applicants.code
    left join balance_checks
        on
            pivoted.report_id = balance_checks.report_id
            and pivoted.applicant_code = balance_checks.instance_code
    left join unreadable_counts
        on
            pivoted.report_id = unreadable_counts.report_id
            and pivoted.applicant_code = unreadable_counts.applicant_code

)

select * from final
