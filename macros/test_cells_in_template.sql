{#-
    cells_in_template() — 单元格必须属于模板.
    Fails on every cell whose table, row code and column code are not a cell of the template
    (int_template_cells) — or, for a cell of a group printed as one row (provenance 'group'), a
    cell of a group of the template (int_template_group_cells): the extractor wrote a cell the
    template lacks, a pipeline failure.
    每个单元格（表、行代码、列代码）都必须是模板中的单元格（分组单元格须是模板分组的单元格），否则为流水线错误。
-#}
{% test cells_in_template(model) %}

    select
        cells.report_id,
        cells.table_code,
        cells.row_code,
        cells.column_code
    from {{ model }} as cells
    left join {{ ref('int_template_cells') }} as template_cells
        on
            cells.table_code = template_cells.table_code
            and cells.row_code = template_cells.row_code
            and cells.column_code = template_cells.column_code
            and cells.provenance is distinct from 'group'
    left join {{ ref('int_template_group_cells') }} as group_cells
        on
            cells.table_code = group_cells.table_code
            and cells.row_code = group_cells.group_code
            and cells.column_code = group_cells.column_code
            and cells.provenance = 'group'
    where template_cells.cell_key is null and group_cells.group_cell_key is null

{% endtest %}
