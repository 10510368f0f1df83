with

source as (

    select * from {{ ref('raw_active_disclosure') }}

),

parsed as (

    select
        report_id,
        item_code,
        metric_code,
        cell_text,
        {{ parse_cell_value('cell_text') }} as value,
        {{ parse_cell_note('cell_text') }} as annotation,
        {{ parse_cell_status('cell_text') }} as parse_status,
        provenance,
        source_ref

    from source

)

select * from parsed
