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
            select rule_id, instance_code, side, sign, year_offset, cell_column,
                group_column, group_key
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
                'cell_column': row[5], 'group_column': row[6], 'group_key': row[7]
            }) -%}
            {%- if row[4] | int != 0 -%}
                {%- do by_key[key].update({'compares_years': true}) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return(checks) }}
    {%- else -%}
        {#- placeholders that use every alias the SQL joins (cells and group cells, both years) -#}
        {{ return([{
            'rule_id': 'PLACEHOLDER', 'instance_code': 'placeholder', 'compares_years': false,
            'terms': [
                {'side': 'actual', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_a',
                 'group_column': none, 'group_key': none},
                {'side': 'expected', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_b',
                 'group_column': 'placeholder_g', 'group_key': 'expected/0/1/placeholder_g'}
            ]
        }, {
            'rule_id': 'PLACEHOLDER_XY', 'instance_code': 'placeholder', 'compares_years': true,
            'terms': [
                {'side': 'actual', 'sign': 1, 'year_offset': 0, 'cell_column': 'placeholder_b',
                 'group_column': 'placeholder_g', 'group_key': 'actual/0/1/placeholder_g'},
                {'side': 'expected', 'sign': 1, 'year_offset': -1, 'cell_column': 'placeholder_b',
                 'group_column': 'placeholder_g', 'group_key': 'expected/-1/1/placeholder_g'}
            ]
        }]) }}
    {%- endif -%}
{% endmacro %}


{#- the table a term reads: this year's or last year's cells, or their group cells -#}
{% macro _term_source(term, groups=false) -%}
    {{- ('last_' if term.year_offset == -1 else 'this_') ~ ('group' if groups else 'year') -}}
{%- endmacro %}


{#- the terms of one side of a check, a group of leaves (same group_key) as one entry -#}
{% macro _side_entries(check, side) -%}
    {%- set entries = [] -%}
    {%- set seen = [] -%}
    {%- for term in check.terms if term.side == side -%}
        {%- if term.group_key is none -%}
            {%- do entries.append({'sign': term.sign, 'terms': [term], 'group': none}) -%}
        {%- elif term.group_key not in seen -%}
            {%- do seen.append(term.group_key) -%}
            {%- do entries.append({
                'sign': term.sign,
                'terms': check.terms | selectattr('group_key', 'equalto', term.group_key) | list,
                'group': term
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}


{#- every leaf of a group absent (NULL) -#}
{% macro _all_absent(entry) -%}
    ({% for term in entry.terms -%}
        {{ ' and ' if not loop.first }}{{ _term_source(term) }}.{{ term.cell_column }} is null
    {%- endfor %})
{%- endmacro %}


{#-
    The signed sum of one side of a check: "+ this_year.a - last_year.b"; NULL when a term is.
    All the leaves of a group (one group_key) are read as their group's cell where every leaf is
    absent and the report printed the group as one row: "case when <leaves absent> then
    this_group.g else (leaf + leaf + leaf) end".
-#}
{% macro check_side_sum(check, side) -%}
    {%- for entry in _side_entries(check, side) -%}
        {{ ' - ' if entry.sign < 0 else (' + ' if not loop.first else '') -}}
        {%- if entry.group is none -%}
            {{ _term_source(entry.terms[0]) }}.{{ entry.terms[0].cell_column }}
        {%- else -%}
            (case when {{ _all_absent(entry) }} then {{ _term_source(entry.group, true) -}}
            .{{ entry.group.group_column }} else (
            {%- for term in entry.terms -%}
                {{ ' + ' if not loop.first }}{{ _term_source(term) }}.{{ term.cell_column }}
            {%- endfor -%}
            ) end)
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{#-
    How many terms of a check are not evidence (NULL in int_report_cell_values): a group of
    leaves read through its group cell counts 0; a leaf whose group was printed as one row (and
    that is not read through it) is not counted here but in check_grouped_count.
-#}
{% macro check_unusable_count(check) -%}
    {%- set entries = _side_entries(check, 'actual') + _side_entries(check, 'expected') -%}
    {%- for entry in entries -%}
        {{ ' + ' if not loop.first }}
        {%- if entry.group is none -%}
            {%- set term = entry.terms[0] -%}
            case when {{ _term_source(term) }}.{{ term.cell_column }} is null
            {%- if term.group_column is not none %} and {{ _term_source(term, true) -}}
                .{{ term.group_column }} is null{% endif %} then 1 else 0 end
        {%- else -%}
            case when {{ _all_absent(entry) }} and {{ _term_source(entry.group, true) -}}
            .{{ entry.group.group_column }} is not null then 0 else (
            {%- for term in entry.terms -%}
                {{ ' + ' if not loop.first }}case when {{ _term_source(term) }}.{{ term.cell_column }}
                is null then 1 else 0 end
            {%- endfor -%}
            ) end
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}


{#- how many terms of a check are leaves reported only through their group (not read through it) -#}
{% macro check_grouped_count(check) -%}
    0
    {%- for term in check.terms if term.group_key is none and term.group_column is not none -%}
        {{ ' + ' }}case when {{ _term_source(term) }}.{{ term.cell_column }} is null
        and {{ _term_source(term, true) }}.{{ term.group_column }} is not null then 1 else 0 end
    {%- endfor -%}
{%- endmacro %}
