with

reports as (

    select * from {{ ref('int_reports') }}

),

final as (

    select
        {{ contract_columns() }}

    from reports

)

select * from final
