{#-
    raw_table(name) — 原始表的来源.

    The checked-in corpus is loaded as dbt seeds, and the staging models read the seed.
    A national corpus (hundreds of thousands of reports) is too large for seeds: point the
    var `raw_dir` (or the environment variable XXGK_RAW_DIR) at a directory of raw CSV files
    in the same format (seeds/raw/README.md) and the staging models read them directly with
    DuckDB, every column as text, exactly as the seeds are typed.
    已入库的语料以种子表加载；全国规模的语料请设置 raw_dir 直接读取同格式的 CSV 文件。
-#}
{% macro raw_table(name) -%}
    {%- set raw_dir = var('raw_dir', '') or env_var('XXGK_RAW_DIR', '') -%}
    {%- if raw_dir -%}
        read_csv('{{ raw_dir }}/{{ name }}.csv', header = true, all_varchar = true)
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}
