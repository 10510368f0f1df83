-- Business rule XY_CARRY_OVER (heuristic, warning) — spans two years:
-- this year's 二、上年结转 = last year's 四、结转下年度继续办理, same agency, every applicant column.
-- 本年“上年结转” = 同一机关上一年度报告的“结转下年度继续办理”（每个申请人列）。
-- Computed in int_rule_checks__arithmetic from the catalogue; this test surfaces the violations.
{{ config(severity = 'warn') }}

{{ test_rule_holds(ref('fct_rule_violations'), 'XY_CARRY_OVER') }}
