-- Every check of a figure the narrative restates against the table cells it restates:
-- one row per report × figure found in the narrative (rule NARRATIVE_TABLE of the catalogue).
-- 正文复述的数字与表格是否一致：每份报告 × 正文中找到的每个数字一行。
--
-- expected = the table (the sum of the figure's cells), actual = the narrative. A figure the
-- narrative does not state is not checked (no row). A table cell that is not evidence (blank,
-- missing, not a number, inferred, fractional) makes the check not_checkable, never pass.

-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(**report_increments()) }}

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'narrative'

),

figures as (

    select * from {{ ref('stg_rules__narrative_figures') }}

),

narrative as (

    select * from {{ ref('stg_reports__narrative_figures') }}
    where {{ reports_not_built(relation=ref('stg_reports__narrative_figures')) }}

),

figure_terms as (

    select * from {{ ref('int_narrative_figure_cells') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

report_cells as (

    -- the same reports' cells (when adding, not the whole table's)
    select * from {{ ref('int_report_cells') }}
    where {{ reports_not_built(relation=ref('int_report_cells')) }}

),

term_values as (

    select
        narrative.report_id,
        narrative.figure_code,
        figure_terms.cell_key,
        report_cells.value,
        coalesce(report_cells.evidence_state, 'missing') as evidence_state
    from narrative
    inner join figure_terms
        on narrative.figure_code = figure_terms.figure_code
    inner join template_cells
        on figure_terms.cell_key = template_cells.cell_key
    left join report_cells
        on
            narrative.report_id = report_cells.report_id
            and template_cells.cell_no = report_cells.cell_no

),

table_sums as (

    select
        report_id,
        figure_code,
        sum(value) as table_value,
        string_agg(
            cell_key || ' (' || evidence_state || ')', '; ' order by cell_key
        ) filter (where evidence_state not in ('number', 'segmented')) as unusable_cells
    from term_values
    group by report_id, figure_code

),

checks as (

    select
        narrative.report_id,
        rules.rule_id,
        narrative.figure_code,
        figures.figure_position,
        figures.table_cells,
        figures.label_zh,
        figures.label_en,
        narrative.value as narrative_value,
        narrative.quote,
        narrative.source_ref,
        table_sums.table_value,
        nullif(concat_ws(
            '; ',
            case
                when narrative.parse_status != 'number'
                    then 'narrative:' || narrative.figure_code || ' (' || narrative.parse_status || ')'
            end,
            table_sums.unusable_cells
        ), '') as unusable_cells
    from narrative
    cross join rules
    inner join figures
        on narrative.figure_code = figures.figure_code
    inner join table_sums
        on
            narrative.report_id = table_sums.report_id
            and narrative.figure_code = table_sums.figure_code

),

final as (

    select
        report_id || '/' || rule_id || '/' || figure_code as check_id,
        report_id,
        rule_id,
        cast(null as varchar) as related_report_id,
        split_part(table_cells, ':', 1) as table_code,
        figure_code as instance_code,
        figure_position as instance_position,
        case
            when strpos(table_cells, '+') = 0
                then {{ regexp_group('table_cells', ':(.*)×', 1) }}
        end as row_code,
        case
            when strpos(table_cells, '+') = 0
                then {{ regexp_group('table_cells', '×(.*)$', 1) }}
        end as column_code,
        label_zh || '，正文“' || quote || '”（' || source_ref || '）' as location_zh,
        label_en || ', narrative "' || quote || '" (' || source_ref || ')' as location_en,
        case
            when unusable_cells is not null then 'not_checkable'
            when narrative_value = table_value then 'pass'
            else 'fail'
        end as status,
        case when unusable_cells is null then table_value end as expected_value,
        case when unusable_cells is null then narrative_value end as actual_value,
        table_cells as expected_cells,
        'narrative:' || figure_code as actual_cells,
        unusable_cells,
        source_ref

    from checks

)

select * from final
