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
        '[\s\x{00}-\x{1f}\x{7f}-\x{9f}\x{ad}\x{200b}-\x{200f}\x{2028}-\x{202f}\x{2060}-\x{206f}\x{3000}\x{feff}]',
        '',
        'g'
    ), '')
{%- endmacro %}
