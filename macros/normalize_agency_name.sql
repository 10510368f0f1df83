{#-
    normalize_agency_name(expression) — 机关名称规范化（用于与登记表别名匹配）.

    The SQL side of xxgk.extract.agency_names.normalize_agency_name: the NFKC mappings that
    occur in agency names (full-width letters, digits and punctuation such as （）→ (), the
    ideographic space) and the removal of whitespace, control characters (Cc) and invisible
    format characters (Cf: zero-width space and joiners, direction marks, BOM), so that
    `焦作市\u200b人民政府` and `焦作市人民政府` are one name. Both sides of a registry match go
    through it: the printed name and every alias.
-#}
{% macro normalize_agency_name(expression) -%}
    nullif(regexp_replace(
        translate(
            {{ expression }},
            '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～',
            '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~'
        ),
        '{{ invisible_characters() }}',
        '',
        'g'
    ), '')
{%- endmacro %}


{#- whitespace, control and invisible format characters, as a regular-expression class -#}
{% macro invisible_characters() -%}
    {{
        adapter.dispatch('invisible_characters')() if adapter is defined
        else default__invisible_characters()
    }}
{%- endmacro %}

{#- PostgreSQL's ARE: \uXXXX escapes (a NUL cannot be in its text at all) -#}
{% macro default__invisible_characters() -%}
    [\s\u0001-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\u3000\ufeff]
{%- endmacro %}

{#- RE2: \x{…} escapes -#}
{% macro duckdb__invisible_characters() -%}
    [\s\x{00}-\x{1f}\x{7f}-\x{9f}\x{ad}\x{200b}-\x{200f}\x{2028}-\x{202f}\x{2060}-\x{206f}\x{3000}\x{feff}]
{%- endmacro %}
