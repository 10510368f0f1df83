{#-
    Adding reports to a built database — 向已构建的数据库追加报告.

    A national database gets next year's batch without rebuilding the past: `xxgk build
    --add-reports` (dbt: `--vars '{add_reports: true}'`) builds the per-report models of the new
    reports only, and rebuilds whole only what compares across reports. Reports are identified by
    their content (report_id is the start of the file's SHA-256): a corrected report is a new
    report. Without the var every model is rebuilt whole, as always (`full_refresh`).
    追加模式：逐报告的模型只处理新报告；跨报告的模型整体重建。不带此变量时一切整体重建。
-#}

{#- adding_reports() — 本次构建是否为追加模式（变量 add_reports）. -#}
{% macro adding_reports() %}
    {{ return(var('add_reports', false) in [true, 'true', 'True', '1', 1]) }}
{% endmacro %}


{#-
    report_increments(unique_key) — 逐报告增量模型的配置.

    The config of a model whose rows of one report depend on that report alone (or, for the
    cross-year rules, on it and the previous year's report): an incremental table replaced report
    by report (delete+insert on `unique_key`), rebuilt whole unless the build adds reports.
    逐报告增量：按报告删除后插入；非追加模式时整体重建。
-#}
{% macro report_increments(unique_key='report_id') %}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
        'on_schema_change': 'fail',
        'full_refresh': not adding_reports()
    }) }}
{% endmacro %}


{#-
    reports_not_built(column) — 本表尚未包含的报告.

    A filter (SQL condition) keeping the rows of reports this model's table does not have yet, on
    an incremental run; `true` on a full build. 增量运行时只保留本表尚无的报告；整体构建时为 true。
-#}
{% macro reports_not_built(column='report_id') %}
    {%- if this is not none and is_incremental() -%}
        {{ column }} not in (select distinct built.report_id from {{ this }} as built where built.report_id is not null)
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}


{#-
    reports_to_recheck(column, reports, pairs) — 需要（重新）检查的报告.

    For a model of checks that may compare a report with the previous year's: on an incremental
    run, the reports of `reports` this model's table does not have yet, and the reports whose
    previous-year report (in `pairs`, int_report_pairs) is one of them — a late report of last
    year changes this year's cross-year checks. `true` on a full build.
    跨年度检查：新报告，以及其上年报告为新报告的报告。
-#}
{% macro reports_to_recheck(column, reports, pairs) %}
    {%- if this is not none and is_incremental() -%}
        {{ column }} in (
            with added as (
                select candidates.report_id
                from {{ reports }} as candidates
                where {{ reports_not_built('candidates.report_id') }}
            )

            select added.report_id from added
            union
            select later.report_id
            from {{ pairs }} as later
            inner join added on later.related_report_id = added.report_id
        )
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}


{#-
    pairs_not_built(pairs) — 本表尚未包含的报告对.

    For a model of checks of one report against the previous year's (rows keyed by report_id and
    related_report_id, config unique_key both): on an incremental run, keeps the pairs of
    `pairs` (the alias of int_report_pairs in the query) this model's table does not have yet —
    a pair of reports never changes, since a report is its content. `true` on a full build.
    增量运行时只保留本表尚无的报告对（报告内容不变，报告对的检查结果亦不变）。
-#}
{% macro pairs_not_built(pairs) %}
    {%- if this is not none and is_incremental() -%}
        not exists (
            select 1
            from {{ this }} as built
            where
                built.report_id = {{ pairs }}.report_id
                and built.related_report_id = {{ pairs }}.related_report_id
        )
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}
