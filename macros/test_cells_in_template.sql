{#-
    cells_in_template() — 单元格必须属于模板.
    Fails on every cell whose table, row code and column code are not a cell of the template
    (int_template_cells) — or, for a cell of a group printed as one row (provenance 'group'), a
    cell of a group of the template (int_template_group_cells): the extractor wrote a cell the
    template lacks, a pipeline failure.
    每个单元格（表、行代码、列代码）都必须是模板中的单元格（分组单元格须是模板分组的单元格），否则为流水线错误。
-#}
{% test cells_in_template(model) %}

    {#- the few distinct keys are checked, not every cell: then only the cells of a key that is
        not the template's are listed (none, when the test passes). The cells are read twice
        (`not materialized`) rather than held: DuckDB would otherwise keep a copy of every cell
        for the second reading. -#}
    with

    cells as not materialized (

        select * from {{ model }}

    ),

    found_keys as (

        select distinct
            table_code,
            row_code,
            column_code,
            provenance = 'group' as is_group
        from cells

    ),

    unknown_keys as (

        select found_keys.*
        from found_keys
        left join {{ ref('int_template_cells') }} as template_cells
            on
                found_keys.table_code = template_cells.table_code
                and found_keys.row_code = template_cells.row_code
                and found_keys.column_code = template_cells.column_code
                and found_keys.is_group is not true
        left join {{ ref('int_template_group_cells') }} as group_cells
            on
                found_keys.table_code = group_cells.table_code
                and found_keys.row_code = group_cells.group_code
                and found_keys.column_code = group_cells.column_code
                and found_keys.is_group
        where template_cells.cell_key is null and group_cells.group_cell_key is null

    )

    select
        cells.report_id,
        cells.table_code,
        cells.row_code,
        cells.column_code
    from cells
    inner join unknown_keys
        on
            cells.table_code is not distinct from unknown_keys.table_code
            and cells.row_code is not distinct from unknown_keys.row_code
            and cells.column_code is not distinct from unknown_keys.column_code
            and (cells.provenance = 'group') is not distinct from unknown_keys.is_group

{% endtest %}
