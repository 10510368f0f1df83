-- The terms of every arithmetic rule of the catalogue, placed on the template: one row per rule ×
-- instance (e.g. applicant column) × term, with the template cell the term reads.
-- 规则目录中的算式逐项落到模板单元格：每条算术规则 × 检查对象（如每个申请人列）× 每一项一行。
--
-- This is the rule engine's compile step: the table is small (a few hundred rows, the same for
-- every report), and int_rule_checks__arithmetic turns it into one expression per check at parse
-- time, so no report's cells are ever joined to rule terms at run time.
-- 这是规则引擎的“编译”步骤：与报告数量无关；int_rule_checks__arithmetic 据此为每项检查生成表达式。
--
-- Expressions are sums of codes of the rule's term_dimension: "a + b - c". A code written
-- "prev.x" is taken from the same agency's report of the previous year; "leaves(x)" stands for
-- every cell-bearing descendant of x in the template (so the outcome and applicant totals follow
-- template_codes, the one source of truth for the template).
-- A term whose cell is a leaf of a group (（六）其他处理's three rows) names the group's cell
-- (group_column); where one side of a check adds up all of a group's leaves, they share a
-- group_key, and the check reads the group's cell for a report that printed the group as one row.

with recursive

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'sum'

),

codes as (

    select * from {{ ref('stg_template__codes') }}

),

template_cells as (

    select * from {{ ref('int_template_cells') }}

),

group_cells as (

    select * from {{ ref('int_template_group_cells') }}

),

sides as (

    select
        rule_id,
        term_dimension,
        'actual' as side,
        actual_expr as expr
    from rules

    union all

    select
        rule_id,
        term_dimension,
        'expected' as side,
        expected_expr as expr
    from rules

),

tokens as (

    select
        rule_id,
        term_dimension,
        side,
        trim({{ split_to_rows("replace(expr, '-', '+ -')", '+') }}) as token
    from sides

),

signed_tokens as (

    select
        rule_id,
        term_dimension,
        side,
        case when starts_with(token, '-') then -1 else 1 end as sign,
        trim(ltrim(token, '-')) as unsigned_token

    from tokens
    where token != ''

),

parsed_tokens as (

    select
        rule_id,
        term_dimension,
        side,
        sign,
        case when starts_with(unsigned_token, 'prev.') then -1 else 0 end as year_offset,
        replace(unsigned_token, 'prev.', '') as term

    from signed_tokens

),

descendants as (

    select
        dimension,
        code as ancestor_code,
        code as descendant_code
    from codes

    union all

    select
        descendants.dimension,
        descendants.ancestor_code,
        codes.code as descendant_code
    from descendants
    inner join codes
        on
            descendants.dimension = codes.dimension
            and descendants.descendant_code = codes.parent_code

),

leaves as (

    -- every cell-bearing descendant of a code, for leaves(code)
    select
        descendants.dimension,
        descendants.ancestor_code,
        descendants.descendant_code
    from descendants
    inner join codes
        on
            descendants.dimension = codes.dimension
            and descendants.descendant_code = codes.code
    where
        codes.has_cells
        and descendants.descendant_code != descendants.ancestor_code

),

expanded as (

    -- a plain code stands for itself; leaves(x) for every cell-bearing descendant of x (none: no
    -- term)
    select
        parsed_tokens.rule_id,
        parsed_tokens.term_dimension,
        parsed_tokens.side,
        parsed_tokens.sign,
        parsed_tokens.year_offset,
        coalesce(leaves.descendant_code, parsed_tokens.term) as code
    from parsed_tokens
    left join leaves
        on
            starts_with(parsed_tokens.term, 'leaves(')
            and parsed_tokens.term_dimension = leaves.dimension
            and {{ regexp_group('parsed_tokens.term', '^leaves\\((.*)\\)$', 1) }}
            = leaves.ancestor_code
    where
        not starts_with(parsed_tokens.term, 'leaves(')
        or leaves.descendant_code is not null

),

instance_codes as (

    select
        rules.rule_id,
        codes.code as instance_code,
        codes.dimension as instance_dimension,
        codes.axis as instance_axis,
        codes.position as instance_position,
        codes.label_zh as instance_label_zh,
        codes.label_en as instance_label_en
    from rules
    inner join codes
        on rules.instance_dimension = codes.dimension
    where codes.has_cells

),

placed as (

    -- each term of each instance, on its template cell (null where the template has none)
    select
        instance_codes.rule_id,
        instance_codes.instance_code,
        instance_codes.instance_axis,
        instance_codes.instance_position,
        instance_codes.instance_label_zh,
        instance_codes.instance_label_en,
        expanded.side,
        expanded.sign,
        expanded.year_offset,
        expanded.code as term_code,
        term_codes.position as term_position,
        template_cells.cell_key,
        template_cells.cell_no,
        template_cells.cell_column,
        template_cells.table_code,
        template_cells.row_code,
        template_cells.column_code
    from instance_codes
    inner join expanded
        on instance_codes.rule_id = expanded.rule_id
    inner join codes as term_codes
        on
            expanded.term_dimension = term_codes.dimension
            and expanded.code = term_codes.code
    left join template_cells
        on (
            expanded.term_dimension = template_cells.row_dimension
            and expanded.code = template_cells.row_code
            and instance_codes.instance_dimension = template_cells.column_dimension
            and instance_codes.instance_code = template_cells.column_code
        ) or (
            expanded.term_dimension = template_cells.column_dimension
            and expanded.code = template_cells.column_code
            and instance_codes.instance_dimension = template_cells.row_dimension
            and instance_codes.instance_code = template_cells.row_code
        )

),

applicable_instances as (

    -- instances whose every term is a cell of the template
    -- (the stock rule applies to 规章 and 行政规范性文件 only)
    select
        rule_id,
        instance_code
    from placed
    group by rule_id, instance_code
    having count(cell_key) = count(*)

),

grouped_terms as (

    -- the group cell (if any) whose row a term's cell is a leaf of: a report that printed the
    -- group as one row reports the leaf through it
    select
        placed.*,
        group_cells.group_cell_column as group_column,
        group_cells.leaf_count as group_leaf_count
    from placed
    left join template_cells as term_cells
        on placed.cell_key = term_cells.cell_key
    left join group_cells
        on
            term_cells.table_code = group_cells.table_code
            and term_cells.row_parent_code = group_cells.group_code
            and term_cells.column_code = group_cells.column_code

),

group_terms as (

    -- a side of a check that adds up every leaf of a group (same sign, same year) can read the
    -- group's cell instead: those terms share a group_key
    select
        *,
        case
            when
                group_column is not null
                and count(*) over (
                    partition by rule_id, instance_code, side, year_offset, sign, group_column
                ) = group_leaf_count
                then
                    side || '/' || cast(year_offset as varchar) || '/' || cast(sign as varchar)
                    || '/' || group_column
        end as group_key
    from grouped_terms

),

final as (

    select
        placed.rule_id
        || '/' || placed.instance_code
        || '/' || placed.side
        || '/' || cast(placed.year_offset as varchar)
        || '/' || placed.term_code as rule_term_id,
        placed.*,
        placed.side || '__' || case when placed.year_offset = -1 then 'prev__' else '' end
        || placed.term_code as term_column

    from group_terms as placed
    inner join applicable_instances
        on
            placed.rule_id = applicable_instances.rule_id
            and placed.instance_code = applicable_instances.instance_code

)

select * from final
