{#-
    unique_combination(columns) — 组合键唯一.
    Fails on every combination of the given columns that occurs more than once
    (a duplicate key is a pipeline failure and always fails the build).
    The query is duplicate_keys (below), which dbt's own `unique` test uses too.
-#}
{% test unique_combination(model, columns) %}

    {{ duplicate_keys(model, columns) }}

{% endtest %}


{#-
    duplicate_keys(model, columns, where) — 重复出现的键及其次数.

    Every combination of `columns` that occurs more than once in `model` (rows that satisfy
    `where`), with its count as `occurrences`: the body of the project's key tests.
    列出出现多于一次的键（及次数）：项目主键测试的查询。
-#}
{% macro duplicate_keys(model, columns, where='true', count_name='occurrences') %}
    {{ return(adapter.dispatch('duplicate_keys')(model, columns, where, count_name)) }}
{% endmacro %}

{% macro default__duplicate_keys(model, columns, where, count_name) %}
    select
        {{ columns | join(', ') }},
        count(*) as {{ count_name }}
    from {{ model }}
    where {{ where }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{#- On DuckDB the keys are first grouped by one 64-bit hash of the key: a table of cells (150 M
    rows at the national scale) groups three times faster on one integer than on four texts. Only
    the rows whose hash occurs twice (none when the test passes, or a hash collision) are then
    grouped by the key itself, so the result is exactly the plain query's.
    DuckDB 上先按键的 64 位哈希分组（快三倍），只对哈希重复的行按键本身复核：结果与直接分组相同。 -#}
{% macro duckdb__duplicate_keys(model, columns, where, count_name) %}
    with

    repeated_hashes as (

        select hash({{ columns | join(', ') }}) as key_hash
        from {{ model }}
        where {{ where }}
        group by key_hash
        having count(*) > 1

    )

    select
        {{ columns | join(', ') }},
        count(*) as {{ count_name }}
    from {{ model }}
    where
        {{ where }}
        and hash({{ columns | join(', ') }}) in (select key_hash from repeated_hashes)
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}


{#-
    dbt's built-in `unique` test with dbt's result columns (unique_field, n_records), through
    duplicate_keys: on DuckDB its faster form. dbt looks up `duckdb__test_unique` in the root
    project before its own `default__test_unique`.
    dbt 内置的 unique 测试（结果列与 dbt 相同），改用 duplicate_keys 的查询。
-#}
{% macro duckdb__test_unique(model, column_name) %}
    select
        {{ column_name }} as unique_field,
        n_records
    from ({{ duplicate_keys(model, [column_name], column_name ~ ' is not null', 'n_records') }}) as duplicates
{% endmacro %}
