-- Reviewers' dispositions of findings (seeds/registry/violation_dispositions.csv).
-- 审阅人对违反的处置记录。

with

source as (

    select * from {{ ref('violation_dispositions') }}

),

renamed as (

    select
        trim(violation_key) as violation_key,
        trim(evidence) as evidence,
        trim(status) as disposition_status,
        reason as disposition_reason,
        reviewer,
        decided_on

    from source

)

select * from renamed
