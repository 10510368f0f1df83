-- One row per report: how it fares against the rulebook.
-- 每份报告一行：规则检查的总体结论。
--
-- status:
--   fail       — at least one error-severity violation of the arithmetic, sign or integer rules
--   incomplete — no such failure, but the report left cells blank or unreadable (not a number),
--                or checks could not be run on them (a blank is never taken as zero), or the
--                report's agency or year was not identified (REPORT_IDENTITY); a check that
--                could not be run for want of a 落款 date (LATE_PUBLICATION) or of a narrative
--                signature (COPY_PASTE on the narrative) is counted in not_checkable_count but
--                says nothing of the tables, so it does not make a report incomplete
--                （未读出落款日期或正文签名的检查计入 not_checkable_count，但不使报告成为 incomplete）
--   not_read   — nothing of the above, but the extractor did not read some cells (or checks
--                could be run only without them): the project's problem, not the agency's —
--                never an error of the report, never on the list sent back
--   warn       — only warning-severity (heuristic, printed-as-one-row) violations
--   pass       — every rule that applies holds
-- 抽取程序未读出的单元格是本项目的问题（not_read），不是报告的错误；空白、非数字才是报告的问题（incomplete）。

with

reports as (

    select * from {{ ref('int_reports') }}

),

violations as (

    select * from {{ ref('fct_rule_violations') }}

),

checks as (

    select * from {{ ref('fct_rule_checks') }}

),

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

cells as (

    select * from {{ ref('int_report_cells') }}

),

cells_2019 as (

    select * from {{ ref('int_report_cells_2019') }}

),

violation_counts as (

    select
        violations.report_id,
        count(*) filter (where violations.severity = 'error') as error_count,
        count(*) filter (where violations.severity = 'warning') as warning_count,
        count(*) filter (
            where violations.severity = 'error'
            and rules.check_kind not in ('cell_complete', 'cell_numeric', 'report_identity')
        ) as arithmetic_error_count,
        count(*) filter (
            where rules.check_kind in ('cell_complete', 'cell_numeric')
        ) as unreadable_cell_count,
        count(*) filter (
            where rules.check_kind = 'report_identity'
        ) as unidentified_count
    from violations
    inner join rules
        on violations.rule_id = rules.rule_id
    group by violations.report_id

),

cell_counts as (

    -- cells whose place or boundaries the extractor inferred (not evidence for the rules, or for
    -- segmented digits not for the rule that cut them), cells it did not read, and leaves the
    -- report gives only through their group printed as one row
    select
        report_id,
        count(*) filter (where provenance = 'inferred') as inferred_cell_count,
        count(*) filter (where cell_state = 'missing') as unread_cell_count,
        count(*) filter (where cell_state = 'grouped') as grouped_cell_count
    from cells
    where provenance = 'inferred' or cell_state in ('missing', 'grouped')
    group by report_id

),

unread_2019_counts as (

    -- the 2019 format's own table 二
    select
        report_id,
        count(*) filter (where provenance = 'inferred') as inferred_cell_count,
        count(*) filter (where cell_state = 'missing') as unread_cell_count
    from cells_2019
    where provenance = 'inferred' or cell_state = 'missing'
    group by report_id

),

check_counts as (

    select
        report_id,
        count(*) as check_count,
        count(*) filter (where status = 'pass') as passed_check_count,
        count(*) filter (where status = 'not_checkable') as not_checkable_count,
        count(*) filter (
            where status = 'not_checkable'
            and actual_cells not in ('published_on', 'narrative_signature')
        ) as unusable_check_count,
        count(*) filter (where status = 'not_read') as not_read_check_count,
        count(*) filter (where status = 'excluded') as excluded_check_count
    from checks
    group by report_id

),

final as (

    select
        reports.report_id,
        reports.source_file,
        reports.title_agency,
        reports.agency_name,
        reports.report_year,
        reports.extraction_status,
        case
            when coalesce(violation_counts.arithmetic_error_count, 0) > 0 then 'fail'
            when
                coalesce(violation_counts.unreadable_cell_count, 0) > 0
                or coalesce(violation_counts.unidentified_count, 0) > 0
                or coalesce(check_counts.unusable_check_count, 0) > 0
                then 'incomplete'
            when
                coalesce(cell_counts.unread_cell_count, 0)
                + coalesce(unread_2019_counts.unread_cell_count, 0) > 0
                or coalesce(check_counts.not_read_check_count, 0) > 0
                or reports.extraction_status = 'partial'
                then 'not_read'
            when coalesce(violation_counts.warning_count, 0) > 0 then 'warn'
            else 'pass'
        end as status,
        coalesce(violation_counts.error_count, 0) as error_count,
        coalesce(violation_counts.warning_count, 0) as warning_count,
        coalesce(violation_counts.unreadable_cell_count, 0) as unreadable_cell_count,
        coalesce(cell_counts.unread_cell_count, 0)
        + coalesce(unread_2019_counts.unread_cell_count, 0) as unread_cell_count,
        coalesce(cell_counts.grouped_cell_count, 0) as grouped_cell_count,
        coalesce(cell_counts.inferred_cell_count, 0)
        + coalesce(unread_2019_counts.inferred_cell_count, 0) as inferred_cell_count,
        coalesce(check_counts.check_count, 0) as check_count,
        coalesce(check_counts.passed_check_count, 0) as passed_check_count,
        coalesce(check_counts.not_checkable_count, 0) as not_checkable_count,
        coalesce(check_counts.not_read_check_count, 0) as not_read_check_count,
        coalesce(check_counts.excluded_check_count, 0) as excluded_check_count

    from reports
    left join violation_counts
        on reports.report_id = violation_counts.report_id
    left join cell_counts
        on reports.report_id = cell_counts.report_id
    left join unread_2019_counts
        on reports.report_id = unread_2019_counts.report_id
    left join check_counts
        on reports.report_id = check_counts.report_id

)

select * from final
