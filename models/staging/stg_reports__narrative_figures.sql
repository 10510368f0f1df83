-- Figures read from the narrative of each report, parsed like table cells (macros/parse_cell.sql).
-- 从报告正文读到的数字，按单元格规则解析。

with

source as (

    select * from {{ raw_table('raw_narrative_figures') }}

),

folded as (

    select
        *,
        {{ cell_folded('figure_text') }} as folded_text
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
        figure_code,
        figure_text,
        {{ cell_value('folded_text', 'parts') }} as value,
        {{ cell_status('folded_text', 'parts') }} as parse_status,
        quote,
        source_ref

    from matched

)

select * from parsed
