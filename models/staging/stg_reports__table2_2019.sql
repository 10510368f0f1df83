-- Table 二 of the 2019 trial format as the extractor found it (its own codes), parsed once like
-- the 2021 cells (macros/parse_cell.sql): the value, the note printed after it and whether it is
-- a number, a blank or text. A signed change ("本年增/减", "-18538") is parsed with its sign.
-- 2019 试行格式表二的单元格，按 2021 单元格同样的规则解析一次（本年增/减可带负号）。

with

source as (

    select * from {{ source('raw', 'raw_table2_2019') }}

),

parsed as (

    select
        report_id,
        item_code,
        metric_code,
        cell_text,
        {{ cell_value('cell_text') }} as value,
        {{ cell_note('cell_text') }} as annotation,
        {{ cell_status('cell_text') }} as parse_status,
        provenance,
        source_ref

    from source

)

select * from parsed
