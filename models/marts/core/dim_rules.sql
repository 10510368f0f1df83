with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

final as (

    select
        {{ contract_columns() }}

    from rules

)

select * from final
