with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

final as (

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
        description_en

    from rules

)

select * from final
