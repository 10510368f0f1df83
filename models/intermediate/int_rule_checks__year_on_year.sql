-- YOY_ANOMALY and COPY_PASTE: a report against the same agency's report of the year before
-- (int_report_pairs, by agency id). 同比异常与内容雷同：与同一机关上一年度报告比较。
--
-- YOY_ANOMALY, one check per report pair × key figure (requests received, requests handled,
-- review total, litigation total): fails when the larger of the two years is at least
-- var('yoy_min_cases') and more than var('yoy_max_ratio') times the smaller (or the smaller is 0).
-- expected = last year, actual = this year. A figure whose cells are not evidence in either
-- year is not_checkable.
-- COPY_PASTE, one check per report pair: over the template's 200 cells, how many are non-zero
-- in either year (expected) and how many of those are identical in both (actual); fails when
-- there are at least var('copy_paste_min_nonzero_cells') such cells and the identical share is
-- at least var('copy_paste_min_similarity') (1 = the three tables are the same).
-- And one check per report pair on the narrative (the words outside the tables, whose MinHash
-- signature the extractor keeps: int_report_pairs.narrative_equal_positions): of the
-- signature's 64 positions (expected), how many are equal in both years (actual); fails when
-- the share is at least var('copy_paste_min_narrative_similarity') — near-identical texts, the
-- figures aside (digits do not count); not_checkable when either year has no signature.
-- 正文雷同：两年正文签名相同位置的比例不低于阈值（数字不计）；任一年无签名则无法检查。

-- Adding reports (macros/increments.sql): only the pairs of reports this table does not have yet.
-- 追加报告时只检查本表尚无的报告对。
{{ config(**report_increments(rows='pair')) }}

{%- set cells = template_cells() %}
{%- set figures = [
    {'code': 'requests_received', 'zh': '本年新收申请（总计）', 'en': 'requests received (total)',
     'columns': ['t3__new_received__total']},
    {'code': 'requests_handled', 'zh': '本年办理结果（七）总计', 'en': 'requests handled (total)',
     'columns': ['t3__total_handled__total']},
    {'code': 'review_total', 'zh': '行政复议总计', 'en': 'administrative review total',
     'columns': ['t4__admin_review__total']},
    {'code': 'litigation_total', 'zh': '行政诉讼总计', 'en': 'litigation total',
     'columns': ['t4__litigation_direct__total', 't4__litigation_after_review__total']},
] %}

with

rules as (

    select * from {{ ref('stg_rules__catalogue') }}
    where check_kind in ('yoy_anomaly', 'copy_paste')

),

-- The pairs and the cell values are read by every figure (`not materialized`): each reads its
-- own few columns instead of a copy of the whole tables. 每项只读自己用到的几列，不复制整表。
year_pairs as not materialized (

    -- the alias is read by pairs_not_built when reports are added
    select * from {{ ref('int_report_pairs') }} as pairs  -- noqa: AL05
    where {{ pairs_not_built('pairs') }}

),

cell_values as not materialized (

    select * from {{ ref('int_report_cell_values') }}

),

