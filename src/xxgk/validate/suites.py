"""Great Expectations suites generated from the rule catalogue and the template.

由规则目录（marts.dim_rules）和模板（marts.dim_template_tables、marts.dim_template_codes）生成 GX
期望套件。The suites are committed as reviewable JSON under `expectations/`; a test regenerates them
and compares, so they cannot drift from the catalogue. Generation and validation read marts only.

Two kinds of suite:
- one per fact mart (`fct_*`, one per table of dim_template_tables): non-negative values, complete
  and numeric cells, whole counts, template codes, one row per cell;
- one per rule that compares numbers (`rule_*`: the arithmetic rules, the narrative-vs-table
  rule and the roll-up rule HIERARCHY_SUM), over the compact check table `marts.fct_rule_checks`:
  GX compares each check's expected and actual value (`expect_column_pair_values_to_be_equal`);
  a check that could not be run has NULLs there and is skipped, as dbt reports it not_checkable;
- one per office rule judged against a threshold (COVERAGE_MISSING, YOY_ANOMALY, COPY_PASTE):
  GX asserts that none of its checks in `marts.fct_rule_checks` has status fail.

Validation reads every suite's mart in batches of whole reports (`xxgk validate --batch-rows`), so
its memory does not grow with the corpus.

The JSON is GX's suite shape (name, meta, expectations[type, kwargs, meta, description,
severity]) without GX's random ids, so generation is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

GENERATOR = "xxgk gx-suites"
SEVERITY_TO_GX = {"error": "critical", "warning": "warning", "info": "info"}

# Accepted template codes: not (yet) a row of the rule catalogue, so described here.
# 模板代码检查：规则目录中暂无此行，故在此给出描述。
TEMPLATE_CODES_RULE_ID = "TEMPLATE_CODES"


@dataclass(frozen=True)
class FactMart:
    """A fact mart holding one statistical table, one row per report × template cell
    (a row of marts.dim_template_tables)."""

    table_code: str
    name: str
    value_column: str
    row_column: str
    column_column: str
    row_dimension: str
    column_dimension: str
    description_zh: str
    description_en: str
    # the mart keeps whole numbers only: a non-integral number read from the report is NULL
    integral_only: bool = False

    @property
    def relation(self) -> str:
        return f"marts.{self.name}"

    @property
    def index_columns(self) -> list[str]:
        return ["report_id", self.row_column, self.column_column]


def fact_marts(connection: duckdb.DuckDBPyConnection) -> list[FactMart]:
    """The fact marts, as marts.dim_template_tables names them."""
    rows = _rows(
        connection,
        "select table_code, mart, value_column, row_key, column_key, row_dimension,"
        " column_dimension, heading_zh, heading_en, value_data_type"
        " from marts.dim_template_tables order by position",
    )
    return [
        FactMart(
            table_code=row["table_code"],
            name=_checked(row["mart"]),
            value_column=_checked(row["value_column"]),
            row_column=_checked(row["row_key"]),
            column_column=_checked(row["column_key"]),
            row_dimension=row["row_dimension"],
            column_dimension=row["column_dimension"],
            description_zh=f"表{row['heading_zh']}",
            description_en=f"Table {row['heading_en']}",
            integral_only=row["value_data_type"] == "bigint",
        )
        for row in rows
    ]


_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _checked(name: str) -> str:
    """A name that goes into SQL or a frame: lower-case letters, digits and underscores only."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"非法标识符 / invalid identifier: {name!r}")
    return name


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[dict[str, Any]]:
    relation = connection.execute(sql, list(params))
    names = [column[0] for column in relation.description]
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def _rules(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = _rows(
        connection,
        "select rule_id, table_code, check_kind, severity, term_dimension, instance_dimension,"
        " actual_expr, expected_expr, description_zh, description_en"
        " from marts.dim_rules order by rule_id",
    )
    return {row["rule_id"]: row for row in rows}


def _codes_with_cells(connection: duckdb.DuckDBPyConnection, dimension: str) -> list[str]:
    return [
        row["code"]
        for row in _rows(
            connection,
            "select code from marts.dim_template_codes"
            " where dimension = ? and has_cells order by position, code",
            dimension,
        )
    ]


def _expectation(
    expectation_type: str,
    kwargs: dict[str, Any],
    rule: dict[str, Any],
    detail_zh: str,
    detail_en: str,
) -> dict[str, Any]:
    severity = rule["severity"]
    return {
        "type": expectation_type,
        "kwargs": kwargs,
        "meta": {
            "rule_id": rule["rule_id"],
            "severity": severity,
            "check_kind": rule["check_kind"],
            "description_zh": rule["description_zh"],
            "description_en": rule["description_en"],
            "detail_zh": detail_zh,
            "detail_en": detail_en,
        },
        "description": (
            f"{rule['rule_id']} — {rule['description_zh']}（{detail_zh}） / "
            f"{rule['description_en']} ({detail_en})"
        ),
        "severity": SEVERITY_TO_GX.get(severity, "critical"),
    }


def _cell_rule(rules: dict[str, dict[str, Any]], check_kind: str) -> dict[str, Any] | None:
    matches = [rule for rule in rules.values() if rule["check_kind"] == check_kind]
    return matches[0] if matches else None


def _mart_suite(
    connection: duckdb.DuckDBPyConnection,
    mart: FactMart,
    rules: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    expectations: list[dict[str, Any]] = []

    non_negative = _cell_rule(rules, "cell_non_negative")
    if non_negative:
        expectations.append(
            _expectation(
                "expect_column_values_to_be_between",
                {"column": mart.value_column, "min_value": 0},
                non_negative,
                f"{mart.value_column} ≥ 0，空值不计",
                f"{mart.value_column} ≥ 0, nulls not counted",
            )
        )
    complete = _cell_rule(rules, "cell_complete")
    if complete:
        expectations.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                {
                    "column": "cell_state",
                    "value_set": ["number", "not_a_number", "missing", "grouped", "not_applicable"],
                },
                complete,
                "单元格已填写：cell_state 不得为 blank（空白、/、—、无）；抽取程序未读出的"
                "（missing）是本项目的问题，不是报告的错误",
                "the cell is filled: cell_state is never blank (empty, /, —, 无); a cell the "
                "extractor did not read (missing) is the project's problem, not the report's",
            )
        )
    grouped = _cell_rule(rules, "cell_grouped")
    if grouped:
        expectations.append(
            _expectation(
                # a type of its own: GX merges two expectations of one type on one column
                "expect_column_values_to_not_match_regex",
                {"column": "cell_state", "regex": "^grouped$"},
                grouped,
                "子项逐行填写：cell_state 不得为 grouped（分组印成一行，按组报告）",
                "rows filled one by one: cell_state is never grouped (the group printed as one "
                "row, reported as a group)",
            )
        )
    numeric = _cell_rule(rules, "cell_numeric")
    if numeric:
        expectations.append(
            _expectation(
                "expect_column_values_to_not_be_in_set",
                {"column": "cell_state", "value_set": ["not_a_number"]},
                numeric,
                "cell_state 不得为 not_a_number",
                "cell_state is not not_a_number",
            )
        )

    integral = _cell_rule(rules, "cell_integral")
    if integral and mart.integral_only:
        expectations.append(
            _expectation(
                "expect_column_values_to_not_be_null",
                {
                    "column": mart.value_column,
                    # GX row condition: only the cells read as numbers
                    "row_condition": {
                        "type": "comparison",
                        "column": {"name": "cell_state"},
                        "operator": "==",
                        "parameter": "number",
                    },
                },
                integral,
                f"cell_state = number 的单元格 {mart.value_column} 非空（非整数在集市中为 NULL）",
                f"where cell_state = number, {mart.value_column} is not null "
                "(the mart holds NULL for a number that is not whole)",
            )
        )

    codes_rule = rules[TEMPLATE_CODES_RULE_ID]
    axes = ((mart.row_column, mart.row_dimension), (mart.column_column, mart.column_dimension))
    for column, dimension in axes:
        expectations.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                {"column": column, "value_set": _codes_with_cells(connection, dimension)},
                codes_rule,
                f"{column} ∈ 模板维度 {dimension} 中有单元格的代码",
                f"{column} ∈ codes of template dimension {dimension} that have cells",
            )
        )
    expectations.append(
        _expectation(
            "expect_compound_columns_to_be_unique",
            {"column_list": mart.index_columns},
            codes_rule,
            "每份报告每个单元格一行",
            "one row per report and cell",
        )
    )
    return {
        "name": mart.name,
        "meta": {
            "generated_by": GENERATOR,
            "notes_zh": "由规则目录和模板代码生成，请勿手工编辑；修改后运行 xxgk gx-suites。",
            "notes_en": "Generated from the rule catalogue and template codes; do not edit by "
            "hand, run xxgk gx-suites.",
            "description_zh": f"{mart.description_zh}（{mart.relation}）",
            "description_en": f"{mart.description_en} ({mart.relation})",
            "batch": {
                "kind": "mart",
                "relation": mart.relation,
                "table_code": mart.table_code,
                "index_columns": mart.index_columns,
                # shown with a failed row (agency, year, the cell as printed), not validated
                "label_columns": ["title_agency", "report_year", "cell_text"],
                "columns": [*mart.index_columns, mart.value_column, "cell_state"],
            },
        },
        "expectations": expectations,
    }


