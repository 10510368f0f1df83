-- Each report and the same agency's report of the year before, paired by agency id (the
-- registry's id, so names printed differently in the two years still pair: 洪泽区人民政府 and
-- 淮安市洪泽区人民政府). Every cross-year rule reads this table.
-- 每份报告与同一机关（按机关编号）上一年度的报告；所有跨年度规则据此配对。
-- narrative_equal_positions: how many of the 64 positions of the two reports' narrative
-- signatures are equal (NULL when either has none), the estimate of how alike their texts are
-- (COPY_PASTE). 两年正文签名相同的位置数。

-- Adding reports (macros/increments.sql): the pairs of which one report is new (a pair never
-- changes: a report is its content). 追加报告时只加入含新报告的报告对。
{{ config(**report_increments(rows='pair')) }}

with

report_agencies as (

    select * from {{ ref('int_report_agencies') }}

),

pairs as (

    select
        current_year.report_id,
        previous_year.report_id as related_report_id,
        current_year.agency_id,
        current_year.report_year,
        {{ narrative_equal_positions(
            'current_year.narrative_signature', 'previous_year.narrative_signature'
        ) }} as narrative_equal_positions
    from report_agencies as current_year
    inner join report_agencies as previous_year
        on
            current_year.agency_id = previous_year.agency_id
            and current_year.report_year - 1 = previous_year.report_year

),

final as (

    -- the alias is read by pairs_not_built when reports are added
    select * from pairs
    where {{ pairs_not_built('pairs') }}

)

select * from final
