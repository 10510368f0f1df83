-- The 2021 template has 10 cells in table 二, 25 × 7 in table 三 and 3 × 5 in table 四.
-- 2021 年模板：表二 10 个、表三 175 个、表四 15 个单元格。A different count means the codes seed is broken.
with

expected as (

    select
        template_tables.table_code,
        template_tables.cell_count
    from (values ('t2', 10), ('t3', 175), ('t4', 15)) as template_tables (table_code, cell_count)

),

actual as (

    select
        table_code,
        count(*) as cell_count
    from {{ ref('int_template_cells') }}
    group by table_code

)

select
    expected.table_code,
    expected.cell_count as expected_cells,
    actual.cell_count as actual_cells
from expected
full outer join actual
    on expected.table_code = actual.table_code
where expected.cell_count is distinct from actual.cell_count
