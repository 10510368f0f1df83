-- Materialised as a table: every cell is parsed once, not once per test that reads it.
{{ config(materialized='table') }}

with

source as (

    select * from {{ raw_table('raw_active_disclosure') }}

),

folded as (

    select
        *,
        {{ cell_folded('cell_text') }} as folded_text
    from source

),

matched as (

    select
        *,
        {{ cell_parts('folded_text') }} as parts
    from folded

),

parsed as (

    select
        report_id,
        item_code,
        metric_code,
        cell_text,
        {{ cell_value('folded_text', 'parts') }} as value,
        {{ cell_note('folded_text', 'parts') }} as annotation,
        {{ cell_status('folded_text', 'parts') }} as parse_status,
        provenance,
        source_ref

    from matched

)

select * from parsed
