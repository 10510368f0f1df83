-- noqa: disable=LT02
-- (a materialization is Jinja control flow around statements: sqlfluff's layout rule cannot
-- place its indentation; the statements it runs come from the model and delete_rebuilt_rows)
{#-
    report_increment — 追加报告的物化方式.

    Inserts the model's rows into its existing table in one statement: the model's query selects
    only the reports the table lacks (reports_not_built), so nothing is replaced. dbt's own
    incremental materialization writes the rows to a temporary table first, then deletes their
    keys from the table and inserts them: two writes and a scan of the whole table per model,
    which is most of the cost of adding a year. The rows built again are deleted first, in the
    same transaction (delete_rebuilt_rows): with `recheck_after`, the reports whose previous-year
    report is new; with rows='year', the years of the new reports. For rows='report' the table's
    row count is recorded before the insert (record_rows_before), so that what reads it in this
    build finds the new rows by position. A table that does not exist yet is created whole (dbt's contract, if any,
    applies). Portable SQL: insert … select and delete … where … in.
    一条语句把新报告的行插入已有的表；dbt 自带的增量物化先写临时表、再按键删除并插入（写两遍，并扫描整表）。
-#}
{% materialization report_increment, default %}
    {%- set target = this.incorporate(type='table') -%}
    {%- set existing = load_cached_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing is none -%}
        {%- set build_sql = create_table_as(False, target, compiled_code) -%}
    {%- else -%}
        {#- the table's row count before the insert (its new rows follow), then the rows built again -#}
        {%- set before_insert = [record_rows_before(target), delete_rebuilt_rows(target)] | select | list -%}
        {%- for sql in before_insert -%}
            {%- call statement('before_insert_' ~ loop.index) -%}
                {{ sql }}
            {%- endcall -%}
        {%- endfor -%}
        {%- set columns = adapter.get_columns_in_relation(existing) | map(attribute='quoted') | join(', ') -%}
        {%- set build_sql -%}
            insert into {{ target }} ({{ columns }})
            select {{ columns }} from (
                {{ compiled_code }}
            ) as increment
        {%- endset -%}
    {%- endif -%}

    {%- call statement('main') -%}
        {{ build_sql }}
    {%- endcall -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target]}) }}
{% endmaterialization %}
