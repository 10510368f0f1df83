-- Figures read from the narrative of each report, parsed like table cells (macros/parse_cell.sql).
-- 从报告正文读到的数字，按单元格规则解析。

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
