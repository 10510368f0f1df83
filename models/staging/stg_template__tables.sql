-- The template's three tables: heading, the names of their row and column keys, their mart.
-- 模板的三张统计表：标题、行列代码的列名及其数据集市。

with

source as (

    select * from {{ ref('template_tables') }}

),

renamed as (

    select
        table_code,
        position,
        row_dimension,
        column_dimension,
        row_key,
        column_key,
        value_column,
        value_data_type,
        mart,
        heading_zh,
        heading_en,
        template_versions

    from source

)

select * from renamed
