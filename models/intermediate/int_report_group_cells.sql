-- The cells of groups a report printed as one row (raw_cells with provenance 'group', e.g.
-- （六）其他处理 in the 2019 trial format): one row per report × group cell, parsed. Their leaf
-- rows are then absent, "reported as a group" (int_report_cells.cell_state = 'grouped'), and the
-- sums of the rules read the group cell where all of a group's leaves are absent
-- (int_rule_terms.group_key).
-- 报告中印成一行的分组的单元格；其子项按组报告，规则在子项全部缺席时改用分组单元格。
-- evidence_state as in int_report_cells: number, segmented (digits cut with a constraint, see
-- segmented_by), or why it is not evidence (blank, not_a_number, not_integral).

with

staged_cells as (

    select * from {{ ref('stg_reports__cells') }}
    where provenance = 'group'

),

group_cells as (

    select * from {{ ref('int_template_group_cells') }}

),

final as (

    select
        staged_cells.report_id,
        group_cells.group_cell_key,
        group_cells.group_cell_column,
        group_cells.table_code,
        group_cells.group_code,
        group_cells.group_position,
        group_cells.group_label_zh,
        group_cells.group_label_en,
        group_cells.column_code,
        group_cells.leaf_count,
        group_cells.group_cell_label_zh,
        group_cells.group_cell_label_en,
        staged_cells.cell_text,
        staged_cells.value,
        staged_cells.annotation,
        staged_cells.parse_status as cell_state,
        staged_cells.source_ref,
        nullif(
            {{ regexp_group('staged_cells.source_ref', '\\(segmented: ([A-Za-z0-9_]+)\\)', 1) }},
            ''
        ) as segmented_by,
        case
            when staged_cells.parse_status != 'number' then staged_cells.parse_status
            when staged_cells.whole_value is null then 'not_integral'
            when staged_cells.source_ref like '%(segmented: %' then 'segmented'
            else 'number'
        end as evidence_state

    from staged_cells
    inner join group_cells
        on
            staged_cells.table_code = group_cells.table_code
            and staged_cells.row_code = group_cells.group_code
            and staged_cells.column_code = group_cells.column_code

)

select * from final
