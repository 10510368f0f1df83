-- sqlfluff:exclude_rules:LT02
{#-
    template_group_cells() — 模板分组单元格列表.

    The cells of the template's groups (int_template_group_cells: a group row without cells of
    its own × a column with cells) as a list of {group_cell_column, group_cell_key}, read at
    execution time, so int_report_group_values follows template_codes. Outside of execution it
    returns one placeholder so the SQL still renders.
-#}
{% macro template_group_cells() %}
    {%- set relation = ref('int_template_group_cells') %}
    {%- if execute and run_query is defined -%}
        {%- set cells_query -%}
            select group_cell_column, group_cell_key
            from {{ relation }}
            order by table_code, group_position, column_position
        {%- endset -%}
        {%- set cells = [] -%}
        {%- for row in run_query(cells_query).rows -%}
            {%- do cells.append({'group_cell_column': row[0], 'group_cell_key': row[1]}) -%}
        {%- endfor -%}
        {{ return(cells) }}
    {%- else -%}
        {{ return([{'group_cell_column': 'placeholder_g', 'group_cell_key': 't0:g×a'}]) }}
    {%- endif -%}
{% endmacro %}
