-- One row per rule violation, ready to send back to the agency.
-- 每条规则违反一行：哪份报告、哪条规则、哪些单元格、期望值与实际值、中英文说明。
-- Severity, origin and messages come with each kind of check (fct_rule_checks,
-- int_rule_checks__cells, int_rule_checks__reports), never again from the catalogue. A coverage
-- violation (COVERAGE_MISSING) has no report: its agency id and year say whose it is.

{#- The columns of a violation, in order. Each kind of failure below (the arithmetic, narrative
    and office checks that failed; the cell rules that failed; a report whose agency or year was
    not identified, REPORT_IDENTITY, with no cell involved) says how it fills them: a column it
    does not name is its own column of that name, `none` a NULL of the column's type. #}
{%- set columns = [
    'violation_id', 'report_id', 'rule_id', 'severity', 'origin', 'table_code', 'row_code',
    'column_code', 'related_report_id', 'cells', 'expected', 'actual', 'expected_zh', 'actual_zh',
    'expected_value', 'actual_value', 'message_zh', 'message_en', 'source_ref', 'agency_id',
    'report_year', 'instance_code',
] %}
{%- set null_types = {
    'expected_value': 'decimal(38, 6)', 'actual_value': 'decimal(38, 6)', 'report_year': 'integer',
} %}
{%- set kinds = [
    {'relation': 'failed_checks', 'columns': {
        'violation_id': 'check_id',
        'cells': "actual_cells || ' = ' || expected_cells",
        'expected': format_number('expected_value'),
        'actual': format_number('actual_value'),
        'expected_zh': format_number('expected_value'),
        'actual_zh': format_number('actual_value'),
    }},
    {'relation': 'cell_failures', 'columns': {
        'violation_id': 'check_id',
        'related_report_id': none,
        'cells': 'cell_key',
        'expected': 'expected_en',
        'actual': 'coalesce(cell_text, cell_state)',
        'expected_value': none,
        'agency_id': none,
        'report_year': none,
        'instance_code': 'cell_key',
    }},
    {'relation': 'report_failures', 'columns': {
        'violation_id': 'check_id',
        'table_code': none,
        'row_code': none,
        'column_code': none,
        'related_report_id': none,
        'cells': 'field_name',
        'expected': 'expected_en',
        'actual': 'actual_en',
        'expected_value': none,
        'actual_value': none,
        'source_ref': none,
        'agency_id': none,
        'report_year': none,
        'instance_code': 'field_name',
    }},
] %}

with

failed_checks as (

    select * from {{ ref('fct_rule_checks') }}
    where status = 'fail'

),

cell_failures as (

    select * from {{ ref('int_rule_checks__cells') }}

),

report_failures as (

    select * from {{ ref('int_rule_checks__reports') }}

),

reports as (

    select * from {{ ref('int_reports') }}

),

violations as (
    {% for kind in kinds %}
        {%- set selected = [] %}
        {%- for column in columns %}
            {%- set expr = kind.columns.get(column, column) %}
            {%- if expr is none %}
                {%- do selected.append('cast(null as ' ~ null_types.get(column, 'varchar') ~ ') as ' ~ column) %}
            {%- else %}
                {%- do selected.append(expr if expr == column else expr ~ ' as ' ~ column) %}
            {%- endif %}
        {%- endfor %}
        select
            {{ selected | join(',\n            ') }}
        from {{ kind.relation }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        violations.violation_id,
        violations.report_id,
        reports.source_file,
        reports.title_agency,
        coalesce(reports.report_year, violations.report_year) as report_year,
        violations.rule_id,
        violations.severity,
        violations.origin,
        violations.table_code,
        violations.row_code,
        violations.column_code,
        violations.related_report_id,
        violations.cells,
        violations.expected,
        violations.actual,
        violations.expected_zh,
        violations.actual_zh,
        violations.expected_value,
        violations.actual_value,
        violations.message_zh,
        violations.message_en,
        violations.source_ref,
        coalesce(reports.agency_id, violations.agency_id) as agency_id,
        violations.instance_code

    from violations
    left join reports
        on violations.report_id = reports.report_id

)

select * from final
