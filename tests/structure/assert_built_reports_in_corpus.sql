-- Adding reports (xxgk build --add-reports, macros/increments.sql) keeps the per-report tables of
-- earlier builds and adds the new reports' rows. Every report they hold must still be in the
-- corpus: a report removed or replaced since the previous build (a corrected file is a new
-- report) needs a full build — run xxgk build without --add-reports.
-- 追加构建沿用以前的逐报告表：其中每份报告都须仍在语料中；删除或替换了报告时请整体重建（不带 --add-reports）。
with

built as (

    select distinct report_id from {{ ref('int_report_cells') }}

),

corpus as (

    select report_id from {{ ref('int_reports') }}

)

select built.report_id
from built
where built.report_id not in (select corpus.report_id from corpus)
