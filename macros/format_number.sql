{#-
    Renders a decimal for messages without trailing zeros: 538.000000 → '538',
    22302.639600 → '22302.6396'. 在消息中显示数字，去掉多余的小数位零。
-#}
{% macro format_number(expr) -%}
    case
        when {{ expr }} is null then null
        when cast({{ expr }} as varchar) like '%.%'
            then rtrim(rtrim(cast({{ expr }} as varchar), '0'), '.')
        else cast({{ expr }} as varchar)
    end
{%- endmacro %}
