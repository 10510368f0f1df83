-- sqlfluff:exclude_rules:LT02
-- (the macro bodies below generate their column lists with Jinja loops; sqlfluff's indentation
-- rule sees the loop tags, not the rendered layout, which is checked on the models instead)
{#-
    template_cells() — 模板单元格列表（按模板顺序）.

    The template's cells as a list of {cell_no, cell_column, cell_key} read from
    int_template_cells at execution time, so the wide model and the compiled rule checks follow
    template_codes. Outside of execution (parsing, linting) it returns two placeholder cells so the
    SQL still renders.
-#}
{% macro template_cells() %}
    {%- set relation = ref('int_template_cells') %}
    {%- if execute and run_query is defined -%}
        {%- set cells_query -%}
            select cell_no, cell_column, cell_key
            from {{ relation }}
            order by cell_no
        {%- endset -%}
        {%- set rows = run_query(cells_query).rows -%}
        {%- set cells = [] -%}
        {%- for row in rows -%}
            {%- do cells.append({'cell_no': row[0], 'cell_column': row[1], 'cell_key': row[2]}) -%}
        {%- endfor -%}
        {{ return(cells) }}
    {%- else -%}
        {{ return([
            {'cell_no': 1, 'cell_column': 'placeholder_a', 'cell_key': 't0:a×a'},
            {'cell_no': 2, 'cell_column': 'placeholder_b', 'cell_key': 't0:b×b'},
        ]) }}
    {%- endif -%}
{% endmacro %}


{#-
    pivot_values(relation, group_by, pivot_column, value_column, values) — 行转列.

    One row per distinct `group_by` of `relation`, with one column per entry of `values`
    ({'value': v, 'name': column name}) holding value_column where pivot_column = v. Meant for dense
    data — each group has every value exactly once (a report's template cells; a report column's
    rows) — and safe where it is not: a group whose pivot values are not exactly `values` gets NULL
    in every column, never a value from another column. Dispatched: DuckDB gathers each group's
    (key, value) pairs into one list, sorts it by key and reads the columns by position: one
    grouping pass whose state spills (its PIVOT statement groups by every pivot value first and
    is several times slower; a list aggregate with ORDER BY cannot spill and runs out of memory);
    other databases (e.g. PostgreSQL) get one filtered aggregate per column.
    Values are numbers or quoted strings as given (`value` is written into the SQL as is).
-#}
{% macro pivot_values(relation, group_by, pivot_column, value_column, values) -%}
    {#- outside dbt (e.g. when sqlfluff renders a model) there is no adapter: the portable form -#}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('pivot_values')(
            relation, group_by, pivot_column, value_column, values
        )) }}
    {%- else -%}
        {{ return(default__pivot_values(relation, group_by, pivot_column, value_column, values)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__pivot_values(relation, group_by, pivot_column, value_column, values) -%}
    select
        {{ group_by | join(', ') }}
        {%- for entry in values %},
            max({{ value_column }}) filter (
                where {{ pivot_column }} = {{ entry.value }}
            ) as {{ entry.name }}
        {%- endfor %}
    from {{ relation }}
    group by {{ group_by | join(', ') }}
{%- endmacro %}

{% macro duckdb__pivot_values(relation, group_by, pivot_column, value_column, values) -%}
    {#- the pivot values in the order the list sorts them (numbers numerically, text bytewise) -#}
    {%- set ordered = values | sort(attribute='value') -%}
    {%- set keys = [] -%}
    {%- for entry in ordered -%}
        {%- do keys.append(entry.value | string) -%}
    {%- endfor -%}
    select
        {{ group_by | join(', ') }}
        {%- for entry in values %},
            case
                when pivot_keys = [{{ keys | join(', ') }}]
                    then pivot_entries[{{ ordered.index(entry) + 1 }}].pivot_value
            end as {{ entry.name }}
        {%- endfor %}
    from (
        select
            *,
            list_transform(pivot_entries, entry -> entry.pivot_key) as pivot_keys
        from (
            select
                {{ group_by | join(', ') }},
                list_sort(list(struct_pack(
                    pivot_key := {{ pivot_column }}, pivot_value := {{ value_column }}
                ))) as pivot_entries
            from {{ relation }}
            group by {{ group_by | join(', ') }}
        )
    )
{%- endmacro %}

{#-
    pivot_evidence(relation, pivot_column, values, portable=false) — 证据值行转列.

    One row per report of `relation` (int_report_cells or int_report_group_cells), one column per
    entry of `values` (as pivot_values takes them, keyed on pivot_column), holding the cell's value
    where it is evidence for the rules (evidence_state 'number' or 'segmented'), NULL otherwise.
    portable: the filtered-aggregate pivot on every database (few reports and few cells).
-#}
{% macro pivot_evidence(relation, pivot_column, values, portable=false) -%}
    {%- set evidence -%}
        (
            select
                report_id,
                {{ pivot_column }},
                case when evidence_state in ('number', 'segmented') then value end as evidence_value
            from {{ relation }}
        ) as evidence
    {%- endset -%}
    {%- if portable -%}
        {{ return(default__pivot_values(evidence, ['report_id'], pivot_column, 'evidence_value', values)) }}
    {%- else -%}
        {{ return(pivot_values(evidence, ['report_id'], pivot_column, 'evidence_value', values)) }}
    {%- endif -%}
{%- endmacro %}


{#-
    Pivots in slices — 分片行转列.

    A pivot holds every value of a report in one list until its row is written, and DuckDB cannot
    spill such a list to disk: at 750,000 reports (150 M cells) the wide rows need more than
    6 GB in one statement. A model of wide rows therefore builds them in slices of reports, each
    its own statement, so that memory follows the slice, not the corpus: the model's own query is
    slice 0 (pivot_slice), and a post-hook inserts the others (insert_pivot_slices), the same
    query with the slice number changed. 宽表按报告分片构建，每片一条语句，内存随分片而非语料增长。
-#}

{#- pivot_slices(relation) — 分片数：relation 的行数 ÷ var('pivot_slice_rows')（向上取整）. -#}
{% macro pivot_slices(relation) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('pivot_slices')(relation)) }}
    {%- endif -%}
    {{ return(1) }}
{%- endmacro %}

{% macro default__pivot_slices(relation) -%}
    {{ return(1) }}
{%- endmacro %}

{% macro duckdb__pivot_slices(relation) -%}
    {%- if not execute -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set adding = reports_being_added_recorded() if adding_to_table() else none -%}
    {%- if adding is not none -%}
        {#- adding reports: the slices cover the new reports' cells (a template's worth each), not
            the corpus: every slice is a scan of `relation`, so fewer slices cost less -#}
        {%- set reports = run_query('select count(*) from ' ~ adding).columns[0].values()[0] | int -%}
        {%- set rows = reports * (template_cells() | length) -%}
    {%- else -%}
        {%- set rows = run_query('select count(*) from ' ~ relation).columns[0].values()[0] | int -%}
    {%- endif -%}
    {%- set per_slice = var('pivot_slice_rows', 30000000) | int -%}
    {{ return([1, (rows + per_slice - 1) // per_slice] | max) }}
{%- endmacro %}

{#- pivot_slice(slices, column) — 第 0 片的筛选条件（带供 post-hook 替换的标记）. -#}
{% macro pivot_slice(slices, column='report_id') -%}
    {%- if slices > 1 -%}
        hash({{ column }}) % {{ slices }} = 0 /* xxgk:pivot-slice */
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- insert_pivot_slices(slices) — post-hook：插入第 1 … slices−1 片. -#}
{% macro insert_pivot_slices(slices) -%}
    {%- set marker = ' = 0 /* xxgk:pivot-slice */' -%}
    {%- for slice in range(1, slices) %}
        insert into {{ this }} {{ sql.replace(marker, ' = ' ~ slice ~ ' /* xxgk:pivot-slice */') }};
    {%- endfor -%}
{%- endmacro %}
