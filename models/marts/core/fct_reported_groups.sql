-- Groups of the template a report printed as one row (（六）其他处理 in the 2019 trial format and
-- in county reports that keep it): one row per report × group cell, its value and where it was
-- read. Its leaf rows are grouped (reported as a group) in the table marts, and the rules read
-- the group where every leaf is absent.
-- 报告中印成一行的分组（如（六）其他处理）：每份报告 × 分组单元格一行；子项按组报告，规则改读分组。

with

group_cells as (

    select * from {{ ref('int_report_group_cells') }}

),

final as (

    select
        report_id,
        table_code,
        group_code,
        column_code,
        value,
        cell_text,
        annotation,
        cell_state,
        segmented_by,
        source_ref,
        leaf_count,
        group_cell_label_zh,
        group_cell_label_en

    from group_cells

)

select * from final
