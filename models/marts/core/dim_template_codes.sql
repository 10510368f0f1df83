with

codes as (

    select * from {{ ref('stg_template__codes') }}

),

final as (

    select
        dimension,
        code,
        table_code,
        axis,
        parent_code,
        has_cells,
        position,
        value_type,
        cell_columns,
        label_zh,
        label_en

    from codes

)

select * from final
