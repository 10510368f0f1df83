-- The cells of the template's groups: where a group row without cells of its own (has_cells = no,
-- e.g. （六）其他处理) meets a column with cells of the same table. A report that prints a group
-- as one row fills these instead of its leaf rows (the 2019 trial format prints （六） so).
-- 模板分组行（本身无单元格，如（六）其他处理）与各列交叉的单元格：报告把分组印成一行时填在这里。

with

tables as (

    select * from {{ ref('stg_template__tables') }}

),

codes as (

    select * from {{ ref('stg_template__codes') }}

),

group_rows as (

    select codes.*
    from codes
    inner join tables
        on codes.dimension = tables.row_dimension
    where not codes.has_cells

),

leaf_counts as (

    select
        dimension,
        parent_code,
        count(*) as leaf_count
    from codes
    where has_cells and parent_code is not null
    group by dimension, parent_code

),

template_columns as (

    select codes.*
    from codes
    inner join tables
        on codes.dimension = tables.column_dimension
    where codes.has_cells

),

final as (

    select
        group_rows.table_code || ':' || group_rows.code || '×' || template_columns.code
            as group_cell_key,
        group_rows.table_code || '__' || group_rows.code || '__' || template_columns.code
            as group_cell_column,
        group_rows.table_code,
        group_rows.code as group_code,
        group_rows.position as group_position,
        template_columns.code as column_code,
        template_columns.position as column_position,
        leaf_counts.leaf_count,
        group_rows.label_zh || ' × ' || template_columns.label_zh as group_cell_label_zh,
        group_rows.label_en || ' × ' || template_columns.label_en as group_cell_label_en

    from group_rows
    inner join template_columns
        on group_rows.table_code = template_columns.table_code
    inner join leaf_counts
        on
            group_rows.dimension = leaf_counts.dimension
            and group_rows.code = leaf_counts.parent_code

)

select * from final
