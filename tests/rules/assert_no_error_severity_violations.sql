-- Strict gate (CI): no violation of an error-severity rule may remain.
-- 严格闸门：不得存在 error 级别的规则违反。
-- A plain `dbt build` reports these rows as a warning and completes; with
-- `--vars '{strict: true}'` they fail the build.
-- It runs after rpt_report_quality, so that a failing gate never leaves the report summary unbuilt:
-- depends_on: {{ ref('rpt_report_quality') }}
{{ config(severity = 'error' if var('strict', false) else 'warn') }}

select
    violation_id,
    report_id,
    source_file,
    rule_id,
    cells,
    expected,
    actual,
    message_zh,
    message_en
from {{ ref('fct_rule_violations') }}
where severity = 'error'
