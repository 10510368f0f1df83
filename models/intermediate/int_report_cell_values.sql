-- Every report in one row: one column per template cell (named like t3__granted__natural_person,
-- see int_template_cells.cell_column) holding the cell's value where it is evidence for the rules
-- (int_report_cells.evidence_state 'number' or 'segmented'), NULL otherwise (blank, missing,
-- grouped, not a number, inferred, fractional count). The compiled rule checks read this table:
-- each check is then one expression over one row, and a NULL term makes the check not checkable.
-- 每份报告一行、每个模板单元格一列：可作为规则证据的数值，否则为 NULL。编译后的规则检查直接读此表。


-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(
    post_hook="{{ insert_pivot_slices(pivot_slices(ref('int_report_cells'))) }}",
    **report_increments()
) }}
-- Built in slices of reports, each its own statement (macros/pivot_cells.sql): memory follows
-- the slice, not the corpus. 分片构建，内存随分片增长。
{%- set slices = pivot_slices(ref('int_report_cells')) %}

{%- set cells = template_cells() %}

with

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where {{ reports_not_built(relation=ref('int_report_cells')) }} and {{ pivot_slice(slices) }}

),

pivoted as (

    {%- set columns = [] %}
    {%- for cell in cells %}
        {%- do columns.append({'value': cell.cell_no, 'name': cell.cell_column}) %}
    {%- endfor %}
    {{ pivot_evidence('report_cells', 'cell_no', columns) }}

)

select * from pivoted