figure_values as (
    {% for figure in figures %}
        select
            year_pairs.report_id,
            year_pairs.related_report_id,
            year_pairs.agency_id,
            year_pairs.report_year,
            '{{ figure.code }}' as figure_code,
            {{ loop.index }} as figure_position,
            '{{ figure.zh }}' as label_zh,
            '{{ figure.en }}' as label_en,
            '{{ figure.columns | join(" + ") }}' as figure_cells,
            cast({% for column in figure.columns %}{{ ' + ' if not loop.first }}last_year.{{ column }}{% endfor %} as decimal(38, 6)) as last_value,
            cast({% for column in figure.columns %}{{ ' + ' if not loop.first }}this_year.{{ column }}{% endfor %} as decimal(38, 6)) as this_value
        from year_pairs
        inner join cell_values as this_year
            on year_pairs.report_id = this_year.report_id
        inner join cell_values as last_year
            on year_pairs.related_report_id = last_year.report_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

yoy_checks as (

    select
        figure_values.report_id || '/' || rules.rule_id || '/' || figure_values.figure_code
        || '/' || figure_values.related_report_id as check_id,
        figure_values.report_id,
        rules.rule_id,
        figure_values.related_report_id,
        cast(null as varchar) as table_code,
        figure_values.figure_code as instance_code,
        figure_values.figure_position as instance_position,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_code,
        figure_values.label_zh || '，与上年相比' as location_zh,
        figure_values.label_en || ', against last year' as location_en,
        case
            when figure_values.this_value is null or figure_values.last_value is null
                then 'not_checkable'
            when
                greatest(figure_values.this_value, figure_values.last_value)
                >= {{ var('yoy_min_cases') }}
                and (
                    least(figure_values.this_value, figure_values.last_value) = 0
                    or greatest(figure_values.this_value, figure_values.last_value)
                    > {{ var('yoy_max_ratio') }}
                    * least(figure_values.this_value, figure_values.last_value)
                )
                then 'fail'
            else 'pass'
        end as status,
        figure_values.last_value as expected_value,
        figure_values.this_value as actual_value,
        'prev:' || figure_values.figure_cells as expected_cells,
        figure_values.figure_cells as actual_cells,
        case
            when figure_values.this_value is null or figure_values.last_value is null
                then figure_values.figure_cells || ' (not a number read from the report, this year or last)'
        end as unusable_cells,
        cast(null as varchar) as source_ref,
        figure_values.agency_id,
        figure_values.report_year,
        false as unusable_is_report_fact

    from figure_values
    cross join rules
    where rules.check_kind = 'yoy_anomaly'

),

similarity as (

    select
        year_pairs.report_id,
        year_pairs.related_report_id,
        year_pairs.agency_id,
        year_pairs.report_year,
        (
            {%- for cell in cells %}
                {{ ' + ' if not loop.first }}case when coalesce(this_year.{{ cell.cell_column }}, 0) != 0 or coalesce(last_year.{{ cell.cell_column }}, 0) != 0 then 1 else 0 end
            {%- endfor %}
        ) as nonzero_cells,
        -- identical and non-zero (equal values are non-zero in either year when non-zero in
        -- this one): the shorter condition, which DuckDB plans in a tenth of the time
        (
            {%- for cell in cells %}
                {{ ' + ' if not loop.first }}case when this_year.{{ cell.cell_column }} != 0 and this_year.{{ cell.cell_column }} = last_year.{{ cell.cell_column }} then 1 else 0 end
            {%- endfor %}
        ) as identical_cells
    from year_pairs
    inner join cell_values as this_year
        on year_pairs.report_id = this_year.report_id
    inner join cell_values as last_year
        on year_pairs.related_report_id = last_year.report_id

),

comparisons as (

    -- what COPY_PASTE compares, per report pair: the tables (cells non-zero in either year,
    -- identical ones) and the narrative (signature positions, equal ones; NULL without one)
    select
        report_id,
        related_report_id,
        agency_id,
        report_year,
        'tables' as instance_code,
        1 as instance_position,
        '统计表：表二、表三、表四两年任一非零的单元格，与上年报告相比' as location_zh,
        'tables: the cells of tables 二, 三 and 四 non-zero in either year, against last '
        || 'year''s report' as location_en,
        nonzero_cells as compared,
        identical_cells as identical,
        nonzero_cells >= {{ var('copy_paste_min_nonzero_cells') }}
        and identical_cells >= {{ var('copy_paste_min_similarity') }} * nonzero_cells as is_copy,
        'prev:t2 + prev:t3 + prev:t4' as expected_cells,
        't2 + t3 + t4' as actual_cells
    from similarity

    union all

    select
        report_id,
        related_report_id,
        agency_id,
        report_year,
        'narrative' as instance_code,
        2 as instance_position,
        '正文：表格以外文字的签名位置（数字不计，相似度阈值 '
        || '{{ var("copy_paste_min_narrative_similarity") }}），与上年报告相比' as location_zh,
        'narrative: the signature positions of the text outside the tables (digits aside, '
        || 'similarity threshold {{ var("copy_paste_min_narrative_similarity") }}), against last '
        || 'year''s report' as location_en,
        {{ narrative_signature_positions() }} as compared,
        narrative_equal_positions as identical,
        narrative_equal_positions
        >= {{ var('copy_paste_min_narrative_similarity') }}
        * {{ narrative_signature_positions() }} as is_copy,
        'prev:narrative_signature' as expected_cells,
        'narrative_signature' as actual_cells
    from year_pairs

),

copy_checks as (

    select
        comparisons.report_id || '/' || rules.rule_id || '/' || comparisons.instance_code || '/'
        || comparisons.related_report_id as check_id,
        comparisons.report_id,
        rules.rule_id,
        comparisons.related_report_id,
        cast(null as varchar) as table_code,
        comparisons.instance_code,
        comparisons.instance_position,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_code,
        comparisons.location_zh,
        comparisons.location_en,
        case
            when comparisons.identical is null then 'not_checkable'
            when comparisons.is_copy then 'fail'
            else 'pass'
        end as status,
        cast(comparisons.compared as decimal(38, 6)) as expected_value,
        cast(comparisons.identical as decimal(38, 6)) as actual_value,
        comparisons.expected_cells,
        comparisons.actual_cells,
        case
            when comparisons.identical is null
                then
                    'narrative_signature（本年或上年正文过短或未读出 / the narrative too short or '
                    || 'not read, this year or last）'
        end as unusable_cells,
        cast(null as varchar) as source_ref,
        comparisons.agency_id,
        comparisons.report_year,
        -- what can stop it is a report's narrative (too short or not read), not a cell
        true as unusable_is_report_fact

    from comparisons
    cross join rules
    where rules.check_kind = 'copy_paste'

),

final as (

    select * from yoy_checks
    union all
    select * from copy_checks

)

select * from final
