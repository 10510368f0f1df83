{#-
    rule_check_rows(checks, rules) — 检查结果连同规则的严重程度与中英文消息.

    The rows of fct_rule_checks from checks in the shape the check models give (check_id …
    unusable_is_report_fact; `checks` names a CTE or relation) and the typed catalogue (`rules`):
    the catalogue's severity and origin, and a message in Chinese and English for every check that
    did not pass — the catalogue's template filled in for a failure, the cells or facts that stopped
    it otherwise. The values are formatted for failed checks only (most checks pass).
    由检查结果与规则目录生成 fct_rule_checks 的行：严重程度、来源及中英文消息（只为未通过的检查格式化数值）。
-#}
{% macro rule_check_rows(checks, rules) %}
    select
        checks.check_id,
        checks.report_id,
        checks.rule_id,
        rules.severity,
        rules.origin,
        checks.status,
        checks.table_code,
        checks.instance_code,
        checks.row_code,
        checks.column_code,
        checks.related_report_id,
        checks.expected_value,
        checks.actual_value,
        checks.expected_cells,
        checks.actual_cells,
        checks.unusable_cells,
        checks.source_ref,
        checks.agency_id,
        checks.report_year,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_zh', 'checks.location_zh',
                format_number('checks.failed_expected_value'),
                format_number('checks.failed_actual_value')
            ) }}
            when 'not_checkable'
                then
                    '无法检查（' || checks.location_zh || '）：'
                    || case
                        when checks.unusable_is_report_fact then '报告中未读出检查所需的信息 — '
                        else '以下单元格不是读到的数字 — '
                    end
                    || checks.unusable_cells
            when 'not_read'
                then
                    '未能检查（' || checks.location_zh || '）：以下单元格抽取程序未读出（本项目的问题，'
                    || '不是报告的错误）— ' || checks.unusable_cells
            when 'excluded'
                then
                    '不计入（' || checks.location_zh || '）：所用单元格是按本规则切分连写数字得到的，'
                    || '本规则对其不作为证据'
        end as message_zh,
        case checks.status
            when 'fail' then {{ fill_message(
                'rules.message_en', 'checks.location_en',
                format_number('checks.failed_expected_value'),
                format_number('checks.failed_actual_value')
            ) }}
            when 'not_checkable'
                then
                    'Cannot be checked (' || checks.location_en || '): '
                    || case
                        when checks.unusable_is_report_fact
                            then 'the report does not give what the check needs — '
                        else 'these cells are not numbers read from the report — '
                    end
                    || checks.unusable_cells
            when 'not_read'
                then
                    'Not checked (' || checks.location_en
                    || '): the extractor did not read these cells (the project''s problem, '
                    || 'not an error of the report) — ' || checks.unusable_cells
            when 'excluded'
                then
                    'Excluded (' || checks.location_en
                    || '): its cells were cut from digits run together using this rule''s own '
                    || 'constraint, so they are no evidence for it'
        end as message_en

    from (
        select
            *,
            case when status = 'fail' then expected_value end as failed_expected_value,
            case when status = 'fail' then actual_value end as failed_actual_value
        from {{ checks }}
    ) as checks
    inner join {{ rules }} as rules
        on checks.rule_id = rules.rule_id
{% endmacro %}
