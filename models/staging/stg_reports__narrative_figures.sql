-- Figures read from the narrative of each report, parsed like table cells (macros/parse_cell.sql).
-- 从报告正文读到的数字，按单元格规则解析。
-- A table: the narrative checks read it twice and fct_narrative_figures once, and the general
-- parse is the costly part. 物化为表：解析只做一次。
-- Adding reports (macros/increments.sql, macros/raw_files.sql): the new files' new reports only.
-- 追加报告时只读新的原始文件、只解析新报告。
{{ config(post_hook="{{ record_raw_files_read() }}", **report_increments()) }}
{%- set raw_files = raw_files_to_read('raw_narrative_figures') %}

with

source as (

    select * from {{ source('raw', 'raw_narrative_figures') }}
    where {{ raw_files_filter(raw_files) }} and {{ reports_not_built() }}

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
