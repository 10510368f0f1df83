-- What changed since the previous build: one row per violation key found now or then.
-- 与上一次构建相比：新增、已修正、仍存在的违反，每个违反键一行。
--
-- The previous build is the latest one in audit.findings_builds (every `dbt build` /
-- `xxgk build` appends itself there, and its findings to audit.findings_snapshots; `xxgk build`
-- carries both from file to file), even when it found nothing. diff_status: new (not in
-- the previous build), fixed (in the previous build, gone now), still_open (in both). With no
-- history (a first build) every finding is new.

{%- set builds = findings_history_relation('findings_builds') %}
{%- set snapshots = findings_history_relation('findings_snapshots') %}

with

findings as (

    select * from {{ ref('fct_findings') }}

),

current_findings as (

    select {{ finding_key_columns() }}
    from findings
    group by violation_key

),

previous_findings as (

    {% if builds is not none and snapshots is not none -%}
        select
            snapshots.build_id,
            snapshots.built_at,
            snapshots.violation_key,
            snapshots.agency_id,
            snapshots.report_year,
            snapshots.rule_id,
            snapshots.evidence,
            snapshots.review_status
        from {{ snapshots }} as snapshots
        where snapshots.build_id = (
            select latest.build_id
            from {{ builds }} as latest
            where latest.build_id != '{{ invocation_id }}'
            order by latest.built_at desc
            limit 1
        )
    {%- else -%}
        select
            cast(null as varchar) as build_id,
            cast(null as timestamp) as built_at,
            cast(null as varchar) as violation_key,
            cast(null as varchar) as agency_id,
            cast(null as integer) as report_year,
            cast(null as varchar) as rule_id,
            cast(null as varchar) as evidence,
            cast(null as varchar) as review_status
        where false
    {%- endif %}

),

final as (

    select
        coalesce(current_findings.violation_key, previous_findings.violation_key)
            as violation_key,
        case
            when previous_findings.violation_key is null then 'new'
            when current_findings.violation_key is null then 'fixed'
            else 'still_open'
        end as diff_status,
        coalesce(current_findings.agency_id, previous_findings.agency_id) as agency_id,
        coalesce(current_findings.report_year, previous_findings.report_year) as report_year,
        coalesce(current_findings.rule_id, previous_findings.rule_id) as rule_id,
        current_findings.evidence,
        previous_findings.evidence as previous_evidence,
        current_findings.review_status,
        previous_findings.review_status as previous_review_status,
        coalesce(current_findings.is_open, false) as is_open,
        previous_findings.build_id as previous_build_id,
        previous_findings.built_at as previous_built_at

    from current_findings
    full outer join previous_findings
        on current_findings.violation_key = previous_findings.violation_key

)

select * from final
