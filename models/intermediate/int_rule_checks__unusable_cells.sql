-- For every check that could not be run, the cells that stopped it and what was wrong with each
-- (e.g. "t3:carried_over×natural_person (blank)"), and how many of them the report itself left
-- unusable (blank, not a number, fractional). Only not_checkable checks are looked up, so the
-- cost follows the number of such checks, not the size of the corpus.
-- 无法检查的检查：列出导致无法检查的单元格及原因（只查这些检查，代价与语料大小无关）。

with

check_terms as (

    select * from {{ ref('int_rule_check_terms') }}
    where status = 'not_checkable'

),

report_cells as (

    select * from {{ ref('int_report_cells') }}

),

final as (

    select
        check_terms.check_id,
        string_agg(
            case when check_terms.year_offset = -1 then 'prev:' else '' end
            || check_terms.cell_key
            || ' ('
            || report_cells.evidence_state
            || ')',
            '; '
            order by check_terms.side, check_terms.year_offset, check_terms.term_position
        ) as unusable_cells,
        -- cells the report itself left unusable (the agency's); the others — missing, inferred,
        -- grouped — are the extractor's or the layout's, not an error of the report
        count(*) filter (
            where report_cells.evidence_state in ('blank', 'not_a_number', 'not_integral')
        ) as report_unusable_count,
        -- cells of a table the report's template version does not have: the check does not apply
        count(*) filter (where report_cells.evidence_state = 'not_applicable') as not_applicable_count
    from check_terms
    inner join report_cells
        on
            check_terms.cell_report_id = report_cells.report_id
            and check_terms.cell_no = report_cells.cell_no
    where report_cells.evidence_state not in ('number', 'segmented')
    group by check_terms.check_id

)

select * from final
