{#-
    contract_columns() — 模型契约中的列.

    The columns of the model being compiled as its YAML (its enforced contract) lists them, for a
    mart that passes on a chosen part of an upstream model's columns: the list lives in the YAML
    alone. Outside dbt's execution (parsing, sqlfluff) the SQL is not run: one placeholder column.
-#}
{% macro contract_columns() -%}
    {%- if not execute -%}
        contract_columns
    {%- elif model.columns -%}
        {{ model.columns.keys() | join(',\n        ') }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(model.name ~ ': contract_columns() needs the columns in YAML') }}
    {%- endif -%}
{%- endmacro %}
