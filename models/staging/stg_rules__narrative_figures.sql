-- The figures a report's narrative (一、总体情况) restates, and the table cells they restate.
-- 正文复述的数字及其对应的表格单元格（rule NARRATIVE_TABLE）。

with

source as (

    select * from {{ ref('narrative_figures') }}

),

renamed as (

    select
        figure_code,
        position as figure_position,
        table_cells,
        label_zh,
        label_en

    from source

)

select * from renamed
