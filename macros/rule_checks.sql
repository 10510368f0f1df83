-- sqlfluff:exclude_rules:LT02
-- (the macro bodies below generate their column lists with Jinja loops; sqlfluff's indentation
-- rule sees the loop tags, not the rendered layout, which is checked on the models instead)
{#-
    rule_checks() — 规则目录编译出的检查清单.

    Every arithmetic check of the catalogue (rule × instance), read at execution time from
    int_rule_terms (the catalogue's expressions placed on template cells), as a list of
    {rule_id, instance_code, compares_years, terms: [{side, sign, year_offset, cell_column}]}.
    int_rule_checks__arithmetic compiles each into one expression per side; a rule change in
    seeds/reference/rule_catalogue.csv changes the SQL at the next run, with nothing to edit here.
    Outside of execution it returns one placeholder check so the SQL still renders.
-#}
{% macro rule_checks() -%}
    {%- set relation = ref('int_rule_terms') %}
    {%- if execute and run_query is defined -%}
        {%- set terms_query -%}
            select rule_id, instance_code, side, sign, year_offset, cell_column
            from {{ relation }}
            order by rule_id, instance_position, instance_code, side, year_offset, term_position
        {%- endset -%}
        {%- set checks = [] -%}
        {%- set by_key = {} -%}
        {%- for row in run_query(terms_query).rows -%}
            {%- set key = row[0] ~ '/' ~ row[1] -%}
            {%- if key not in by_key -%}
                {%- do by_key.update({key: {
                    'rule_id': row[0], 'instance_code': row[1],
                    'compares_years': false, 'terms': []
                }}) -%}
                {%- do checks.append(by_key[key]) -%}
            {%- endif -%}
            {%- do by_key[key].terms.append({
                'side': row[2], 'sign': row[3] | int, 'year_offset': row[4] | int,
                'cell_column': row[5]
            }) -%}
            {%- if row[4] | int != 0 -%}
                {%- do by_key[key].update({'compares_years': true}) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return(checks) }}
    {%- else -%}
        {{ return([{
            'rule_id': 'PLACEHOLDER', 'instance_code': 'placeholder', 'compares_years': false,
            'terms': [
                {'side': 'actual', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_a'},
                {'side': 'expected', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_b'}
            ]
        }, {
            'rule_id': 'PLACEHOLDER_XY', 'instance_code': 'placeholder', 'compares_years': true,
            'terms': [
                {'side': 'actual', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_a'},
                {'side': 'expected', 'sign': 1, 'year_offset': -1, 'cell_column': 'placeholder_a'}
            ]
        }]) }}
    {%- endif -%}
{% endmacro %}


{#- the signed sum of one side of a check: "+ current.a - previous.b"; NULL when a term is -#}
{% macro check_side_sum(check, side) -%}
    {%- for term in check.terms if term.side == side -%}
        {{ ' - ' if term.sign < 0 else (' + ' if not loop.first else '') -}}
        {{ 'last_year' if term.year_offset == -1 else 'this_year' }}.{{ term.cell_column }}
    {%- endfor -%}
{%- endmacro %}


{#- how many terms of a check are not evidence (NULL in int_report_cell_values) -#}
{% macro check_unusable_count(check) -%}
    {%- for term in check.terms -%}
        {{ ' + ' if not loop.first }}case when {{ 'last_year' if term.year_offset == -1 else 'this_year' -}}
        .{{ term.cell_column }} is null then 1 else 0 end
    {%- endfor -%}
{%- endmacro %}
