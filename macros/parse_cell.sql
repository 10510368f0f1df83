{#-
    Parsing of a table cell as the report prints it — 单元格解析.

    A cell is read as: an optional sign, digits with optional thousands separators and
    decimals, then an optional note ("22（其中修订16件）" → 22, note "（其中修订16件）").
    Full-width digits and punctuation are folded to ASCII first. Blank marks (empty, "/", "—",
    "－", "无", "空") are blank, never zero. Anything else is not_a_number.

    Use in two steps so each cell is folded and matched once:
        cell_folded(col)            → the folded text
        cell_parts(folded)          → struct {number, rest} (empty strings when no number)
    then, from the folded text and the parts:
        cell_status(folded, parts)  → 'number' | 'blank' | 'not_a_number'
        cell_value(folded, parts)   → decimal(20, 6), null unless the status is 'number'
        cell_note(folded, parts)    → the text after the number, null when there is none
-#}

{% macro cell_folded(col) -%}
    trim(regexp_replace(
        translate({{ col }}, '０１２３４５６７８９．，－＋　', '0123456789.,-+ '),
        '\s+', ' ', 'g'
    ))
{%- endmacro %}

{% macro cell_parts(folded) -%}
    regexp_extract(
        {{ folded }},
        '^([+-]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*(.*)$',
        ['number', 'rest']
    )
{%- endmacro %}

{% macro cell_status(folded, parts) -%}
    case
        when {{ folded }} is null then 'blank'
        when {{ folded }} in ('', '/', '\', '-', '--', '—', '——', '–', '无', '空') then 'blank'
        when
            struct_extract({{ parts }}, 'number') != ''
            and not regexp_matches(struct_extract({{ parts }}, 'rest'), '^[0-9]')
            then 'number'
        else 'not_a_number'
    end
{%- endmacro %}

{% macro cell_value(folded, parts) -%}
    case
        when {{ cell_status(folded, parts) }} = 'number'
            then cast(replace(struct_extract({{ parts }}, 'number'), ',', '') as decimal(20, 6))
    end
{%- endmacro %}

{% macro cell_note(folded, parts) -%}
    case
        when {{ cell_status(folded, parts) }} = 'number'
            then nullif(trim(struct_extract({{ parts }}, 'rest')), '')
    end
{%- endmacro %}