REPORTS_RELATION = "marts.dim_reports"


# The notes of every suite generated from the catalogue alone. 仅由规则目录生成的套件的说明。
_CATALOGUE_NOTES = {
    "notes_zh": "由规则目录生成，请勿手工编辑；修改后运行 xxgk gx-suites。",
    "notes_en": "Generated from the rule catalogue; do not edit by hand, run xxgk gx-suites.",
}


def _reports_suite(rule: dict[str, Any]) -> dict[str, Any]:
    """The report-level rule (check_kind report_identity) on dim_reports: every report's agency
    and year identified (a report without them is loaded, and this expectation fails)."""
    expectations = [
        _expectation(
            "expect_column_values_to_not_be_null",
            {"column": column},
            rule,
            f"{column} 非空（{zh}已识别）",
            f"{column} is not null (the {en} was identified)",
        )
        for column, zh, en in (("title_agency", "机关", "agency"), ("report_year", "年度", "year"))
    ]
    return {
        "name": "dim_reports",
        "meta": {
            "generated_by": GENERATOR,
            **_CATALOGUE_NOTES,
            "description_zh": f"每份报告的机关与年度（{REPORTS_RELATION}）",
            "description_en": f"Every report's agency and year ({REPORTS_RELATION})",
            "batch": {
                "kind": "mart",
                "relation": REPORTS_RELATION,
                "index_columns": ["report_id"],
                "columns": ["report_id", "title_agency", "report_year"],
            },
        },
        "expectations": expectations,
    }


