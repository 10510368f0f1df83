"""Great Expectations suites generated from the rule catalogue and the template codes.

由规则目录（reference.rule_catalogue → marts.dim_rules）和模板代码（marts.dim_template_codes、
intermediate.int_rule_terms）生成 GX 期望套件。The suites are committed as reviewable JSON under
`expectations/`; a test regenerates them and compares, so they cannot drift from the catalogue.

Two kinds of suite:
- one per fact mart (`fct_*`): non-negative values, complete and numeric cells, template codes;
- one per arithmetic rule (`rule_*`): the rule's cells pivoted into one row per report × instance
  and one column per term with its sign applied (actual − expected), so that GX itself computes
  `expect_multicolumn_sum_to_equal(sum_total=0)`;
- one for the narrative-vs-table rule (`rule_NARRATIVE_TABLE`): one row per report × figure the
  narrative states, the figure and the negated table cells it restates in slots, summed by GX.

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
    """A fact mart holding one statistical table, one row per report × template cell."""

    table_code: str
    name: str
    value_column: str
    row_column: str
    column_column: str
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


FACT_MARTS: tuple[FactMart, ...] = (
    FactMart(
        "t2",
        "fct_active_disclosure",
        "value",
        "item_code",
        "metric_code",
        "表二 主动公开政府信息情况",
        "Table 二, proactive disclosure",
    ),
    FactMart(
        "t3",
        "fct_request_handling",
        "cases",
        "row_code",
        "applicant_code",
        "表三 收到和处理政府信息公开申请情况",
        "Table 三, requests received and handled",
        integral_only=True,
    ),
    FactMart(
        "t4",
        "fct_review_litigation",
        "cases",
        "proceeding_code",
        "outcome_code",
        "表四 政府信息公开行政复议、行政诉讼情况",
        "Table 四, administrative review and litigation",
        integral_only=True,
    ),
)

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


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


def _table_dimensions(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    rows = _rows(
        connection,
        "select distinct table_code, row_dimension, column_dimension"
        " from intermediate.int_template_cells",
    )
    return {row["table_code"]: (row["row_dimension"], row["column_dimension"]) for row in rows}


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
    dimensions: tuple[str, str],
) -> dict[str, Any]:
    row_dimension, column_dimension = dimensions
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
                {"column": "cell_state", "value_set": ["number", "not_a_number"]},
                complete,
                "单元格已填写：cell_state 为 number 或 not_a_number，"
                "不得为 blank（空白、/、—、无）或 missing（未找到）",
                "the cell is filled: cell_state is number or not_a_number, "
                "never blank (empty, /, —, 无) or missing (not found)",
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
    axes = ((mart.row_column, row_dimension), (mart.column_column, column_dimension))
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
            },
        },
        "expectations": expectations,
    }


def _term_column(side: str, year_offset: int, code: str) -> str:
    column = f"{side}__{'prev__' if year_offset else ''}{code}"
    if not _IDENTIFIER.match(column):
        raise ValueError(f"代码不能用作列名 / code cannot be a column name: {column!r}")
    return column


def _rule_terms(connection: duckdb.DuckDBPyConnection, rule_id: str) -> list[dict[str, Any]]:
    rows = _rows(
        connection,
        "select terms.side, terms.sign, terms.year_offset, terms.code"
        " from intermediate.int_rule_terms as terms"
        " inner join marts.dim_template_codes as codes"
        "   on terms.term_dimension = codes.dimension and terms.code = codes.code"
        " where terms.rule_id = ?"
        " order by terms.side, terms.year_offset desc, codes.position, terms.code",
        rule_id,
    )
    return [
        {
            "column": _term_column(row["side"], row["year_offset"], row["code"]),
            "side": row["side"],
            "code": row["code"],
            "year_offset": row["year_offset"],
            # actual − expected = 0: expected-side terms enter with the opposite sign
            "factor": row["sign"] * (1 if row["side"] == "actual" else -1),
        }
        for row in rows
    ]


def _formula(terms: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for term in terms:
        name = ("prev." if term["year_offset"] else "") + term["code"]
        sign = "−" if term["factor"] < 0 else "+"
        parts.append(f"{sign} {name}" if parts or sign == "−" else name)
    return " ".join(parts) + " = 0"


def _signed_sum_suite(
    rule: dict[str, Any],
    terms: list[dict[str, Any]],
    detail: tuple[str, str],
    generated_from: tuple[str, str],
    batch: dict[str, Any],
) -> dict[str, Any]:
    """A rule suite: GX adds the signed terms of each row, which must sum to 0."""
    expectation = _expectation(
        "expect_multicolumn_sum_to_equal",
        {
            "column_list": [term["column"] for term in terms],
            "sum_total": 0,
            # a blank, missing, unreadable or inferred cell is null: the row is not checkable
            "ignore_row_if": "any_value_is_missing",
        },
        rule,
        *detail,
    )
    return {
        "name": f"rule_{rule['rule_id']}",
        "meta": {
            "generated_by": GENERATOR,
            "notes_zh": f"由{generated_from[0]}生成，请勿手工编辑；修改后运行 xxgk gx-suites。",
            "notes_en": f"Generated from {generated_from[1]}; do not edit by hand, "
            "run xxgk gx-suites.",
            "description_zh": f"{rule['rule_id']}：{rule['description_zh']}",
            "description_en": f"{rule['rule_id']}: {rule['description_en']}",
            "batch": {"kind": batch["kind"], "rule_id": rule["rule_id"], **batch, "terms": terms},
        },
        "expectations": [expectation],
    }


def _rule_suite(rule: dict[str, Any], terms: list[dict[str, Any]]) -> dict[str, Any]:
    compares_years = any(term["year_offset"] for term in terms)
    index_columns = [
        "report_id",
        *(["related_report_id"] if compares_years else []),
        "instance_code",
    ]
    formula = _formula(terms)
    suite = _signed_sum_suite(
        rule,
        terms,
        (
            f"每个 {rule['instance_dimension']}：{formula}；含空白、缺失或推断单元格的行不予检查",
            f"per {rule['instance_dimension']}: {formula}; rows with a blank, missing or inferred "
            "cell are not checkable",
        ),
        ("规则目录（int_rule_terms）", "the rule catalogue (int_rule_terms)"),
        {
            "kind": "rule_terms",
            "table_code": rule["table_code"],
            "term_dimension": rule["term_dimension"],
            "instance_dimension": rule["instance_dimension"],
            "index_columns": index_columns,
        },
    )
    suite["expectations"][0]["meta"]["formula"] = formula
    return suite


def _narrative_terms(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The narrative figure, then one slot per table cell the longest figure restates."""
    rows = _rows(
        connection,
        "select coalesce(max(cell_count), 0) as slots from ("
        " select count(*) as cell_count from intermediate.int_narrative_figure_cells"
        " group by figure_code)",
    )
    slots = int(rows[0]["slots"])
    return [
        {"column": "actual__narrative", "side": "actual", "slot": 0, "factor": 1},
        *(
            {"column": f"expected__cell_{slot}", "side": "expected", "slot": slot, "factor": -1}
            for slot in range(1, slots + 1)
        ),
    ]


