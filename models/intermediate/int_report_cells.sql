-- Every template cell of every report (200 per report), whether the report filled it or not.
-- 每份报告的每个模板单元格。cell_state says what was found: number, blank (printed empty, "/",
-- "—", "无"), not_a_number, missing (the extractor did not read the cell: the project's problem,
-- not the agency's), grouped (the report printed the cell's group as one row, see
-- int_report_group_cells) or not_applicable (the report's template version has no such table:
-- the 2021 table 二 in a 2019-format report). A blank, missing or grouped cell has a null value: never a zero.
-- evidence_state says whether the arithmetic rules may use the cell: 'number' when it is a number
-- read from the document (and a whole number where the template wants a count), 'segmented' when
-- it is a number cut from digits run together (evidence, except for the rule whose constraint
-- made the cut); otherwise the reason it is not evidence (blank, missing, grouped, not_a_number,
-- inferred, not_integral).
--
-- Cost: one pass over the parsed cells (joined to the 200-row template), one count per report,
-- and for the few reports the extractor could not read whole, the template cells they lack. The
-- cells are read where they are used (`not materialized`): the database streams them instead of
-- holding a copy of the corpus in memory for the three readers.
-- 代价：解析后的单元格一遍、每份报告计数一次；只有缺少单元格的报告才补出缺失的单元格。单元格不在内存中另存副本。
-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(**report_increments()) }}

with

reports as (

    select * from {{ ref('int_reports') }}
    where {{ reports_not_built() }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

staged_cells as not materialized (

    select * from {{ ref('stg_reports__cells') }}
    where {{ reports_not_built(relation=ref('stg_reports__cells')) }}

),

group_cells as (

    select * from {{ ref('int_report_group_cells') }}

),

placed as not materialized (

    select
        staged_cells.report_id,
        template_cells.cell_no,
        template_cells.table_code,
        template_cells.row_code,
        template_cells.column_code,
        template_cells.value_type,
        staged_cells.cell_text,
        staged_cells.value,
        staged_cells.whole_value,
        staged_cells.annotation,
        staged_cells.parse_status as cell_state,
        staged_cells.provenance,
        staged_cells.source_ref

    from staged_cells
    inner join template_cells
        on
            staged_cells.table_code = template_cells.table_code
            and staged_cells.row_code = template_cells.row_code
            and staged_cells.column_code = template_cells.column_code

),

cell_counts as (

    -- the template cells each report has: every staged cell but a group's own row is a template
    -- cell (stg_reports__cells' test cells_in_template, which `dbt build` runs before this model)
    select
        report_id,
        count(*) as cell_count
    from staged_cells
    where provenance is distinct from 'group'
    group by report_id

),

template_size as (

    select count(*) as cell_count
    from template_cells

),

incomplete_reports as (

    -- reports that lack at least one template cell (rare: the extractor lists them as partial)
    select
        reports.report_id,
        reports.template_version
    from reports
    cross join template_size
    left join cell_counts
        on reports.report_id = cell_counts.report_id
    where coalesce(cell_counts.cell_count, 0) < template_size.cell_count

),

incomplete_placed as not materialized (

    select
        placed.report_id,
        placed.cell_no
    from placed
    inner join incomplete_reports
        on placed.report_id = incomplete_reports.report_id

),

missing as (

    select
        incomplete_reports.report_id,
        template_cells.cell_no,
        template_cells.table_code,
        template_cells.row_code,
        template_cells.column_code,
        template_cells.value_type,
        cast(null as varchar) as cell_text,
        cast(null as decimal(20, 6)) as value,
        cast(null as bigint) as whole_value,
        cast(null as varchar) as annotation,
        case
            -- a table the report's template version does not have (the 2021 table 二 in a
            -- report of the 2019 trial format, whose table 二 is fct_active_disclosure_2019)
            when
                '|' || template_cells.template_versions || '|'
                not like '%|' || incomplete_reports.template_version || '|%'
                then 'not_applicable'
            -- a leaf of a group the report printed as one row is reported through the group
            when group_cells.report_id is not null then 'grouped'
            else 'missing'
        end as cell_state,
        cast(null as varchar) as provenance,
        cast(null as varchar) as source_ref

    from incomplete_reports
    cross join template_cells
    left join incomplete_placed
        on
            incomplete_reports.report_id = incomplete_placed.report_id
            and template_cells.cell_no = incomplete_placed.cell_no
    left join group_cells
        on
            incomplete_reports.report_id = group_cells.report_id
            and template_cells.table_code = group_cells.table_code
            and template_cells.row_parent_code = group_cells.group_code
            and template_cells.column_code = group_cells.column_code
    where incomplete_placed.report_id is null

),

report_cells as (

    select * from placed
    union all
    select * from missing

),

final as (

    select
        *,
        case
            when cell_state != 'number' then cell_state
            -- digits run together, cut where one segmentation alone fits a constraint: evidence,
            -- except for the rule whose constraint made the cut (int_rule_checks__arithmetic)
            when provenance = 'inferred' and source_ref like '%(segmented: %' then 'segmented'
            when coalesce(provenance, '') != 'read' then 'inferred'
            when value_type = 'count' and whole_value is null then 'not_integral'
            else 'number'
        end as evidence_state

    from report_cells

)

select * from final
