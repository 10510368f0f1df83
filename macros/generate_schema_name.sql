{#-
    Schemas are named plainly (staging, marts, …) instead of dbt's default
    <target_schema>_<custom_schema>, so analysts query marts.fct_request_handling.
    模式名直接使用 staging、marts 等，而不是 main_staging。
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
