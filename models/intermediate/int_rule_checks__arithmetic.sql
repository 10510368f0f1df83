-- Every evaluation of every arithmetic rule: one row per report × rule × instance
-- (e.g. per applicant column), with the expected and actual sums and a status.
-- 算术规则的每一次检查：报告 × 规则 × 检查对象（如每个申请人列），给出期望值、实际值和结论。
--
-- status: pass | fail | not_checkable. A check that meets a cell that is not evidence (blank,
-- missing, not a number, inferred, or a fractional count: see int_report_cells.evidence_state) is
-- not_checkable — never pass — and lists the cells that stopped it.
-- Rules with prev.* terms compare a report with the same agency's report of the year before;
-- a report with no such report has no row for that rule (not applicable).

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'sum'

),

terms as (

    select * from {{ ref('int_rule_terms') }}

),

codes as (

    select * from {{ ref('stg_template__codes') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

report_cells as (

    select * from {{ ref('int_report_cells') }}

),

instance_codes as (

    select
        rules.rule_id,
        codes.code as instance_code,
        codes.axis as instance_axis,
        codes.position as instance_position,
        codes.label_zh as instance_label_zh,
        codes.label_en as instance_label_en
    from rules
    inner join codes
        on rules.instance_dimension = codes.dimension
    where codes.has_cells

),

instance_terms as (

    -- each term of each instance, placed on its template cell
    select
        instance_codes.rule_id,
        instance_codes.instance_code,
        terms.side,
        terms.sign,
        terms.year_offset,
        terms.code as term_code,
        term_codes.position as term_position,
        template_cells.cell_key
    from instance_codes
    inner join terms
        on instance_codes.rule_id = terms.rule_id
    inner join codes as term_codes
        on
            terms.term_dimension = term_codes.dimension
            and terms.code = term_codes.code
    left join template_cells
        on (
            terms.term_dimension = template_cells.row_dimension
            and terms.code = template_cells.row_code
            and instance_codes.instance_code = template_cells.column_code
        ) or (
            terms.term_dimension = template_cells.column_dimension
            and terms.code = template_cells.column_code
            and instance_codes.instance_code = template_cells.row_code
        )

),

applicable_instances as (

    -- instances whose every term is a cell of the template
    -- (the stock rule applies to 规章 and 行政规范性文件 only)
    select
        rule_id,
        instance_code
    from instance_terms
    group by rule_id, instance_code
    having count(cell_key) = count(*)

),

rule_shapes as (

    select
        rule_id,
        bool_or(year_offset = -1) as compares_years,
        count(*) filter (where side = 'actual') = 1 as has_single_actual_term,
        max(code) filter (where side = 'actual') as actual_code
    from terms
    group by rule_id

),

report_pairs as (

    select
        reports.report_id,
        rule_shapes.rule_id,
        cast(null as varchar) as related_report_id
    from reports
    cross join rule_shapes
    where not rule_shapes.compares_years

    union all

    select
        reports.report_id,
        rule_shapes.rule_id,
        previous_reports.report_id as related_report_id
    from reports
    cross join rule_shapes
    inner join reports as previous_reports
        on
            reports.agency_key = previous_reports.agency_key
            and reports.report_year - 1 = previous_reports.report_year
    where rule_shapes.compares_years

),

instance_cell_lists as (

    -- which cells each side adds up: the same for every report, so built once per instance
    select
        rule_id,
        instance_code,
        ltrim(string_agg(
            case when sign < 0 then ' − ' else ' + ' end
            || case when year_offset = -1 then 'prev:' else '' end
            || cell_key, ''
            order by year_offset, term_position
        ) filter (where side = 'actual'), ' +') as actual_cells,
        ltrim(string_agg(
            case when sign < 0 then ' − ' else ' + ' end
            || case when year_offset = -1 then 'prev:' else '' end
            || cell_key, ''
            order by year_offset, term_position
        ) filter (where side = 'expected'), ' +') as expected_cells
    from instance_terms
    group by rule_id, instance_code

),

term_values as (

    select
        report_pairs.report_id,
        report_pairs.related_report_id,
        instance_terms.rule_id,
        instance_terms.instance_code,
        instance_terms.side,
        instance_terms.sign,
        instance_terms.year_offset,
        instance_terms.term_position,
        instance_terms.cell_key,
        report_cells.value,
        report_cells.evidence_state,
        report_cells.evidence_state != 'number' as is_unusable
    from report_pairs
    inner join instance_terms
        on report_pairs.rule_id = instance_terms.rule_id
    inner join applicable_instances
        on
            instance_terms.rule_id = applicable_instances.rule_id
            and instance_terms.instance_code = applicable_instances.instance_code
    left join report_cells
        on
            instance_terms.cell_key = report_cells.cell_key
            and report_cells.report_id = (
                case
                    when instance_terms.year_offset = -1 then report_pairs.related_report_id
                    else report_pairs.report_id
                end
            )

),

evaluated as (

    select
        report_id,
        related_report_id,
        rule_id,
        instance_code,
        sum(sign * value) filter (where side = 'expected') as expected_sum,
        sum(sign * value) filter (where side = 'actual') as actual_sum,
        count(*) filter (where is_unusable) as unusable_cell_count
    from term_values
    group by report_id, related_report_id, rule_id, instance_code

),

unusable_cell_lists as (

    -- the cells that stopped a check (few), with what was wrong with them
    select
        report_id,
        related_report_id,
        rule_id,
        instance_code,
        string_agg(
            case when year_offset = -1 then 'prev:' else '' end
            || cell_key
            || ' ('
            || evidence_state
            || ')',
            '; '
            order by side, year_offset, term_position
        ) as unusable_cells
    from term_values
    where is_unusable
    group by report_id, related_report_id, rule_id, instance_code

),

final as (

    select
        evaluated.report_id
        || '/' || evaluated.rule_id
        || '/' || evaluated.instance_code
        || coalesce('/' || evaluated.related_report_id, '') as check_id,
        evaluated.report_id,
        evaluated.rule_id,
        evaluated.related_report_id,
        rules.table_code,
        evaluated.instance_code,
        instance_codes.instance_position,
        case
            when instance_codes.instance_axis = 'row' then evaluated.instance_code
            when rule_shapes.has_single_actual_term then rule_shapes.actual_code
        end as row_code,
        case
            when instance_codes.instance_axis = 'column' then evaluated.instance_code
            when rule_shapes.has_single_actual_term then rule_shapes.actual_code
        end as column_code,
        instance_codes.instance_label_zh as location_zh,
        instance_codes.instance_label_en as location_en,
        case
            when evaluated.unusable_cell_count > 0 then 'not_checkable'
            when evaluated.expected_sum = evaluated.actual_sum then 'pass'
            else 'fail'
        end as status,
        case
            when evaluated.unusable_cell_count = 0 then evaluated.expected_sum
        end as expected_value,
        case
            when evaluated.unusable_cell_count = 0 then evaluated.actual_sum
        end as actual_value,
        instance_cell_lists.expected_cells,
        instance_cell_lists.actual_cells,
        unusable_cell_lists.unusable_cells

    from evaluated
    inner join rules
        on evaluated.rule_id = rules.rule_id
    inner join rule_shapes
        on evaluated.rule_id = rule_shapes.rule_id
    inner join instance_codes
        on
            evaluated.rule_id = instance_codes.rule_id
            and evaluated.instance_code = instance_codes.instance_code
    inner join instance_cell_lists
        on
            evaluated.rule_id = instance_cell_lists.rule_id
            and evaluated.instance_code = instance_cell_lists.instance_code
    left join unusable_cell_lists
        on
            evaluated.report_id = unusable_cell_lists.report_id
            and evaluated.rule_id = unusable_cell_lists.rule_id
            and evaluated.instance_code = unusable_cell_lists.instance_code
            and evaluated.related_report_id is not distinct from unusable_cell_lists.related_report_id

)

select * from final
