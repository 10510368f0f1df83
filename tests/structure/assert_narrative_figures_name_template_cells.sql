-- Every table cell a narrative figure restates is a cell of the template
-- (seeds/reference/narrative_figures.csv, column table_cells). A typo there would make the
-- narrative rule compare with nothing: a pipeline failure, always an error.
-- 正文数字所对应的表格单元格必须是模板中的单元格。

with

figure_cells as (

    select * from {{ ref('int_narrative_figure_cells') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

)

select
    figure_cells.figure_code,
    figure_cells.cell_key
from figure_cells
left join template_cells
    on figure_cells.cell_key = template_cells.cell_key
where template_cells.cell_key is null
