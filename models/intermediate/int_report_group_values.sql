-- The group cells of the reports that printed a group as one row, in one row per report: one
-- column per group cell of the template (named like t3__other__natural_person, see
-- int_template_group_cells.group_cell_column) holding its value where it is evidence, NULL
-- otherwise. The compiled rule checks read it beside int_report_cell_values: a sum over all the
-- leaves of a group reads the group's cell where every leaf is absent.
-- 印成一行的分组：每份这样的报告一行、每个分组单元格一列；规则在子项全部缺席时读取分组单元格。
-- Few reports and few cells: the portable pivot (one filtered aggregate per column) is used.

{%- set group_cells = template_group_cells() %}

with

report_group_cells as (

    select * from {{ ref('int_report_group_cells') }}

),

pivoted as (

    {%- set columns = [] %}
    {%- for cell in group_cells %}
        {%- do columns.append({
            'value': "'" ~ cell.group_cell_column ~ "'", 'name': cell.group_cell_column
        }) %}
    {%- endfor %}
    {{ pivot_evidence('report_group_cells', 'group_cell_column', columns, portable=true) }}

)

select * from pivoted
