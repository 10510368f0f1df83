{#-
    unique_combination(columns) — 组合键唯一.
    Fails on every combination of the given columns that occurs more than once
    (a duplicate key is a pipeline failure and always fails the build).
-#}
{% test unique_combination(model, columns) %}

    select
        {{ columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1

{% endtest %}
