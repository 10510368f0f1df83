{#-
    Parsing of a table cell as the report prints it — 单元格解析.

    A cell is read as: an optional sign, digits with optional thousands separators and
    decimals, then an optional note ("22（其中修订16件）" → 22, note "（其中修订16件）").
    Full-width digits and punctuation are folded to ASCII first.
    Blank marks (empty, "/", "—", "－", "无", "空") are blank, never zero.

    parse_cell_status(col) → 'number' | 'blank' | 'not_a_number'
    parse_cell_value(col)  → decimal(20, 6), null unless the status is 'number'
    parse_cell_note(col)   → the text after the number, null when there is none
-#}

{% macro _cell_folded(col) -%}
    trim(
        regexp_replace(
            translate({{ col }}, '０１２３４５６７８９．，－＋', '0123456789.,-+'),
            '\s+', ' ', 'g'
        )
    )
{%- endmacro %}

{% macro _cell_number_pattern() -%}
    '^([+-]?[0-9]+(,[0-9]{3})*(\.[0-9]+)?)(\s*(.*))$'
{%- endmacro %}

{% macro _cell_blank_marks() -%}
    ('', '/', '\', '-', '--', '—', '——', '–', '无', '空', '/ ')
{%- endmacro %}

{% macro parse_cell_status(col) -%}
    case
        when {{ col }} is null then 'blank'
        when {{ _cell_folded(col) }} in {{ _cell_blank_marks() }} then 'blank'
        when regexp_matches({{ _cell_folded(col) }}, {{ _cell_number_pattern() }})
            and not regexp_matches(
                regexp_extract({{ _cell_folded(col) }}, {{ _cell_number_pattern() }}, 5),
                '^[0-9]'
            )
            then 'number'
        else 'not_a_number'
    end
{%- endmacro %}

{% macro parse_cell_value(col) -%}
    case
        when {{ parse_cell_status(col) }} = 'number'
            then cast(
                replace(
                    regexp_extract({{ _cell_folded(col) }}, {{ _cell_number_pattern() }}, 1),
                    ',', ''
                ) as decimal(20, 6)
            )
    end
{%- endmacro %}

{% macro parse_cell_note(col) -%}
    case
        when {{ parse_cell_status(col) }} = 'number'
            then nullif(
                trim(regexp_extract({{ _cell_folded(col) }}, {{ _cell_number_pattern() }}, 5)),
                ''
            )
    end
{%- endmacro %}
