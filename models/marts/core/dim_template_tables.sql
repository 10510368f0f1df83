-- The template's three tables, as analysts and the GX suites look them up.
-- 模板的三张统计表：标题、行列维度、数据集市及其键名。

with

tables as (

    select * from {{ ref('stg_template__tables') }}

),

final as (

    select
        table_code,
        position,
        heading_zh,
        heading_en,
        row_dimension,
        column_dimension,
        mart,
        row_key,
        column_key,
        value_column,
        value_data_type

    from tables

)

select * from final
