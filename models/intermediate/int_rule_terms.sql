-- The terms of every arithmetic rule of the catalogue, one row per code on each side.
-- 把规则目录中的算式拆成逐项：每条算术规则、每一边（actual / expected）的每个代码一行。
--
-- Expressions are sums of codes of the rule's term_dimension: "a + b - c". A code written
-- "prev.x" is taken from the same agency's report of the previous year; "leaves(x)" stands for
-- every cell-bearing descendant of x in the template (so the outcome and applicant totals follow
-- template_codes, the one source of truth for the template).

with recursive

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind = 'sum'

),

codes as (

    select * from {{ ref('stg_template__codes') }}

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
        trim(unnest(string_split(replace(expr, '-', '+ -'), '+'))) as token
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

expanded as (

    -- a plain code
    select
        parsed_tokens.rule_id,
        parsed_tokens.term_dimension,
        parsed_tokens.side,
        parsed_tokens.sign,
        parsed_tokens.year_offset,
        parsed_tokens.term as code
    from parsed_tokens
    where not starts_with(parsed_tokens.term, 'leaves(')

    union all

    -- leaves(x): every cell-bearing descendant of x
    select
        parsed_tokens.rule_id,
        parsed_tokens.term_dimension,
        parsed_tokens.side,
        parsed_tokens.sign,
        parsed_tokens.year_offset,
        descendants.descendant_code as code
    from parsed_tokens
    inner join descendants
        on
            parsed_tokens.term_dimension = descendants.dimension
            and regexp_extract(parsed_tokens.term, '^leaves\((.*)\)$', 1)
            = descendants.ancestor_code
    inner join codes
        on
            descendants.dimension = codes.dimension
            and descendants.descendant_code = codes.code
    where
        starts_with(parsed_tokens.term, 'leaves(')
        and codes.has_cells
        and descendants.descendant_code != descendants.ancestor_code

),

final as (

    select
        rule_id || '/' || side || '/' || year_offset || '/' || code as rule_term_id,
        rule_id,
        side,
        sign,
        year_offset,
        term_dimension,
        code,
        term_dimension || ':' || code as code_key

    from expanded

)

select * from final
