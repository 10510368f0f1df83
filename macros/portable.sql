{#-
    Functions DuckDB and PostgreSQL spell differently — 跨数据库函数.

    The models run on DuckDB (the embedded default) and on PostgreSQL (dbt-postgres, for offices
    with a shared server). Where the two differ, a model calls one of these adapter-dispatched
    macros instead of a DuckDB-only function; dbt's own cross-database macros (dbt.position,
    dbt.split_part, …) cover the rest.
-#}

{#- the group-th capture group of the first match of pattern; '' when nothing matches -#}
{% macro regexp_group(expr, pattern, group) -%}
    {{
        adapter.dispatch('regexp_group')(expr, pattern, group) if adapter is defined
        else default__regexp_group(expr, pattern, group)
    }}
{%- endmacro %}

{% macro default__regexp_group(expr, pattern, group) -%}
    coalesce(
        (regexp_match({{ expr }}, '{{ pattern }}'))[{{ group }}],
        case when {{ expr }} is not null then '' end
    )
{%- endmacro %}

{% macro duckdb__regexp_group(expr, pattern, group) -%}
    regexp_extract({{ expr }}, '{{ pattern }}', {{ group }})
{%- endmacro %}

{#- whether pattern matches anywhere in the text -#}
{% macro regexp_found(expr, pattern) -%}
    {{
        adapter.dispatch('regexp_found')(expr, pattern) if adapter is defined
        else default__regexp_found(expr, pattern)
    }}
{%- endmacro %}

{% macro default__regexp_found(expr, pattern) -%}
    ({{ expr }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regexp_found(expr, pattern) -%}
    regexp_matches({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{#- text split on a delimiter, one row per part (a set-returning select expression) -#}
{% macro split_to_rows(expr, delimiter) -%}
    {{
        adapter.dispatch('split_to_rows')(expr, delimiter) if adapter is defined
        else default__split_to_rows(expr, delimiter)
    }}
{%- endmacro %}

{% macro default__split_to_rows(expr, delimiter) -%}
    unnest(string_to_array({{ expr }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro duckdb__split_to_rows(expr, delimiter) -%}
    unnest(string_split({{ expr }}, '{{ delimiter }}'))
{%- endmacro %}

{#-
    A decimal number written in plain digits ("-12", "3.5"), typed decimal(20, 6); NULL where it
    has 15 or more integer digits (it does not fit) or is not such a number.
-#}
{% macro safe_decimal(expr) -%}
    {{
        adapter.dispatch('safe_decimal')(expr) if adapter is defined
        else default__safe_decimal(expr)
    }}
{%- endmacro %}

{% macro default__safe_decimal(expr) -%}
    case
        when {{ expr }} ~ '^[+-]?[0-9]{1,14}(\.[0-9]+)?$' then cast({{ expr }} as decimal(20, 6))
    end
{%- endmacro %}

{% macro duckdb__safe_decimal(expr) -%}
    try_cast({{ expr }} as decimal(20, 6))
{%- endmacro %}

{#- a whole number written in plain digits, typed integer; NULL for anything else -#}
{% macro safe_integer(expr) -%}
    {{
        adapter.dispatch('safe_integer')(expr) if adapter is defined
        else default__safe_integer(expr)
    }}
{%- endmacro %}

{% macro default__safe_integer(expr) -%}
    case
        when trim({{ expr }}) ~ '^[+-]?[0-9]{1,9}$' then cast(trim({{ expr }}) as integer)
    end
{%- endmacro %}

{% macro duckdb__safe_integer(expr) -%}
    try_cast({{ expr }} as integer)
{%- endmacro %}

{#- a date written YYYY-MM-DD (the raw corpus's published_on), typed date; NULL for anything else -#}
{% macro safe_date(expr) -%}
    {{
        adapter.dispatch('safe_date')(expr) if adapter is defined
        else default__safe_date(expr)
    }}
{%- endmacro %}

{% macro default__safe_date(expr) -%}
    case
        when trim({{ expr }}) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then cast(trim({{ expr }}) as date)
    end
{%- endmacro %}

{% macro duckdb__safe_date(expr) -%}
    try_cast(nullif(trim({{ expr }}), '') as date)
{%- endmacro %}

{#-
    A name as the registry's user typed it, without the apostrophe that
    agency_registry_proposed.csv puts before a name a spreadsheet would run as a formula
    (xxgk.inert.spreadsheet_safe): "'+1-2@局" → "+1-2@局"; trimmed; NULL when empty.
-#}
{% macro spreadsheet_unquoted(col) -%}
    nullif(case
        when
            left(trim({{ col }}), 1) = ''''
            and substr(trim({{ col }}), 2, 1) in ('=', '+', '-', '@')
            then substr(trim({{ col }}), 2)
        else trim({{ col }})
    end, '')
{%- endmacro %}
