-- The cells of the template's groups: where a group row without cells of its own (has_cells = no,
-- e.g. （六）其他处理) meets a column with cells of the same table. A report that prints a group
-- as one row fills these instead of its leaf rows (the 2019 trial format prints （六） so).
-- 模板分组行（本身无单元格，如（六）其他处理）与各列交叉的单元格：报告把分组印成一行时填在这里。

with

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

codes as (

    select * from {{ ref('stg_template__codes') }}

),

leaves as (

    -- the rows with cells under each parent, by table
    select
        table_code,
        row_dimension,
        row_parent_code as group_code,
        count(distinct row_code) as leaf_count
    from template_cells
    where row_parent_code is not null
    group by table_code, row_dimension, row_parent_code

),

template_columns as (

    select distinct
        table_code,
        column_code,
        column_position,
        column_label_zh,
        column_label_en
    from template_cells

),

group_rows as (

    -- a parent without cells of its own is a group
    select
        leaves.table_code,
        leaves.group_code,
        leaves.leaf_count,
        codes.position as group_position,
        codes.label_zh as group_label_zh,
        codes.label_en as group_label_en
    from leaves
    inner join codes
        on
            leaves.row_dimension = codes.dimension
            and leaves.group_code = codes.code
    where not codes.has_cells

),

final as (

    select
        group_rows.table_code || ':' || group_rows.group_code || '×' || template_columns.column_code
            as group_cell_key,
        group_rows.table_code || '__' || group_rows.group_code || '__'
        || template_columns.column_code as group_cell_column,
        group_rows.table_code,
        group_rows.group_code,
        group_rows.group_position,
        group_rows.group_label_zh,
        group_rows.group_label_en,
        template_columns.column_code,
        template_columns.column_position,
        group_rows.leaf_count,
        group_rows.group_label_zh || ' × ' || template_columns.column_label_zh
            as group_cell_label_zh,
        group_rows.group_label_en || ' × ' || template_columns.column_label_en
            as group_cell_label_en

    from group_rows
    inner join template_columns
        on group_rows.table_code = template_columns.table_code

)

select * from final
