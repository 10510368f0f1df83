-- Table 二 of the 2019 trial format (国办公开办函〔2019〕60号), for the reports in that format:
-- one row per report × item × metric, with its own codes (seeds/reference/template_2019_codes.csv).
-- Its tables 三 and 四 are in fct_request_handling and fct_review_litigation (mapped onto the
-- 2021 codes; （六）其他处理 printed as one row, see fct_reported_groups).
-- 2019 试行格式的表二（按其自身代码）；表三、表四映射到 2021 代码，见 fct_request_handling 等。

with

cells as (

    select * from {{ ref('int_report_cells_2019') }}

),

final as (

    select
        report_id,
        item_code,
        metric_code,
        value,
        cell_text,
        annotation,
        cell_state,
        value_type,
        provenance,
        source_ref,
        item_position,
        metric_position,
        cell_label_zh,
        cell_label_en

    from cells

)

select * from final
