{#-
    rule_holds(rule_id) — 规则成立测试.

    Returns the violations of one catalogue rule from fct_rule_violations. The rule itself is
    computed in the models from the rule catalogue (rules as data), so this test only asserts on
    the result: a plain `dbt build` reports violations as warnings and still completes; the
    strict gate (tests/assert_no_error_severity_violations.sql) turns error-severity violations
    into a failed build when `--vars '{strict: true}'` is given. Rules that span two years are
    singular tests in tests/rules/ that call this macro: test_rule_holds(ref(...), rule_id).
    规则在模型中按规则目录计算，本测试只读取结果：普通构建以警告报告违反，严格模式由单独的闸门测试负责。
-#}
{% test rule_holds(model, rule_id) %}

    select
        violation_id,
        report_id,
        related_report_id,
        source_file,
        rule_id,
        severity,
        cells,
        expected,
        actual,
        message_zh,
        message_en
    from {{ model }}
    where rule_id = '{{ rule_id }}'

{% endtest %}
