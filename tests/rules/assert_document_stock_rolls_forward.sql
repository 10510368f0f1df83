-- Business rule XY_DOCUMENT_STOCK (heuristic, warning) — a roll-forward across two years:
-- beginning + changes = end, i.e. 现行有效 (Y) = 现行有效 (Y−1) + 本年制发 (Y) − 本年废止 (Y),
-- for 规章 and 行政规范性文件. Clean-up campaigns break it legitimately: a hint only.
-- 现行有效件数滚动核对：期初 + 变动 = 期末。
{{ config(severity = 'warn') }}

{{ test_rule_holds(ref('fct_rule_violations'), 'XY_DOCUMENT_STOCK') }}
