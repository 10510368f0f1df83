with

source as (

    select * from {{ ref('rule_catalogue') }}

),

renamed as (

    select
        rule_id,
        table_code,
        check_kind,
        severity,
        origin,
        term_dimension,
        instance_dimension,
        actual_expr,
        expected_expr,
        description_zh,
        description_en,
        message_zh,
        message_en

    from source

)

select * from renamed
