-- The cells of the three staged tables in one shape, keyed like int_template_cells.
-- 三张表的单元格统一为一种形状（表、行代码、列代码）。

with

active_disclosure as (

    select * from {{ ref('stg_reports__active_disclosure') }}

),

request_handling as (

    select * from {{ ref('stg_reports__request_handling') }}

),

review_litigation as (

    select * from {{ ref('stg_reports__review_litigation') }}

),

unioned as (

    select
        report_id,
        't2' as table_code,
        item_code as row_code,
        metric_code as column_code,
        cell_text,
        value,
        annotation,
        parse_status,
        provenance,
        source_ref
    from active_disclosure

    union all

    select
        report_id,
        't3' as table_code,
        row_code,
        applicant_code as column_code,
        cell_text,
        value,
        annotation,
        parse_status,
        provenance,
        source_ref
    from request_handling

    union all

    select
        report_id,
        't4' as table_code,
        proceeding_code as row_code,
        outcome_code as column_code,
        cell_text,
        value,
        annotation,
        parse_status,
        provenance,
        source_ref
    from review_litigation

),

final as (

    select
        report_id || '/' || table_code || ':' || row_code || '×' || column_code as report_cell_id,
        table_code || ':' || row_code || '×' || column_code as cell_key,
        *

    from unioned

)

select * from final