CHECKS_RELATION = "marts.fct_rule_checks"


def _compares_years(rule: dict[str, Any]) -> bool:
    return "prev." in f"{rule['actual_expr'] or ''} {rule['expected_expr'] or ''}"


# The office checks (int_rule_checks__office): a roll-up compares values like a sum rule; the
# others (coverage, year on year, copied years) compare against thresholds, so GX asserts the
# check's status. 政务公开办检查：汇总比较数值，其余按阈值判断，GX 检查其结论。
EQUAL_VALUE_KINDS = ("sum", "narrative", "hierarchy_sum")
STATUS_KINDS = ("coverage_missing", "late_publication", "yoy_anomaly", "copy_paste")
_STATUS_DETAILS = {
    "coverage_missing": (
        "每个登记机关 × 应发布年度：有报告（status 不为 fail）",
        "per registered agency × year due: a report exists (status is not fail)",
    ),
    "late_publication": (
        "每份登记机关的报告：落款日期不晚于发布期限（status 不为 fail）",
        "per report of a registered agency: dated no later than its deadline (status is not fail)",
    ),
    "yoy_anomaly": (
        "每对相邻年度报告 × 关键数字：变化不超过 dbt 变量 yoy_max_ratio 倍（status 不为 fail）",
        "per pair of consecutive reports × key figure: within var yoy_max_ratio (status is not "
        "fail)",
    ),
    "copy_paste": (
        "每对相邻年度报告：三张表不与上年相同、正文不与上年几乎相同（status 不为 fail）",
        "per pair of consecutive reports: neither the tables nor the narrative are last year's "
        "(status is not fail)",
    ),
}


def _status_suite(rule: dict[str, Any]) -> dict[str, Any]:
    """A suite over fct_rule_checks asserting that no check of the rule failed."""
    index_columns = ["check_id"]
    expectation = _expectation(
        "expect_column_values_to_not_be_in_set",
        {"column": "status", "value_set": ["fail"]},
        rule,
        *_STATUS_DETAILS[rule["check_kind"]],
    )
    return _rule_checks_suite(
        rule,
        expectation,
        index_columns,
        [*index_columns, "status", "expected_value", "actual_value"],
    )


