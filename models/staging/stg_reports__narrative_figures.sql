-- Figures read from the narrative of each report, parsed like table cells (macros/parse_cell.sql).
-- 从报告正文读到的数字，按单元格规则解析。
-- A table: the narrative checks read it twice and fct_narrative_figures once, and the general
-- parse is the costly part. 物化为表：解析只做一次。
{{ config(materialized="table") }}

with

source as (

    select * from {{ source('raw', 'raw_narrative_figures') }}

),

parsed as (

    select
        report_id,
        figure_code,
        figure_text,
        {{ cell_value('figure_text') }} as value,
        {{ cell_status('figure_text') }} as parse_status,
        quote,
        source_ref

    from source

)

select * from parsed
