-- sqlfluff:exclude_rules:LT02
-- (the macro bodies below generate their column lists with Jinja loops; sqlfluff's indentation
-- rule sees the loop tags, not the rendered layout, which is checked on the models instead)
{#-
    template_table(table_code) — 模板中一张表的定义.

    The row of seeds/reference/template_tables.csv for one table (row_key, column_key,
    value_column, value_data_type, …) read at execution time; placeholders while parsing.
-#}
{% macro template_table(table_code) %}
    {%- set relation = ref('stg_template__tables') %}
    {%- if execute and run_query is defined -%}
        {%- set table_query -%}
            select row_key, column_key, value_column, value_data_type
            from {{ relation }}
            where table_code = '{{ table_code }}'
        {%- endset -%}
        {%- set row = run_query(table_query).rows[0] -%}
        {{ return({
            'row_key': row[0], 'column_key': row[1],
            'value_column': row[2], 'value_data_type': row[3]
        }) }}
    {%- else -%}
        {{ return({
            'row_key': 'row_code', 'column_key': 'column_code',
            'value_column': 'value', 'value_data_type': 'decimal(20, 6)'
        }) }}
    {%- endif -%}
{% endmacro %}


{#-
    table_mart(table_code) — 一张统计表的事实表.

    The fact mart of one statistical table: its cells from int_report_cells (every template cell
    of every report, missing ones included), with the row and column keys and the value column
    named as template_tables says. A count's value is a bigint, NULL where the printed number is
    not whole (CELL_INTEGRAL reports it); the fee of table 二 keeps its decimals.
    每张统计表的事实表：列名取自 template_tables；件数为整数（非整数为 NULL），收费金额保留小数。
    Adding reports (macros/increments.sql) adds the new reports' cells only. 追加报告时只加入新报告。
-#}
{% macro table_mart(table_code) %}
    {{- config(**report_increments()) -}}
    {%- set table = template_table(table_code) -%}

with

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where table_code = '{{ table_code }}' and {{ reports_not_built(relation=ref('int_report_cells')) }}

),

final as (

    select
        report_id,
        row_code as {{ table.row_key }},
        column_code as {{ table.column_key }},
        {%- if table.value_data_type == 'bigint' %}
            whole_value as {{ table.value_column }},
        {%- else %}
            cast(value as {{ table.value_data_type }}) as {{ table.value_column }},
        {%- endif %}
        cell_text,
        annotation,
        cell_state,
        provenance,
        source_ref

    from report_cells

)

select * from final
{%- endmacro %}
