-- 表四 政府信息公开行政复议、行政诉讼情况：每份报告 × 单元格一行（macros/table_mart.sql，键名取自 template_tables）。
-- Table 四: one row per report × template cell (macros/table_mart.sql; key names from template_tables).
{{ table_mart('t4') }}
