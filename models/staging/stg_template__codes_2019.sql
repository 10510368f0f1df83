-- The codes of the 2019 trial format's table 二 (国办公开办函〔2019〕60号), typed: items with the
-- metrics they have, and metrics with their value type (count, signed_count, amount).
-- 2019 试行格式表二的代码：项目及其指标，指标及其数值类型。

with

source as (

    select * from {{ ref('template_2019_codes') }}

),

renamed as (

    select
        dimension,
        code,
        position,
        nullif(value_type, '') as value_type,
        nullif(cell_columns, '') as cell_columns,
        label_zh,
        label_en

    from source

)

select * from renamed
