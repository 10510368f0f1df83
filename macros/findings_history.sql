{#-
    Findings history / 违反的构建历史.

    findings_history_relation(name) — the table audit.<name> (findings_builds or
    findings_snapshots) of the database being built, or none when it does not exist yet (a
    first build). `xxgk build` carries schema audit from the previous database file into the
    new one before dbt runs, so a model can compare this build's findings with the previous
    build's (marts.rpt_findings_diff).

    finding_key_columns() — the columns of one violation key, to select from fct_findings grouped
    by violation_key: the key, its agency, year, rule, evidence and review status, and whether
    any of its findings is open. What a snapshot records and rpt_findings_diff compares.

    record_findings_snapshot(results) — on-run-end hook: after a `dbt build` / `dbt run` that
    built marts.fct_findings, append one row for the build to audit.findings_builds (also when
    it found nothing) and one row per violation key to audit.findings_snapshots, tagged with the
    invocation id and start time. Other commands (test, docs, compile) and runs that did not
    build fct_findings record nothing.
-#}
{% macro findings_history_relation(name) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=target.database, schema='audit', identifier=name)) }}
{% endmacro %}


{% macro finding_key_columns() -%}
    violation_key,
    min(agency_id) as agency_id,
    min(report_year) as report_year,
    min(rule_id) as rule_id,
    min(evidence) as evidence,
    min(review_status) as review_status,
    bool_or(is_open) as is_open
{%- endmacro %}


{% macro record_findings_snapshot(results) %}
    {%- if not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set built = [] -%}
    {%- for result in results -%}
        {%- if result.node.name == 'fct_findings' and result.node.resource_type == 'model'
            and result.status == 'success' -%}
            {%- do built.append(result.node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not built -%}
        {{ return('') }}
    {%- endif -%}
    {%- set findings = api.Relation.create(
        database=built[0].database, schema=built[0].schema, identifier=built[0].alias
    ) -%}
    create schema if not exists audit;
    create table if not exists audit.findings_builds (
        build_id varchar,
        built_at timestamp,
        finding_count integer
    );
    insert into audit.findings_builds
    select
        '{{ invocation_id }}' as build_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as built_at,
        cast(count(*) as integer) as finding_count
    from {{ findings }};
    create table if not exists audit.findings_snapshots (
        build_id varchar,
        built_at timestamp,
        violation_key varchar,
        agency_id varchar,
        report_year integer,
        rule_id varchar,
        evidence varchar,
        review_status varchar,
        is_open boolean,
        finding_count integer
    );
    insert into audit.findings_snapshots
    select
        '{{ invocation_id }}' as build_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as built_at,
        {{ finding_key_columns() }},
        cast(count(*) as integer) as finding_count
    from {{ findings }}
    group by violation_key;
{% endmacro %}
