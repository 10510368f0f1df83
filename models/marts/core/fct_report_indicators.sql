-- The indicators offices compare, per report: one row per report × indicator.
-- 每份报告的常用指标：报告 × 指标一行。
--
--   substantive_disclosure_rate 实质公开率 = (予以公开 + 部分公开) / （七）总计
--   denial_rate 不予公开率                = （三）不予公开 / （七）总计
--   unable_rate 无法提供率                = （四）无法提供 / （七）总计
--   carry_forward_rate 结转率             = 四、结转下年度继续办理 / (一、本年新收 + 二、上年结转)
--   review_correction_rate 行政复议纠错率 = 行政复议 结果纠正 / 行政复议 总计
--   litigation_correction_rate 行政诉讼纠错率 = 行政诉讼（两栏）结果纠正 / 行政诉讼（两栏）总计
-- all on the 总计 column of table 三. The groups (三) and (四) are the sums of their rows in the
-- template (template_codes). value is NULL where the denominator is 0 or a cell it needs is not
-- a number read from the report — never 0.


-- Adding reports (macros/increments.sql): only the reports this table does not have yet.
-- 追加报告时只处理本表尚无的报告。
{{ config(**report_increments()) }}

{%- set cells = template_cells() %}
{%- set denied = [] %}
{%- set unable = [] %}
{%- for cell in cells %}
    {%- if cell.cell_key.startswith('t3:denied_') and cell.cell_key.endswith('×total') %}
        {%- do denied.append(cell.cell_column) %}
    {%- elif cell.cell_key.startswith('t3:unable_') and cell.cell_key.endswith('×total') %}
        {%- do unable.append(cell.cell_column) %}
    {%- endif %}
{%- endfor %}
{%- set indicators = [
    {'code': 'substantive_disclosure_rate', 'zh': '实质公开率', 'en': 'Substantive disclosure rate',
     'numerator': ['t3__granted__total', 't3__partially_granted__total'],
     'denominator': ['t3__total_handled__total']},
    {'code': 'denial_rate', 'zh': '不予公开率', 'en': 'Denial rate',
     'numerator': denied, 'denominator': ['t3__total_handled__total']},
    {'code': 'unable_rate', 'zh': '无法提供率', 'en': 'Unable-to-provide rate',
     'numerator': unable, 'denominator': ['t3__total_handled__total']},
    {'code': 'carry_forward_rate', 'zh': '结转率', 'en': 'Carry-forward rate',
     'numerator': ['t3__carried_forward__total'],
     'denominator': ['t3__new_received__total', 't3__carried_over__total']},
    {'code': 'review_correction_rate', 'zh': '行政复议纠错率', 'en': 'Correction rate in administrative review',
     'numerator': ['t4__admin_review__corrected'], 'denominator': ['t4__admin_review__total']},
    {'code': 'litigation_correction_rate', 'zh': '行政诉讼纠错率', 'en': 'Correction rate in litigation',
     'numerator': ['t4__litigation_direct__corrected', 't4__litigation_after_review__corrected'],
     'denominator': ['t4__litigation_direct__total', 't4__litigation_after_review__total']},
] %}

with

report_agencies as (

    select * from {{ ref('int_report_agencies') }}

),

cell_values as not materialized (

    -- read by every indicator (`not materialized`): each reads its own few columns of the table
    -- instead of a copy of all 200 / 每项指标只读自己的几列，不复制整表
    select * from {{ ref('int_report_cell_values') }}
    where {{ reports_not_built(relation=ref('int_report_cell_values')) }}

),

fractions as (
    {% for indicator in indicators %}
        select
            cell_values.report_id,
            '{{ indicator.code }}' as indicator_code,
            {{ loop.index }} as indicator_position,
            '{{ indicator.zh }}' as indicator_label_zh,
            '{{ indicator.en }}' as indicator_label_en,
            cast({{ (indicator.numerator or ['null']) | join(' + ') }} as decimal(38, 6)) as numerator,
            cast({{ indicator.denominator | join(' + ') }} as decimal(38, 6)) as denominator
        from cell_values
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        fractions.report_id || '/' || fractions.indicator_code as indicator_id,
        fractions.report_id,
        report_agencies.agency_id,
        report_agencies.report_year,
        fractions.indicator_code,
        fractions.indicator_position,
        fractions.indicator_label_zh,
        fractions.indicator_label_en,
        fractions.numerator,
        fractions.denominator,
        cast(
            fractions.numerator / nullif(fractions.denominator, 0) as float8
        ) as indicator_value

    from fractions
    inner join report_agencies
        on fractions.report_id = report_agencies.report_id

)

select * from final
