{#-
    Parsing of a table cell as the report prints it — 单元格解析.

    A cell is read as: an optional sign, digits with optional thousands separators and
    decimals, then an optional note ("22（其中修订16件）" → 22, note "（其中修订16件）").
    Full-width digits and punctuation are folded to ASCII first. Blank marks (empty, "/", "—",
    "－", "无", "空") are blank, never zero. A number too large for decimal(20, 6) (15 or more
    integer digits) cannot be typed and is not_a_number: one such cell never stops the build.
    Anything else is not_a_number.
    单元格按印刷原样解析：空白记号为空白（绝不为 0）；无法定型的数字（15 位以上整数）为非数字。

    Most cells are plain whole numbers ("0", "538"): cell_is_plain(col) recognises them with one
    anchored match and plain_cell_value(col) types them; the general parse handles the others:
        cell_value(col)   → decimal(20, 6), null unless the cell is a number
        cell_status(col)  → 'number' | 'blank' | 'not_a_number'
        cell_note(col)    → the text after the number, null when there is none
-#}

{% macro cell_is_plain(col) -%}
    {{ adapter.dispatch('cell_is_plain')(col) if adapter is defined else default__cell_is_plain(col) }}
{%- endmacro %}

{#- one to fourteen ASCII digits and nothing else (fits decimal(20, 6)) -#}
{% macro default__cell_is_plain(col) -%}
    coalesce({{ col }} ~ '^[0-9]{1,14}$', false)
{%- endmacro %}

{% macro duckdb__cell_is_plain(col) -%}
    coalesce(regexp_full_match({{ col }}, '[0-9]{1,14}'), false)
{%- endmacro %}

{% macro cell_folded(col) -%}
    trim(regexp_replace(
        translate({{ col }}, '０１２３４５６７８９．，－＋　', '0123456789.,-+ '),
        '\s+', ' ', 'g'
    ))
{%- endmacro %}

{#- the number at the start of the folded text, '' when there is none -#}
{% macro _cell_number(col) -%}
    {{ regexp_group(cell_folded(col), '^([+-]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)', 1) }}
{%- endmacro %}

{#- the text after that number -#}
{% macro _cell_rest(col) -%}
    {{ regexp_group(cell_folded(col), '^[+-]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?\s*(.*)$', 1) }}
{%- endmacro %}

{#- the number as decimal(20, 6), null when it does not fit -#}
{% macro _cell_typed(col) -%}
    {{ safe_decimal("replace(" ~ _cell_number(col) ~ ", ',', '')") }}
{%- endmacro %}

{#-
    The general parse, for any text. Staging applies it only to the cells that are not plain
    (stg_reports__cells passes NULL for the plain ones): DuckDB hoists repeated subexpressions out of
    CASE branches, so guarding them with a CASE alone would still fold every cell.
-#}
{% macro cell_status(col) -%}
    case
        when {{ col }} is null then 'blank'
        when {{ cell_folded(col) }} in ('', '/', '\', '-', '--', '—', '——', '–', '无', '空')
            then 'blank'
        when
            {{ _cell_number(col) }} != ''
            and not {{ regexp_found(_cell_rest(col), '^[0-9]') }}
            and {{ _cell_typed(col) }} is not null
            then 'number'
        else 'not_a_number'
    end
{%- endmacro %}

{% macro cell_value(col) -%}
    case
        when {{ cell_status(col) }} = 'number' then {{ _cell_typed(col) }}
    end
{%- endmacro %}

{% macro cell_note(col) -%}
    case
        when {{ cell_status(col) }} = 'number' then nullif(trim({{ _cell_rest(col) }}), '')
    end
{%- endmacro %}

{#- a plain cell's value: through bigint, ten times faster than a text-to-decimal cast in DuckDB -#}
{% macro plain_cell_value(col) -%}
    cast(cast({{ col }} as bigint) as decimal(20, 6))
{%- endmacro %}
