-- The table cells each narrative figure restates, one row per figure × cell
-- (narrative_figures.table_cells is "cell + cell + …").
-- 每个正文数字对应的表格单元格，逐个一行。

with

figures as (

    select * from {{ ref('stg_rules__narrative_figures') }}

),

final as (

    select
        figure_code,
        trim({{ split_to_rows('table_cells', '+') }}) as cell_key
    from figures

)

select * from final
