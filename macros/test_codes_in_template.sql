{#-
    codes_in_template(column_name, dimension) — 代码必须属于模板.
    Fails on every value of the column that is not a code of the given template dimension
    (an unknown code is a pipeline failure: the extractor wrote something the template lacks).
-#}
{% test codes_in_template(model, column_name, dimension) %}

    select {{ column_name }} as unknown_code
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} not in (
            select code from {{ ref('stg_template__codes') }}
            where dimension = '{{ dimension }}'
        )

{% endtest %}
