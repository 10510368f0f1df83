-- Every arithmetic check of the catalogue as the template places it: one row per rule × instance,
-- with the cell it points at (row and column where the actual side is one cell), its location
-- label and the cells each side adds up — the same for every report, so built once.
-- 每条算术规则 × 检查对象一行：所指单元格、位置标签、两边各加哪些单元格（与报告无关，只算一次）。

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}

),

terms as (

    select * from {{ ref('int_rule_terms') }}

),

instances as (

    select
        rule_id,
        instance_code,
        min(instance_axis) as instance_axis,
        min(instance_position) as instance_position,
        min(instance_label_zh) as location_zh,
        min(instance_label_en) as location_en,
        {%- for side in ['actual', 'expected'] %}
            ltrim(string_agg(
                case when sign < 0 then ' − ' else ' + ' end
                || case when year_offset = -1 then 'prev:' else '' end
                || cell_key, ''
                order by year_offset, term_position
            ) filter (where side = '{{ side }}'), ' +') as {{ side }}_cells,
        {%- endfor %}
        count(*) filter (where side = 'actual') as actual_term_count,
        max(term_code) filter (where side = 'actual') as actual_code
    from terms
    group by rule_id, instance_code

),

final as (

    select
        instances.rule_id || '/' || instances.instance_code as rule_instance_id,
        instances.rule_id,
        rules.table_code,
        instances.instance_code,
        instances.instance_position,
        case
            when instances.instance_axis = 'row' then instances.instance_code
            when instances.actual_term_count = 1 then instances.actual_code
        end as row_code,
        case
            when instances.instance_axis = 'column' then instances.instance_code
            when instances.actual_term_count = 1 then instances.actual_code
        end as column_code,
        instances.location_zh,
        instances.location_en,
        instances.expected_cells,
        instances.actual_cells

    from instances
    inner join rules
        on instances.rule_id = rules.rule_id

)

select * from final
