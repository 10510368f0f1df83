-- Every cell of the three tables as the extractor found it, parsed once (macros/parse_cell.sql):
-- the value, the note printed after it and whether it is a number, a blank or text; and the
-- value as a whole number (bigint) where it is one, which the counts of the fact marts and the
-- integrality checks read: arithmetic on decimal(20, 6) (128-bit in DuckDB) over every cell costs
-- several times a 64-bit integer's, so it is done here once, and for plain cells not at all.
-- 三张表的每个单元格：解析出数值、数字后的附注，以及是数字、空白还是文字。
-- A table: the structural tests and int_report_cells read it, so the raw file is read and
-- parsed once; adding reports (macros/increments.sql) parses only the new reports' cells.
-- 物化为表：原始文件只读取、解析一次；追加报告时只解析新报告的单元格。
-- Only the raw files not read yet (macros/raw_files.sql): the post-hook records the files read.
-- 追加报告时只读尚未读过的原始文件；post-hook 记录已读文件。
{{ config(post_hook="{{ record_raw_files_read() }}", **report_increments()) }}
{%- set raw_files = raw_files_to_read('raw_cells') %}

with

source as (

    select * from {{ source('raw', 'raw_cells') }}
    where {{ raw_files_filter(raw_files) }} and {{ reports_not_built() }}

),

classified as (

    select
        *,
        {{ cell_is_plain('cell_text') }} as is_plain
    from source

),

set_apart as (

    -- the general parse sees only the cells that are not plain whole numbers (few)
    select
        *,
        case when not is_plain then cell_text end as other_text
    from classified

),

other_values as (

    select
        *,
        {{ cell_value('other_text') }} as other_value
    from set_apart

),

final as (

    select
        report_id,
        table_code,
        row_code,
        column_code,
        cell_text,
        case
            when is_plain then {{ plain_cell_value('cell_text') }}
            else other_value
        end as value,
        case
            when is_plain then cast(cell_text as bigint)
            when other_value = floor(other_value) then cast(other_value as bigint)
        end as whole_value,
        case when not is_plain then {{ cell_note('other_text') }} end as annotation,
        case when is_plain then 'number' else {{ cell_status('other_text') }} end as parse_status,
        provenance,
        source_ref

    from other_values

)

select * from final
