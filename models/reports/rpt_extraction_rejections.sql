-- Files the extractor rejected, counted per reason: one row per reason_code (scanned_pdf,
-- no_tables, run_together, …), with how many files, their share of all input files, and the
-- first file (by name) as an example with its reason. The count of image-only reports in a
-- corpus is the scanned_pdf row.
-- 按原因统计被拒绝的文件：每个原因代码一行，文件数、占全部输入文件的比例、示例文件及原因。

with

extraction_log as (

    select * from {{ ref('fct_extraction_outcomes') }}

),

input_files as (

    select count(*) as input_file_count
    from extraction_log

),

rejected as (

    select
        coalesce(reason_code, 'unknown') as reason_code,
        source_file,
        reason_zh,
        reason_en,
        row_number() over (
            partition by coalesce(reason_code, 'unknown') order by source_file
        ) as file_rank
    from extraction_log
    where extraction_status = 'rejected'

),

final as (

    select
        rejected.reason_code,
        count(*) as file_count,
        cast(round(100.0 * count(*) / input_files.input_file_count, 1) as decimal(18, 1))
            as file_share_pct,
        min(rejected.source_file) filter (where rejected.file_rank = 1) as example_file,
        min(rejected.reason_zh) filter (where rejected.file_rank = 1) as example_reason_zh,
        min(rejected.reason_en) filter (where rejected.file_rank = 1) as example_reason_en

    from rejected
    cross join input_files
    group by rejected.reason_code, input_files.input_file_count

)

select * from final
