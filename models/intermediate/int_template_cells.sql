-- Every cell the template has: 10 in table 二, 25 × 7 in table 三, 3 × 5 in table 四.
-- 模板的全部单元格。A cell exists where a row with cells meets a column with cells of the same
-- table; table 二 items name the metric columns they have (cell_columns). Each cell gets a number
-- in template order (cell_no) and a column name (cell_column, e.g. t3__granted__natural_person)
-- under which int_report_cell_values holds it.

with

tables as (

    select * from {{ ref('stg_template__tables') }}

),

codes as (

    select * from {{ ref('stg_template__codes') }}

),

template_rows as (

    select codes.*
    from codes
    inner join tables
        on codes.dimension = tables.row_dimension
    where codes.has_cells

),

template_columns as (

    select codes.*
    from codes
    inner join tables
        on codes.dimension = tables.column_dimension
    where codes.has_cells

),

cells as (

    select
        template_rows.table_code,
        tables.position as table_position,
        tables.template_versions,
        template_rows.dimension as row_dimension,
        template_rows.code as row_code,
        template_rows.position as row_position,
        template_rows.parent_code as row_parent_code,
        template_rows.label_zh as row_label_zh,
        template_rows.label_en as row_label_en,
        template_columns.dimension as column_dimension,
        template_columns.code as column_code,
        template_columns.position as column_position,
        template_columns.label_zh as column_label_zh,
        template_columns.label_en as column_label_en,
        case
            when 'amount' in (template_rows.value_type, template_columns.value_type)
                then 'amount'
            else 'count'
        end as value_type

    from template_rows
    inner join template_columns
        on template_rows.table_code = template_columns.table_code
    inner join tables
        on template_rows.table_code = tables.table_code
    where
        template_rows.cell_columns is null
        or '|' || template_rows.cell_columns || '|' like '%|' || template_columns.code || '|%'

),

final as (

    select
        table_code || ':' || row_code || '×' || column_code as cell_key,
        cast(row_number() over (
            order by table_position, row_position, column_position
        ) as integer) as cell_no,
        table_code || '__' || row_code || '__' || column_code as cell_column,
        *,
        row_label_zh || ' × ' || column_label_zh as cell_label_zh,
        row_label_en || ' × ' || column_label_en as cell_label_en

    from cells

)

select * from final
