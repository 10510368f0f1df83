-- The placed terms of every arithmetic check: one row per report × rule × instance × term, with
-- the cell the term reads, its value, the value with the term's sign (actual side +, expected side −,
-- so a check holds when its signed values add up to 0) and whether the cell is evidence.
-- 每项算术检查的逐项明细：报告 × 规则 × 检查对象 × 项，所读单元格、数值、带符号的值（实际 +、期望 −，
-- 规则成立时其和为 0）以及该单元格能否作为证据。
--
-- A view: it is computed when read (e.g. for one report, or one rule), never stored for the
-- whole corpus. 视图：查询时计算，不为整个语料存储。
{{ config(materialized='view') }}

with

check_terms as (

    select * from {{ ref('int_rule_check_terms') }}

),

report_cells as (

    select * from {{ ref('int_report_cells') }}

),

final as (

    select
        check_terms.check_id || '/' || check_terms.term_column as check_term_id,
        check_terms.check_id,
        check_terms.report_id,
        check_terms.related_report_id,
        check_terms.rule_id,
        check_terms.instance_code,
        check_terms.side,
        check_terms.term_code,
        check_terms.term_position,
        check_terms.term_column,
        check_terms.cell_report_id,
        check_terms.cell_key,
        check_terms.table_code,
        check_terms.row_code,
        check_terms.column_code,
        report_cells.value,
        cast(
            case
                when report_cells.evidence_state = 'number'
                    then
                        check_terms.sign
                        * case when check_terms.side = 'actual' then 1 else -1 end
                        * report_cells.value
            end as decimal(38, 6)
        ) as signed_value,
        coalesce(report_cells.evidence_state, 'missing') as evidence_state

    from check_terms
    left join report_cells
        on
            check_terms.cell_report_id = report_cells.report_id
            and check_terms.cell_no = report_cells.cell_no

)

select * from final
