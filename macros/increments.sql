{#-
    Adding reports to a built database — 向已构建的数据库追加报告.

    A national database gets next year's batch without rebuilding the past: `xxgk build
    --add-reports` (dbt: `--vars '{add_reports: true}'`) builds the per-report models of the new
    reports only, the roll-ups of their years only, and rebuilds whole only what compares across
    agencies and years. Reports are identified by
    their content (report_id is the start of the file's SHA-256): a corrected report is a new
    report. Without the var every model is rebuilt whole, as always (`full_refresh`).
    追加模式：逐报告的模型只处理新报告，汇总检查只重建新报告所属年度；其余跨报告的模型整体重建。不带此变量时一切整体重建。
-#}

{#- adding_reports() — 本次构建是否为追加模式（变量 add_reports）. -#}
{% macro adding_reports() %}
    {{ return(var('add_reports', false) in [true, 'true', 'True', '1', 1]) }}
{% endmacro %}


{#-
    report_increments(recheck_after) — 逐报告增量模型的配置.

    The config of a model whose rows of one report depend on that report alone (or, for the
    cross-year rules, on it and the previous year's report). A plain table on a full build; when
    the build adds reports, the materialization `report_increment` below, which inserts the new
    reports' rows into the table in place. `recheck_after` names the model of report pairs
    (int_report_pairs) for the checks that compare a report with the previous year's: the reports
    whose previous-year report is new are deleted first, and so built again with the new ones.
    `rows` says what an increment adds: 'report' (the rows of new reports only: the tests of the
    model then look at the new reports only, default__get_where_subquery), 'pair' (the checks of
    new report pairs, which may belong to a report already built) or 'year' (the rows of every
    year a new report belongs to, deleted and built again: a roll-up compares the reports of one
    year, and a late report changes its year's roll-ups).
    整体构建时为普通表；追加模式时用下面的物化方式 report_increment，把新报告的行直接插入表中。
-#}
{% macro report_increments(recheck_after=none, rows='report') %}
    {%- set adding = adding_reports() and not flags.FULL_REFRESH -%}
    {%- set settings = {
        'materialized': 'report_increment' if adding else 'table',
        'increment_rows': 'rechecked' if recheck_after is not none else rows
    } -%}
    {%- if recheck_after is not none -%}
        {%- do settings.update({'recheck_after': recheck_after}) -%}
    {%- endif -%}
    {{ return(settings) }}
{% endmacro %}


{#-
    adding_to_table() — 本模型是否向已有的表追加.

    True while a model of `report_increments` runs in a build that adds reports and its table
    exists: its query then selects only what the table lacks. False at parse time, on a full
    build, and for a table not built yet (it is then built whole).
    追加模式且本表已存在时为真：查询只选出本表尚无的内容。
-#}
{% macro adding_to_table() %}
    {%- if not execute or this is none or not adding_reports() or flags.FULL_REFRESH -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {{ return(relation is not none and relation.type == 'table') }}
{% endmacro %}


{#-
    reports_not_built(column, relation) — 本表尚未包含的报告.

    A filter (SQL condition) keeping the rows of reports this model's table does not have yet,
    when the build adds reports (adding_to_table); `true` on a full build. With the record of the
    reports being added, only those (and, for cross-year checks, the reports whose previous year's
    report is one of them) are looked up in the table; without it, every report the table has.
    Given the `relation` the filter reads (a per-report table), when that table got exactly the
    reports being added in this build, its new rows are taken by position instead
    (rows_added_to): no scan of its report ids.
    追加时只保留本表尚无的报告；整体构建时为 true。给出所读的逐报告表时，若该表本次恰好插入了新报告，则按行位置取其新行。
-#}
{% macro reports_not_built(column='report_id', relation=none) %}
    {%- if not adding_to_table() -%}
        true
    {%- else -%}
        {%- set ledger = reports_being_added_recorded() -%}
        {#- cross-year checks also read older reports (checked again), which are not new rows -#}
        {%- set added_rows = rows_added_to(relation, ledger)
            if relation is not none and not config.get('recheck_after') else none -%}
        {%- if added_rows is not none -%}
            {{ added_rows }}
        {%- elif ledger is none -%}
            {{ column }} not in (select distinct built.report_id from {{ this }} as built where built.report_id is not null)
        {%- else -%}
            {#- the reports being added (and, for cross-year checks, those whose previous year's
                report is one of them) that the table lacks: the table is read for those only -#}
            {%- set pairs = ref(config.get('recheck_after')) if config.get('recheck_after') else none -%}
            {%- set candidates = reports_in_increment(ledger, pairs) -%}
            {{ column }} in ({{ candidates }})
            {%- if not reports_being_added_only_now(ledger) %}
            and {{ column }} not in (select built.report_id from {{ this }} as built where built.report_id in ({{ candidates }}))
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}


{#-
    years_not_built(report_id, report_year) — 追加时需重建的年度.

    For a model of `report_increments(rows='year')` (rows that compare the reports of one year):
    the condition keeping the rows of the years the reports being added belong to (and of those
    reports, whatever their year), which the materialization deletes first and the model then
    builds again; `true` on a full build, or when no record of the reports being added exists.
    追加时保留新报告所属年度的行（先删除再重建）；整体构建时为 true。
-#}
{% macro years_not_built(report_id='report_id', report_year='report_year') %}
    {%- set ledger = reports_being_added_recorded() if adding_to_table() else none -%}
    {{ return('true' if ledger is none else increment_condition('year', ledger, none, report_id, report_year)) }}
{% endmacro %}


{#-
    increment_condition(rows, ledger, pairs, report_id, report_year) — 本次追加写入的行（条件）.
    The SQL condition on a row's report (and year) that keeps the rows an increment writes:
    'report', the reports being added; 'rechecked', those and the reports whose previous year's
    report is one of them (`pairs`); 'pair', the report pairs of which either report is being
    added; 'year', the reports being added and every row of their years.
    The model's query, the materialization's delete and the narrowed tests all use it.
    本次追加写入的行：新报告；另加重新检查的报告；或新报告所属年度的全部行。
-#}
{% macro increment_condition(rows, ledger, pairs=none, report_id='report_id', report_year='report_year',
    related_report_id='related_report_id') %}
    {%- set reports = reports_in_increment(ledger, pairs if rows == 'rechecked' else none) -%}
    {%- set condition = report_id ~ ' in (' ~ reports ~ ')' -%}
    {%- if rows == 'pair' -%}
        {%- set condition = '(' ~ condition ~ ' or ' ~ related_report_id ~ ' in (' ~ reports ~ '))' -%}
    {%- elif rows == 'year' -%}
        {%- set years = 'select distinct years.report_year from ' ~ model_relation('int_report_agencies')
            ~ ' as years where years.report_id in (' ~ reports ~ ')' -%}
        {%- set condition = '(' ~ condition ~ ' or ' ~ report_year ~ ' in (' ~ years ~ '))' -%}
    {%- endif -%}
    {{ return(condition) }}
{% endmacro %}


{#-
    delete_rebuilt_rows(target) — 追加前删除将重建的行.
    Run by report_increment before its insert: for cross-year checks (`recheck_after`), the reports
    checked again (delete_rechecked_reports); for rows='year', every row of the years being built
    again (years_not_built). Empty otherwise. 跨年度检查删除需重新检查的报告；按年度重建的模型删除这些年度的行。
-#}
{% macro delete_rebuilt_rows(target) %}
    {%- if config.get('recheck_after') -%}
        {{ return(delete_rechecked_reports(target, ref(config.get('recheck_after')))) }}
    {%- elif config.get('increment_rows') == 'year' -%}
        {{ return('delete from ' ~ target ~ ' where ' ~ years_not_built()) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#-
    reports_in_increment(ledger, pairs) — 本次追加涉及的报告（子查询）.
    The reports being added (`ledger`) and, given the report pairs of a cross-year check, the
    reports whose previous year's report is one of them: what an increment builds and its tests read.
    本次追加的报告；跨年度检查另加其上年报告为新报告的报告。
-#}
{% macro reports_in_increment(ledger, pairs=none) %}
    {%- set added = 'select added.report_id from ' ~ ledger ~ ' as added' -%}
    {%- if pairs is none -%}
        {{ return(added) }}
    {%- endif -%}
    {{ return(added ~ ' union select later.report_id from ' ~ pairs
        ~ ' as later where later.related_report_id in (' ~ added ~ ')') }}
{% endmacro %}


{#-
    delete_rechecked_reports(target, pairs) — 删除需重新检查的报告.

    For a model of checks that may compare a report with the previous year's: deletes from
    `target` the reports whose previous-year report (in `pairs`, int_report_pairs) it does not
    have yet — a late report of last year changes this year's cross-year checks. Run by
    report_increment before the insert, which then selects them again with the new reports.
    删除其上年报告尚未入表的报告，随后与新报告一起重新检查。
-#}
{% macro delete_rechecked_reports(target, pairs) %}
    {%- set ledger = reports_being_added_recorded() -%}
    {%- set new_reports = reports_in_increment(ledger) if ledger is not none
        else 'select distinct built.report_id from ' ~ target ~ ' as built where built.report_id is not null' -%}
    {%- set is_new = ('in (' if ledger is not none else 'not in (') ~ new_reports ~ ')' -%}
    {{ return(
        'delete from ' ~ target ~ ' where report_id in ('
        ~ 'select later.report_id from ' ~ pairs ~ ' as later where later.related_report_id ' ~ is_new
        ~ ')'
    ) }}
{% endmacro %}


{#-
    pairs_not_built(pairs) — 本表尚未包含的报告对.

    For a model of checks of one report against the previous year's (rows keyed by report_id and
    related_report_id, report_increments(rows='pair')): when the build adds reports, keeps the
    pairs of `pairs` (the alias of the pairs in the query) this model's table does not have yet — a
    pair of reports never changes, since a report is its content: the pairs of which one report is
    being added (and, when a failed build left reports in the record, that the table lacks).
    `true` on a full build. 追加时只保留本表尚无的报告对（其中一份为新报告；报告内容不变，报告对的检查结果亦不变）。
-#}
{% macro pairs_not_built(pairs) %}
    {%- if not adding_to_table() -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set built = 'not exists (select 1 from ' ~ this ~ ' as built where built.report_id = '
        ~ pairs ~ '.report_id and built.related_report_id = ' ~ pairs ~ '.related_report_id)' -%}
    {%- set ledger = reports_being_added_recorded() -%}
    {%- if ledger is none -%}
        {{ return(built) }}
    {%- endif -%}
    {#- the pairs of which one report is being added; looked up in the table only when a failed
        build left reports in the record -#}
    {%- set new_pairs = increment_condition('pair', ledger, none, pairs ~ '.report_id', none,
        pairs ~ '.related_report_id') -%}
    {{ return(new_pairs if reports_being_added_only_now(ledger) else new_pairs ~ ' and ' ~ built) }}
{% endmacro %}


{#-
    Testing the new reports only — 追加时只测试新报告.

    A model of `report_increments` with `increment_rows = 'report'` never changes the rows of a
    report it has, so in a build that adds reports its generic tests (uniqueness, keys, accepted
    values …) need only look at the new reports: the others passed when they were built. With
    'rechecked', the reports checked again (their previous year's report is new) are looked at too;
    with 'pair', the new pairs; with 'year', the years built again (increment_condition). The
    new reports are recorded before any model runs (record_reports_being_added, on-run-start)
    and forgotten only after a whole `dbt build` in which nothing failed
    (forget_reports_being_added, on-run-end), so a failed build's reports are built and tested
    again by the next. get_where_subquery (dbt's hook for a test's `where` config) then narrows
    those tests, and reports_not_built reads each table for the recorded reports only (instead of
    listing every report the table has).
    逐报告模型不改动已有报告的行，追加时其通用测试只需检查新报告；新报告在读取前记下，整次构建无失败后才清除；
    各模型也只按记录查找本表尚无的报告，不再列出整表的报告。
-#}

{#- staged_cells_relation() — stg_reports__cells 的关系（从图中查找：钩子中没有 this）. -#}
{% macro staged_cells_relation() %}
    {{ return(model_relation('stg_reports__cells')) }}
{% endmacro %}


{#- model_relation(name) — 模型的关系（从 dbt 的图中查找，不产生依赖）. -#}
{% macro model_relation(name) %}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', name) | first -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}


{#- reports_being_added_relation() — 本次追加的报告记录表（在 stg_reports__cells 旁）. -#}
{% macro reports_being_added_relation() %}
    {%- set staged = staged_cells_relation() -%}
    {{ return(api.Relation.create(database=staged.database, schema=staged.schema, identifier='reports_being_added')) }}
{% endmacro %}


{#- relation_exists(relation) — 关系是否存在（查询数据库：不依赖 dbt 的关系缓存；仅 DuckDB）. -#}
{% macro relation_exists(relation) %}
    {%- set found = run_query(
        "select count(*) from duckdb_tables() where schema_name = " ~ dbt.string_literal(relation.schema)
        ~ " and table_name = " ~ dbt.string_literal(relation.identifier)
    ) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{% endmacro %}


{#-
    reports_being_added_recorded() — 本次追加的报告记录表（不存在时为 none）.
    Looked up in the database: the record is written outside dbt's cache of relations.
-#}
{% macro reports_being_added_recorded() %}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set ledger = reports_being_added_relation() -%}
    {{ return(ledger if relation_exists(ledger) else none) }}
{% endmacro %}


{#- rows_added_relation() — 各逐报告表本次插入前的行数记录（在追加记录旁）. -#}
{% macro rows_added_relation() %}
    {%- set ledger = reports_being_added_relation() -%}
    {{ return(api.Relation.create(database=ledger.database, schema=ledger.schema, identifier='reports_being_added_rows')) }}
{% endmacro %}


{#-
    record_rows_before(table) — 插入前记下表的行数（仅 DuckDB、逐报告模型）.
    Run by report_increment before it inserts into a model of rows='report': how many rows the
    table has, so that the rows this build adds are those from that position on (rows_added_to).
    Such a table is only ever appended to (never a delete), so its DuckDB rowids run 0 … n-1 and
    the new rows follow them. Empty when the build keeps no record of the reports being added.
    插入前记下行数：逐报告表只追加、从不删除，本次新增的行即此位置之后的行。
-#}
{% macro record_rows_before(table) %}
    {%- set record = rows_added_relation() -%}
    {%- if config.get('increment_rows') != 'report' or target.type != 'duckdb' or not relation_exists(record) -%}
        {{ return('') }}
    {%- endif -%}
    {{ return('insert into ' ~ record ~ ' select ' ~ dbt.string_literal(table.schema ~ '.' ~ table.identifier) ~ ', count(*), '
        ~ dbt.string_literal(invocation_id) ~ ' from ' ~ table) }}
{% endmacro %}


{#-
    rows_added_to(relation, ledger) — 本次构建插入该表的行（按位置的条件），无法确定时为 none.
    The condition (`rowid >= n`, DuckDB) keeping the rows this build appended to a per-report table,
    when they are exactly the rows of the reports being added: the record holds only reports of
    this build (the previous build passed whole, reports_being_added_only_now) and the table's row
    count before its insert was recorded in this build (record_rows_before). DuckDB then reads the
    new row groups only, where `report_id in (…)` scans every report id of the table. none
    otherwise: the caller looks the reports up by id.
    本次追加插入该表的行（rowid >= 插入前行数）；DuckDB 只读新的行组，不必扫描整表的报告编号。
-#}
{% macro rows_added_to(relation, ledger) %}
    {%- set record = rows_added_relation() -%}
    {%- if ledger is none or not relation_exists(record) or not reports_being_added_only_now(ledger) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        'select min(first_row) from ' ~ record ~ ' where relation_name = '
        ~ dbt.string_literal(relation.schema ~ '.' ~ relation.identifier)
        ~ ' and recorded_by = ' ~ dbt.string_literal(invocation_id)
    ) -%}
    {%- set first_row = found.columns[0].values()[0] -%}
    {{ return(none if first_row is none else 'rowid >= ' ~ first_row) }}
{% endmacro %}


{#-
    reports_being_added_only_now(ledger) — 记录是否全部由本次构建写入.
    True when every report of the record was recorded by this invocation: the previous build then
    passed whole, so no per-report table has any of them, and a model need not look them up in
    its table. False when a failed build left reports in the record (a table may have some).
    记录全部由本次构建写入时为真：上次构建完整通过，各表都没有这些报告，无须再在表中查找。
-#}
{% macro reports_being_added_only_now(ledger) %}
    {%- set earlier = run_query(
        'select count(*) from ' ~ ledger ~ ' where recorded_by != ' ~ dbt.string_literal(invocation_id)
    ) -%}
    {{ return(earlier.columns[0].values()[0] == 0) }}
{% endmacro %}


{#-
    record_reports_being_added() — on-run-start：记下本次追加的报告.
    Before any model runs: when the build adds reports to a built database, the reports of the
    raw corpus that stg_reports__cells lacks join the record (what a failed build left stays in
    it); otherwise the record is dropped.
    任何模型运行之前：追加时把原始语料中 stg_reports__cells 尚无的报告加入记录（失败的构建留下的保留）；否则删除记录。
-#}
{% macro record_reports_being_added() %}
    {%- if not execute or target.type != 'duckdb' or flags.WHICH not in ['build', 'run'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ledger = reports_being_added_relation() -%}
    {%- set staged = staged_cells_relation() -%}
    {%- if adding_reports() and not flags.FULL_REFRESH and relation_exists(staged) -%}
        create table if not exists {{ ledger }} (report_id varchar not null, recorded_by varchar not null);
        create table if not exists {{ rows_added_relation() }} (
            relation_name varchar not null, first_row bigint not null, recorded_by varchar not null
        );
        insert into {{ ledger }}
        select distinct
            reports.report_id,
            '{{ invocation_id }}' as recorded_by
        from {{ source('raw', 'raw_reports') }} as reports
        where
            reports.report_id not in (select distinct built.report_id from {{ staged }} as built where built.report_id is not null)
            and reports.report_id not in (select recorded.report_id from {{ ledger }} as recorded);
    {%- elif relation_exists(ledger) -%}
        drop table {{ ledger }};
        drop table if exists {{ rows_added_relation() }};
    {%- endif -%}
{% endmacro %}


{#- forget_reports_being_added(results) — on-run-end：构建无失败时清除记录. -#}
{% macro forget_reports_being_added(results) %}
    {#- only a whole `dbt build` (no selection) built and tested every model's new reports -#}
    {%- set selected = invocation_args_dict.get('select') or invocation_args_dict.get('exclude')
        or invocation_args_dict.get('selector') -%}
    {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'skipped']) | list -%}
    {%- set passed = execute and flags.WHICH == 'build' and not selected and not failed -%}
    {{ return('drop table if exists ' ~ reports_being_added_relation() ~ '; drop table if exists '
        ~ rows_added_relation() if passed else '') }}
{% endmacro %}


{#-
    default__get_where_subquery(relation) — 测试的筛选（覆盖 dbt 的同名宏）.

    dbt's own behaviour (a test's `where` config narrows the relation tested), and, in a build
    that adds reports, the tests of a per-report model are narrowed to the reports being added
    (for the cross-year checks, with the reports checked again because their previous year's
    report is new).
    dbt 原有行为（测试的 where 配置），追加时逐报告模型的测试只检查本次追加（及因此重新检查）的报告。
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append(where) -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) if execute and model.attached_node else none -%}
    {%- set rows = tested.config.get('increment_rows') if tested is not none else none -%}
    {%- if rows in ['report', 'rechecked', 'pair', 'year'] and adding_reports()
        and tested.config.materialized == 'report_increment' -%}
        {%- set ledger = reports_being_added_recorded() -%}
        {%- if ledger is not none -%}
            {%- set pairs = model_relation(tested.config.get('recheck_after')) if rows == 'rechecked' else none -%}
            {%- set added_rows = rows_added_to(relation, ledger) if rows == 'report' else none -%}
            {%- do conditions.append(added_rows or increment_condition(rows, ledger, pairs)) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
