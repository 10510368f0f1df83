{#-
    ref() — 引用同一数据库中的关系时不带数据库名.

    dbt's ref, with the database left out of a relation in the build's own database: a view then
    names its parents `schema.table`, which DuckDB resolves in the view's own database file, so
    the file still works when it is copied or renamed (`cp xxgk.duckdb 2024.duckdb`) or attached
    under another name. 同库引用不写库名：视图在数据库文件改名、复制或以别名挂载后仍可用。
-#}
{% macro ref() %}
    {%- if builtins is not defined -%}
        {#- outside dbt (sqlfluff renders the models with stand-ins): the model's name -#}
        {{ return(varargs[-1]) }}
    {%- endif -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation is not none and relation.database == target.database -%}
        {{ return(relation.include(database=False)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