def _rule_suite(rule: dict[str, Any], compares_years: bool) -> dict[str, Any]:
    """A rule suite: GX compares each check's expected and actual value in fct_rule_checks."""
    index_columns = [
        "report_id",
        *(["related_report_id"] if compares_years else []),
        "instance_code",
    ]
    if rule["check_kind"] == "hierarchy_sum":
        detail = (
            "每份汇总报告 × 表三、表四单元格：本级（actual_value）= "
            "各下级报告之和（expected_value）；有下级未报告或单元格不可用时不予检查",
            "per roll-up report × cell of tables 三 and 四: the report (actual_value) = the sum "
            "over its subordinates' reports (expected_value); checks with a missing subordinate or "
            "an unusable cell are not checkable",
        )
    elif rule["check_kind"] == "narrative":
        detail = (
            "每份报告 × 正文数字：正文数字（actual_value）= 表格对应单元格之和（expected_value）；"
            "含空白、缺失或推断单元格的检查不予检查",
            "per report × narrative figure: the figure (actual_value) = the sum of the table cells "
            "it restates (expected_value); checks with a blank, missing or inferred cell are not "
            "checkable",
        )
    else:
        formula = f"{rule['actual_expr']} = {rule['expected_expr']}"
        detail = (
            f"每个 {rule['instance_dimension']}：{formula}（actual_value = expected_value）；"
            "含空白、缺失或推断单元格的检查不予检查",
            f"per {rule['instance_dimension']}: {formula} (actual_value = expected_value); checks "
            "with a blank, missing or inferred cell are not checkable",
        )
    expectation = _expectation(
        "expect_column_pair_values_to_be_equal",
        {
            "column_A": "expected_value",
            "column_B": "actual_value",
            # a check that met a blank, missing, unreadable or inferred cell has NULLs: skipped
            "ignore_row_if": "either_value_is_missing",
        },
        rule,
        *detail,
    )
    return _rule_checks_suite(
        rule,
        expectation,
        index_columns,
        [*index_columns, "expected_value", "actual_value"],
        # shown with a failed row (agency, year, the cells and values in words)
        label_columns=["title_agency", "report_year", "message_zh"],
    )


def _rule_checks_suite(
    rule: dict[str, Any],
    expectation: dict[str, Any],
    index_columns: list[str],
    columns: list[str],
    label_columns: list[str] | None = None,
) -> dict[str, Any]:
    """The suite of one rule: its one expectation, run on the rule's rows of fct_rule_checks."""
    batch: dict[str, Any] = {
        "kind": "rule_checks",
        "relation": CHECKS_RELATION,
        "rule_id": rule["rule_id"],
        "index_columns": index_columns,
    }
    if label_columns is not None:
        batch["label_columns"] = label_columns
    batch["columns"] = columns
    return {
        "name": f"rule_{rule['rule_id']}",
        "meta": {
            "generated_by": GENERATOR,
            **_CATALOGUE_NOTES,
            "description_zh": f"{rule['rule_id']}：{rule['description_zh']}",
            "description_en": f"{rule['rule_id']}: {rule['description_en']}",
            "batch": batch,
        },
        "expectations": [expectation],
    }


def generate_suites(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Every suite, by name, from the catalogue and template in the DuckDB file."""
    rules = _rules(connection)
    suites: dict[str, dict[str, Any]] = {}
    for mart in fact_marts(connection):
        suites[mart.name] = _mart_suite(connection, mart, rules)
    for rule in rules.values():
        if rule["check_kind"] in EQUAL_VALUE_KINDS:
            suite = _rule_suite(rule, _compares_years(rule))
            suites[suite["name"]] = suite
        elif rule["check_kind"] in STATUS_KINDS:
            suite = _status_suite(rule)
            suites[suite["name"]] = suite
    identity = _cell_rule(rules, "report_identity")
    if identity:
        suites["dim_reports"] = _reports_suite(identity)
    return suites


def generate_from_file(duckdb_path: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return generate_suites(connection)


def suite_json(suite: dict[str, Any]) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def write_suites(suites: dict[str, dict[str, Any]], directory: Path) -> list[Path]:
    """Write one JSON file per suite and remove generated files of suites that no longer exist."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, suite in sorted(suites.items()):
        path = directory / f"{name}.json"
        path.write_text(suite_json(suite), encoding="utf-8")
        written.append(path)
    for stale in set(directory.glob("*.json")) - set(written):
        if load_suite(stale).get("meta", {}).get("generated_by") == GENERATOR:
            stale.unlink()
    return written


def load_suite(path: Path) -> dict[str, Any]:
    suite: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return suite


def load_suites(directory: Path) -> dict[str, dict[str, Any]]:
    suites = {}
    for path in sorted(directory.glob("*.json")):
        suite = load_suite(path)
        suites[suite["name"]] = suite
    return suites


def drift(committed: dict[str, dict[str, Any]], generated: dict[str, dict[str, Any]]) -> list[str]:
    """Names of suites whose committed JSON differs from what generation produces."""
    names = sorted(set(committed) | set(generated))
    return [
        name
        for name in names
        if name not in committed
        or name not in generated
        or suite_json(committed[name]) != suite_json(generated[name])
    ]