def _narrative_suite(rule: dict[str, Any], terms: list[dict[str, Any]]) -> dict[str, Any]:
    return _signed_sum_suite(
        rule,
        terms,
        (
            "每份报告 × 正文数字：正文数字 − 表格对应单元格 = 0（数字少于槽位时补 0）；"
            "含空白、缺失或推断单元格的行不予检查",
            "per report × narrative figure: the figure − the table cells it restates = 0 "
            "(unused cell slots are 0); rows with a blank, missing or inferred cell are not "
            "checkable",
        ),
        (
            "规则目录和正文数字定义（narrative_figures）",
            "the rule catalogue and the narrative figures (narrative_figures)",
        ),
        {"kind": "narrative", "index_columns": ["report_id", "figure_code"]},
    )


def generate_suites(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Every suite, by name, from the catalogue and template in the DuckDB file."""
    rules = _rules(connection)
    dimensions = _table_dimensions(connection)
    suites: dict[str, dict[str, Any]] = {}
    for mart in FACT_MARTS:
        suites[mart.name] = _mart_suite(connection, mart, rules, dimensions[mart.table_code])
    for rule_id, rule in rules.items():
        if rule["check_kind"] == "sum":
            suite = _rule_suite(rule, _rule_terms(connection, rule_id))
        elif rule["check_kind"] == "narrative":
            suite = _narrative_suite(rule, _narrative_terms(connection))
        else:
            continue
        suites[suite["name"]] = suite
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
    return json.loads(path.read_text(encoding="utf-8"))


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
