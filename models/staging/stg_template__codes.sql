with

source as (

    select * from {{ ref('template_codes') }}

),

renamed as (

    select
        dimension,
        code,
        nullif(parent, '') as parent_code,
        has_cells = 'yes' as has_cells,
        position,
        axis,
        value_type,
        nullif(cell_columns, '') as cell_columns,
        label_zh,
        label_en,
        left(dimension, 2) as table_code,
        dimension || ':' || code as code_key

    from source

)

select * from renamed
