{#-
    template_codes(dimension) — 模板某一维度的代码列表（按模板顺序）.

    Reads the codes seed at execution time, so generated columns (e.g. the wide form of
    table 三) follow template_codes, the one source of truth for the template. Outside of
    execution (parsing, linting) it returns a two-code placeholder so the SQL still renders.
-#}
{% macro template_codes(dimension) %}
    {%- if execute and run_query is defined -%}
        {%- set codes_query -%}
            select code
            from {{ ref('stg_template__codes') }}
            where dimension = '{{ dimension }}' and has_cells
            order by position
        {%- endset -%}
        {{ return(run_query(codes_query).columns[0].values() | list) }}
    {%- else -%}
        {{ return(['placeholder_a', 'placeholder_b']) }}
    {%- endif -%}
{% endmacro %}
