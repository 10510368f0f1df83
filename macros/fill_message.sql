{#-
    Fills a catalogue message template: {location}, {expected} and {actual} are replaced by
    the given SQL expressions. 用给定的表达式填充规则目录中的消息模板。
-#}
{% macro fill_message(template, location, expected, actual) -%}
    replace(
        replace(
            replace({{ template }}, '{location}', coalesce({{ location }}, '')),
            '{expected}', coalesce({{ expected }}, '')
        ),
        '{actual}', coalesce({{ actual }}, '')
    )
{%- endmacro %}
