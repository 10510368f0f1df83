{#-
    Reading only the new raw files when a build adds reports — 追加报告时只读新的原始文件.

    The raw directory holds one extraction or one per batch in sub-directories
    (models/staging/_staging__sources.yml). stg_reports__cells records, with the table it builds,
    the files it read (name, size, time modified: `<its schema>.stg_reports__cells_raw_files`).
    A build that adds reports then reads only the files that are not recorded as they are now —
    a new batch, or a file written again — and DuckDB skips the others without opening them (a
    filter on `filename` with constants). Which reports are new is still decided by the table
    itself (reports_not_built): a file read again adds only the reports it lacks.
    stg_reports__cells 记录它读过的原始文件（名称、大小、修改时间）；追加构建只读未记录或已改变的文件，
    DuckDB 不打开其他文件。新报告仍以本表为准。
-#}

{#- quoted_text(value) — SQL 字符串字面量（单引号加倍：路径中可有引号）. -#}
{% macro quoted_text(value) %}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{% endmacro %}


{#- raw_file_pattern(name) — 原始表文件的通配路径（与 _staging__sources.yml 相同）. -#}
{% macro raw_file_pattern(name) %}
    {%- set raw_dir = var('raw_dir', '') or env_var('XXGK_RAW_DIR', '') or 'data/raw' -%}
    {%- set extension = 'parquet' if (var('raw_format', '') or env_var('XXGK_RAW_FORMAT', '') or 'csv') == 'parquet' else 'csv' -%}
    {{ return({'pattern': raw_dir ~ '/**/' ~ name ~ '.' ~ extension, 'prefix': raw_dir | length + 2}) }}
{% endmacro %}


{#- raw_file_ledgers() — 已读文件记录表与本次列表的关系. -#}
{% macro raw_file_ledgers() %}
    {{ return({
        'read': api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '_raw_files'),
        'listed': api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '_raw_files_listed')
    }) }}
{% endmacro %}


{#-
    raw_files_to_read(name) — 本次需读取的原始文件.

    Lists the raw files of table `name` now (into `<model>_raw_files_listed`, which the post-hook
    record_raw_files_read keeps once the model is built) and returns the names of those to read:
    none (read every file) on a full build, before any file is recorded, at parse time and on
    adapters other than DuckDB; otherwise the files not recorded with their present size and time.
    列出当前的原始文件；整体构建时返回 none（全部读取），追加时返回未记录或已改变的文件。
-#}
{% macro raw_files_to_read(name) %}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('raw_files_to_read')(name)) }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{% macro default__raw_files_to_read(name) %}
    {{ return(none) }}
{% endmacro %}

{% macro duckdb__raw_files_to_read(name) %}
    {#- only a run that builds the model lists the files: `dbt compile` or `dbt docs generate`
        leave no list behind and show the query that reads every file -#}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set raw = raw_file_pattern(name) -%}
    {%- set ledgers = raw_file_ledgers() -%}
    {%- do run_query(
        'create or replace table ' ~ ledgers.listed ~ ' as'
        ~ ' select filename, size, last_modified from read_blob(' ~ quoted_text(raw.pattern) ~ ')'
        ~ " where not regexp_matches(filename[" ~ raw.prefix ~ ":], '(^|/)[.]')"
    ) -%}
    {%- set recorded = adapter.get_relation(ledgers.read.database, ledgers.read.schema, ledgers.read.identifier) -%}
    {%- if not adding_to_table() or recorded is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set unread = run_query(
        'select filename from (select filename, size, last_modified from ' ~ ledgers.listed
        ~ ' except select filename, size, last_modified from ' ~ ledgers.read ~ ') order by filename'
    ) -%}
    {{ return(unread.columns[0].values() | list) }}
{% endmacro %}


{#- raw_files_filter(files) — 只读给定文件的筛选条件（files 为 none 时为 true）. -#}
{% macro raw_files_filter(files) %}
    {%- if files is none -%}
        true
    {%- elif files | length == 0 -%}
        false
    {%- else -%}
        filename in ({% for file in files %}{{ quoted_text(file) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{% endmacro %}


{#-
    record_raw_files_read() — post-hook：记录本次读过的原始文件.

    Inside the model's transaction, after its table is written: on a full build the files listed
    before the read replace the record; when the build adds reports they replace the entries of
    the same names (the record is created empty first if there is none). A build that fails records nothing (the transaction is rolled back).
    在模型的事务内记录读取前列出的文件；构建失败则不记录。
-#}
{% macro record_raw_files_read() %}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('record_raw_files_read')()) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{% macro default__record_raw_files_read() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__record_raw_files_read() %}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ledgers = raw_file_ledgers() -%}
    {%- set replaced = 'filename in (select filename from ' ~ ledgers.listed ~ ')' if adding_reports() else 'true' -%}
    {{ return(
        'create table if not exists ' ~ ledgers.read ~ ' as select * from ' ~ ledgers.listed ~ ' limit 0; '
        ~ 'delete from ' ~ ledgers.read ~ ' where ' ~ replaced ~ '; '
        ~ 'insert into ' ~ ledgers.read ~ ' select * from ' ~ ledgers.listed ~ '; '
        ~ 'drop table ' ~ ledgers.listed ~ ';'
    ) }}
{% endmacro %}
