-- Every violation as a finding an office reviews: its stable violation key, its evidence, and
-- the reviewer's disposition where one applies.
-- 每条违反作为待审阅的发现：稳定的违反键、证据，以及适用的审阅处置。
--
-- violation_key = agency id / year / rule / cells (the check's instance: a column, a cell, a
-- figure): the same finding has the same key in every build, whatever the file or report id.
-- A disposition (seeds/registry/violation_dispositions.csv) applies while the finding's
-- evidence (expected and actual values) is the one reviewed; when the cells change it lapses
-- and the finding is open again. review_status: open | confirmed | dismissed | rectified;
-- is_open is false only for dismissed findings, which the marts show apart.

with

violations as (

    select * from {{ ref('fct_rule_violations') }}

),

dispositions as (

    select * from {{ ref('stg_registry__dispositions') }}

),

keyed as (

    select
        *,
        agency_id
        || '/' || coalesce(cast(report_year as varchar), '')
        || '/' || rule_id
        || '/' || coalesce(instance_code, '') as violation_key,
        'expected=' || coalesce(expected, '') || '; actual=' || coalesce(actual, '') as evidence
    from violations

),

final as (

    select
        keyed.violation_id,
        keyed.violation_key,
        keyed.report_id,
        keyed.agency_id,
        keyed.report_year,
        keyed.title_agency,
        keyed.source_file,
        keyed.rule_id,
        keyed.severity,
        keyed.instance_code,
        keyed.cells,
        keyed.expected,
        keyed.actual,
        keyed.evidence,
        keyed.message_zh,
        keyed.message_en,
        case
            when dispositions.evidence = keyed.evidence then dispositions.disposition_status
            else 'open'
        end as review_status,
        coalesce(
            dispositions.evidence is distinct from keyed.evidence
            or dispositions.disposition_status != 'dismissed',
            true
        ) as is_open,
        dispositions.disposition_status,
        dispositions.evidence as disposition_evidence,
        dispositions.disposition_reason,
        dispositions.reviewer,
        dispositions.decided_on,
        coalesce(dispositions.evidence != keyed.evidence, false) as disposition_lapsed

    from keyed
    left join dispositions
        on keyed.violation_key = dispositions.violation_key

)

select * from final
