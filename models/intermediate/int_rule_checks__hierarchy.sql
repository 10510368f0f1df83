-- HIERARCHY_SUM: a roll-up report against the sum of its subordinates' reports.
-- 逐级汇总：汇总报告的表三、表四每个单元格 = 同年度各下级报告该单元格之和。
--
-- An agency whose registry row says rolls_up is checked against the agencies whose
-- superior_agency_id is its agency_id: one check per roll-up report × cell of tables 三 and 四.
-- A subordinate with no report that year (or with several: which one counts is not known) makes
-- every check of that report not_checkable, and unusable_cells names it; so does a cell that is
-- not evidence (blank, missing, not a number, inferred) on either side. A roll-up agency
-- without registered subordinates is not checked (no row).

-- Adding reports (macros/increments.sql): the roll-ups of the years the new reports belong to are
-- deleted and checked again (a late subordinate report changes its year's roll-up); other years
-- stay. 追加报告时重建新报告所属年度的汇总检查，其他年度不变。
{{ config(**report_increments(rows='year')) }}

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'hierarchy_sum'

),

agencies as (

    select * from {{ ref('stg_registry__agencies') }}

),

report_agencies as (

    select * from {{ ref('int_report_agencies') }}

),

report_cells as (

    select * from {{ ref('int_report_cells') }}
    where table_code in ('t3', 't4')

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

rollup_reports as (

    select
        report_agencies.report_id,
        report_agencies.agency_id,
        report_agencies.report_year
    from report_agencies
    inner join agencies
        on report_agencies.agency_id = agencies.agency_id
    where
        agencies.rolls_up
        and {{ years_not_built('report_agencies.report_id', 'report_agencies.report_year') }}

),

subordinate_reports as (

    -- every subordinate of every roll-up report, with its reports of the same year (if any)
    select
        rollup_reports.report_id as rollup_report_id,
        agencies.agency_id as subordinate_agency_id,
        count(report_agencies.report_id) as report_count,
        min(report_agencies.report_id) as subordinate_report_id
    from rollup_reports
    inner join agencies
        on rollup_reports.agency_id = agencies.superior_agency_id
    left join report_agencies
        on
            agencies.agency_id = report_agencies.agency_id
            and rollup_reports.report_year = report_agencies.report_year
    group by rollup_reports.report_id, agencies.agency_id

),

coverage as (

    select
        rollup_report_id,
        string_agg(
            subordinate_agency_id
            || case when report_count = 0 then ' (no report)' else ' (' || report_count || ' reports)' end,
            '; ' order by subordinate_agency_id
        ) filter (where report_count != 1) as unusable_subordinates,
        string_agg(
            subordinate_report_id, ' + ' order by subordinate_agency_id
        ) filter (where report_count = 1) as subordinate_report_ids
    from subordinate_reports
    group by rollup_report_id

),

report_roles as (

    -- the reports whose cells a roll-up check reads: the roll-up report itself and its
    -- subordinates' reports (one per subordinate), so that the cells are read in one pass
    select
        report_id as cell_report_id,
        report_id as rollup_report_id,
        'rollup' as report_role,
        cast(null as varchar) as subordinate_agency_id
    from rollup_reports

    union all

    select
        subordinate_report_id as cell_report_id,
        rollup_report_id,
        'subordinate' as report_role,
        subordinate_agency_id
    from subordinate_reports
    where report_count = 1

),

cell_sums as (

    -- per roll-up report × cell: its own value and state, and the sum of its subordinates'
    select
        report_roles.rollup_report_id,
        report_cells.cell_no,
        max(report_cells.value) filter (where report_roles.report_role = 'rollup') as rollup_value,
        max(report_cells.evidence_state) filter (
            where report_roles.report_role = 'rollup'
        ) as rollup_state,
        sum(report_cells.value) filter (
            where report_roles.report_role = 'subordinate' and report_cells.evidence_state = 'number'
        ) as cell_sum,
        string_agg(
            report_roles.subordinate_agency_id || ':' || report_cells.evidence_state,
            '; ' order by report_roles.subordinate_agency_id
        ) filter (
            where report_roles.report_role = 'subordinate' and report_cells.evidence_state != 'number'
        ) as unusable_cells
    from report_roles
    inner join report_cells
        on report_roles.cell_report_id = report_cells.report_id
    group by report_roles.rollup_report_id, report_cells.cell_no
    -- a cell the roll-up report has (as the check of its own cell)
    having count(*) filter (where report_roles.report_role = 'rollup') > 0

),

checks as (

    select
        rollup_reports.report_id,
        rollup_reports.agency_id,
        rollup_reports.report_year,
        template_cells.cell_key,
        template_cells.cell_no,
        template_cells.table_code,
        template_cells.row_code,
        template_cells.column_code,
        template_cells.cell_label_zh,
        template_cells.cell_label_en,
        cell_sums.rollup_value,
        cell_sums.rollup_state,
        cell_sums.cell_sum,
        coverage.subordinate_report_ids,
        nullif(concat_ws(
            '; ',
            case
                when coverage.unusable_subordinates is not null
                    then 'subordinates: ' || coverage.unusable_subordinates
            end,
            case
                when cell_sums.rollup_state != 'number'
                    then template_cells.cell_key || ' (' || cell_sums.rollup_state || ')'
            end,
            case
                when cell_sums.unusable_cells is not null
                    then
                        'subordinate ' || template_cells.cell_key
                        || ' (' || cell_sums.unusable_cells || ')'
            end
        ), '') as unusable_cells
    from rollup_reports
    inner join coverage
        on rollup_reports.report_id = coverage.rollup_report_id
    inner join cell_sums
        on rollup_reports.report_id = cell_sums.rollup_report_id
    inner join template_cells
        on cell_sums.cell_no = template_cells.cell_no

),

final as (

    select
        checks.report_id || '/' || rules.rule_id || '/' || checks.cell_key as check_id,
        checks.report_id,
        rules.rule_id,
        cast(null as varchar) as related_report_id,
        checks.table_code,
        checks.cell_key as instance_code,
        checks.cell_no as instance_position,
        checks.row_code,
        checks.column_code,
        checks.cell_label_zh || '，下级合计' as location_zh,
        checks.cell_label_en || ', sum of subordinates' as location_en,
        case
            when checks.unusable_cells is not null then 'not_checkable'
            when checks.cell_sum = checks.rollup_value then 'pass'
            else 'fail'
        end as status,
        case when checks.unusable_cells is null then checks.cell_sum end as expected_value,
        case when checks.unusable_cells is null then checks.rollup_value end as actual_value,
        'sum(' || coalesce(checks.subordinate_report_ids, '') || '):' || checks.cell_key
            as expected_cells,
        checks.cell_key as actual_cells,
        checks.unusable_cells,
        cast(null as varchar) as source_ref,
        checks.agency_id,
        checks.report_year,
        false as unusable_is_report_fact

    from checks
    cross join rules

)

select * from final
