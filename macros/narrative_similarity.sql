-- sqlfluff:exclude_rules:LT02
-- (the comparison below is generated with a Jinja loop; sqlfluff's indentation rule sees the
-- loop tags, not the rendered layout, which is checked on the models instead)
{#-
    The narrative signature's geometry — 正文签名的格式 (src/xxgk/extract/similarity.py):
    64 MinHash positions of 4 hex digits each. Two reports' texts are compared position by
    position (substrings: the same SQL on DuckDB and PostgreSQL); the share of equal positions
    estimates the Jaccard similarity of their 4-character shingles.
-#}
{% macro narrative_signature_positions() -%}64{%- endmacro %}

{% macro narrative_signature_chars() -%}{{ (narrative_signature_positions() | int) * 4 }}{%- endmacro %}

{#- how many positions of two signatures are equal; NULL when either is NULL -#}
{% macro narrative_equal_positions(first, second) -%}
    case
        when {{ first }} is not null and {{ second }} is not null then
            {%- for position in range(narrative_signature_positions() | int) %}
                {{ '+ ' if not loop.first }}case when substr({{ first }}, {{ 4 * position + 1 }}, 4) = substr({{ second }}, {{ 4 * position + 1 }}, 4) then 1 else 0 end
            {%- endfor %}
    end
{%- endmacro %}
