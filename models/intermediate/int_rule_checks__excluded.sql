-- The arithmetic checks excluded from the evidence: a check of the rule whose own constraint cut
-- the digits (run together in the report) of one of its cells — the cut was chosen so that this
-- rule holds, so it proves nothing. One row per report × rule × instance; few (only reports with
-- segmented cells), read by fct_rule_checks as an annex of the checks, like the unusable cells.
-- 连写数字按某规则的约束切分得到的单元格：该规则对这些单元格的检查不计入证据（excluded）。

with

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where evidence_state = 'segmented'

),

rule_terms as (

    select * from {{ ref('int_rule_terms') }}
    where year_offset = 0

),

final as (

    select distinct
        report_cells.report_id,
        rule_terms.rule_id,
        rule_terms.instance_code
    from report_cells
    inner join rule_terms
        on
            report_cells.cell_no = rule_terms.cell_no
            and report_cells.source_ref like '%(segmented: ' || rule_terms.rule_id || ')%'

)

select * from final
