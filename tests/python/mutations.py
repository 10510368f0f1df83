"""A corpus of broken reports, each made from a reference report by one known mutation.

Every mutation says which cells it changes and exactly which violations (rule, row, column,
expected, actual) and which not-checkable checks it must cause — nothing more, nothing less.
Reports are kept apart by giving each mutation its own agency, so cross-year rules only pair
the reports a mutation means to pair.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dbt_harness import REPO, DbtProject, read_csv, trim_registry

from xxgk.extract.report import extract_file
from xxgk.extract.similarity import POSITIONS, similarity
from xxgk.extract.template import load_template

JIAOZUO = "004_967c1590f64ec95c.txt"

CELLS = "raw_cells.csv"

NARRATIVE = "raw_narrative_figures.csv"

# (table, row code, column code) → new cell text; None removes the cell from the raw seed,
# ("inferred", text) writes the text with provenance "inferred", (provenance, text, source_ref)
# also its source_ref; a key the report lacks (a group's cell, provenance "group") is added.
# ("narrative", figure code, "") → new figure text of a figure the narrative states.
# ("report", field of raw_reports, "") → new text of that field of the report (e.g. no title).
# Unless edited, a mutation's report is dated (published_on) 20 January of the next year — on
# time — and its narrative signature is that of a real report's text chosen by the year, so
# that two years of an agency have real, different narratives (see _NARRATIVE_BY_YEAR).
Edit = tuple[str, str, str]
Violation = tuple[str, str | None, str | None, str, str]
Change = str | tuple[str, str] | tuple[str, str, str] | None


@dataclass(frozen=True)
class ReportSpec:
    report_id: str
    year: int
    edits: dict[Edit, Change] = field(default_factory=dict)
    # the agency as the title prints it (default: the mutation's own, 变异<name>)
    agency: str | None = None
    # every number of the report multiplied (a roll-up of `scale` copies), before the edits
    scale: int = 1


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str
    reports: tuple[ReportSpec, ...]
    violations: frozenset[Violation]
    not_checkable: frozenset[tuple[str, str]] = frozenset()
    # checks stopped only by cells the extractor did not read or placed by inference: the
    # project's finding (status not_read), never the report's
    not_read: frozenset[tuple[str, str]] = frozenset()
    # checks of the rule whose constraint segmented their cells (status excluded)
    excluded: frozenset[tuple[str, str]] = frozenset()
    status: str = "fail"
    rule_ids: frozenset[str] = frozenset()
    # rows added to seeds/registry/agency_registry.csv (agency_id, agency_name, …)
    registry: tuple[dict[str, str], ...] = ()

    @property
    def checked_report_id(self) -> str:
        return self.reports[-1].report_id

    @property
    def agency_ids(self) -> frozenset[str]:
        return frozenset(row["agency_id"] for row in self.registry)


def _one(
    name: str,
    what: str,
    edits: dict[Edit, Change],
    violations: set[Violation],
    status: str = "fail",
    not_checkable: set[tuple[str, str]] | None = None,
    not_read: set[tuple[str, str]] | None = None,
    excluded: set[tuple[str, str]] | None = None,
) -> Mutation:
    return Mutation(
        name=name,
        what=what,
        reports=(ReportSpec(f"mut_{name}", 2023, edits),),
        violations=frozenset(violations),
        not_checkable=frozenset(not_checkable or set()),
        not_read=frozenset(not_read or set()),
        excluded=frozenset(excluded or set()),
        status=status,
    )


APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)
OTHER_LEAVES = ("other_no_supplement", "other_no_fee", "other_other")
# Jiaozuo's （六）其他处理 summed over its three rows, per applicant column (17 + 0 + 23, …)
OTHER_GROUP = dict(zip(APPLICANTS, ("40", "0", "0", "0", "6", "0", "46"), strict=True))


def _printed_as_one_row(total: str = OTHER_GROUP["total"]) -> dict[Edit, Change]:
    """（六）其他处理 printed as one row: its three rows absent, the group's cells added."""
    edits: dict[Edit, Change] = {("t3", leaf, c): None for leaf in OTHER_LEAVES for c in APPLICANTS}
    for column, text in OTHER_GROUP.items():
        printed = total if column == "total" else text
        edits[("t3", "other", column)] = ("group", printed, "line 161")
    return edits


GROUPED: Violation = ("CELL_GROUPED", "other", None, "its 3 rows filled in one by one", "grouped")


def _agency(
    agency_id: str,
    name: str,
    *,
    superior: str = "",
    rolls_up: str = "false",
    first_report_year: str = "",
) -> dict[str, str]:
    """A registry row of a mutation's own agency."""
    return {
        "agency_id": agency_id,
        "agency_name": name,
        "superior_agency_id": superior,
        "agency_level": "county",
        "province": "变异省",
        "rolls_up": rolls_up,
        "first_report_year": first_report_year,
    }


# The Jiaozuo report made to continue itself from one year to the next: 上年结转 = its own
# 结转下年度 (11 / 12, 本年新收 529 → 527 so that it still balances) and 本年制发 = 本年废止 (94)
# so that 现行有效 rolls forward unchanged. Two years with these edits pass the cross-year rules.
STEADY: dict[Edit, Change] = {
    ("t3", "carried_over", "natural_person"): "11",
    ("t3", "carried_over", "total"): "12",
    ("t3", "new_received", "natural_person"): "527",
    ("t3", "new_received", "total"): "602",
    ("t2", "normative_document", "issued"): "94",
}
_JIAOZUO_CELLS = [
    row
    for row in read_csv(Path(__file__).resolve().parents[2] / "data" / "raw" / CELLS)
    if row["report_id"] == "31c532c0695f4145"
]
# how many of the Jiaozuo report's cells are non-zero once STEADY is applied: COPY_PASTE
# counts them (cells non-zero in either year) and finds them all identical
COPIED_NONZERO = str(
    sum(
        Decimal(str(STEADY.get((c["table_code"], c["row_code"], c["column_code"]), c["cell_text"])))
        != 0
        for c in _JIAOZUO_CELLS
    )
)
# the cells of tables 三 and 四 (HIERARCHY_SUM checks each of them)
ROLLUP_CELLS = frozenset(
    f"{c['table_code']}:{c['row_code']}×{c['column_code']}"
    for c in _JIAOZUO_CELLS
    if c["table_code"] in ("t3", "t4")
)


def _signature_of(name: str, text: str) -> str:
    """The narrative signature the extractor gives a report of this text."""
    return extract_file(Path(name), text.encode("utf-8"), load_template()).narrative_signature


_REFERENCE_TEXT = (REPO / "data" / "reports" / "reference" / JIAOZUO).read_text(encoding="utf-8")
# The Jiaozuo narrative (real), and the same narrative as a copying agency writes it the next
# year: every figure and year changed, one sentence added. Near-identical: COPY_PASTE.
NARRATIVE_2022 = _signature_of("copy_2022.txt", _REFERENCE_TEXT)
NARRATIVE_COPIED = _signature_of(
    "copy_2023.txt",
    re.sub(r"\d+", lambda m: str(int(m.group()) + 1), _REFERENCE_TEXT).replace(
        "一、总体情况\n", "一、总体情况\n本年度，我市继续按照上年的工作部署推进政务公开。\n", 1
    ),
)
COPIED_POSITIONS = str(round((similarity(NARRATIVE_2022, NARRATIVE_COPIED) or 0) * POSITIONS))
_COMMITTED_REPORTS = {
    r["source_file"]: r for r in read_csv(REPO / "data" / "raw" / "raw_reports.csv")
}
# real narratives that differ from year to year (平潭 2020, 2021, 2022: similarity ≤ 0.1)
_NARRATIVE_BY_YEAR = tuple(
    _COMMITTED_REPORTS[name]["narrative_signature"]
    for name in (
        "pingtan_2020_format2019_concat.txt",
        "pingtan_2021_concat.txt",
        "pingtan_2022_concat.txt",
    )
)


MUTATIONS: tuple[Mutation, ...] = (
    _one(
        "balance_one_column",
        "四、结转下年度 自然人 11 → 12: the balance breaks in that column, and the row total",
        {("t3", "carried_forward", "natural_person"): "12"},
        {
            ("T3_BALANCE", None, "natural_person", "538", "539"),
            ("T3_APPLICANT_TOTAL", "carried_forward", "total", "13", "12"),
        },
    ),
    _one(
        "balance",
        "四、结转下年度 自然人 11 → 12 and 总计 12 → 13: only the balance breaks, in both columns",
        {
            ("t3", "carried_forward", "natural_person"): "12",
            ("t3", "carried_forward", "total"): "13",
        },
        {
            ("T3_BALANCE", None, "natural_person", "538", "539"),
            ("T3_BALANCE", None, "total", "614", "615"),
        },
    ),
    _one(
        "outcome_total",
        "予以公开 自然人 222 → 223, 总计 271 → 272: the outcome rows no longer add to (七)",
        {
            ("t3", "granted", "natural_person"): "223",
            ("t3", "granted", "total"): "272",
        },
        {
            ("T3_OUTCOME_TOTAL", "total_handled", "natural_person", "528", "527"),
            ("T3_OUTCOME_TOTAL", "total_handled", "total", "603", "602"),
        },
    ),
    _one(
        "applicant_total",
        "予以公开 自然人 +1, 属于国家秘密 自然人 −1: two rows' 总计 no longer match",
        {
            ("t3", "granted", "natural_person"): "223",
            ("t3", "denied_state_secret", "natural_person"): "1",
        },
        {
            ("T3_APPLICANT_TOTAL", "granted", "total", "272", "271"),
            ("T3_APPLICANT_TOTAL", "denied_state_secret", "total", "1", "2"),
        },
    ),
    _one(
        "block_total",
        "行政复议 结果维持 11 → 12: the block's total 28 no longer matches 29",
        {("t4", "admin_review", "upheld"): "12"},
        {("T4_BLOCK_TOTAL", "admin_review", "total", "29", "28")},
    ),
    _one(
        "negative",
        "规章 本年废止件数 0 → -1",
        {("t2", "regulation", "repealed"): "-1"},
        {("CELL_NON_NEGATIVE", "regulation", "repealed", "≥ 0", "-1")},
    ),
    _one(
        "fractional_count",
        "行政许可 348445 → 348445.5 (only the fee may be a decimal)",
        {("t2", "administrative_license", "decisions"): "348445.5"},
        {("CELL_INTEGRAL", "administrative_license", "decisions", "a whole number", "348445.5")},
    ),
    _one(
        "fractional_request_count",
        "予以公开 法律服务机构 48 → 48.5: an integer error; sums through it cannot be checked",
        {("t3", "granted", "legal_service"): "48.5"},
        {("CELL_INTEGRAL", "granted", "legal_service", "a whole number", "48.5")},
        not_checkable={("T3_OUTCOME_TOTAL", "legal_service"), ("T3_APPLICANT_TOTAL", "granted")},
    ),
    _one(
        "not_a_number",
        "行政处罚 625973 → 不详",
        {("t2", "administrative_penalty", "decisions"): "不详"},
        {("CELL_NUMERIC", "administrative_penalty", "decisions", "a number", "不详")},
        status="incomplete",
    ),
    _one(
        "slash_cell",
        "行政规范性文件 本年制发件数 452 → / (a blank, not a zero)",
        {("t2", "normative_document", "issued"): "/"},
        {("CELL_COMPLETE", "normative_document", "issued", "a number", "/")},
        status="incomplete",
    ),
    _one(
        "blank_cell",
        "一、本年新收 科研机构 0 → empty: the balance and row total of that cell cannot be checked",
        {("t3", "new_received", "research"): ""},
        {("CELL_COMPLETE", "new_received", "research", "a number", "blank")},
        status="incomplete",
        not_checkable={("T3_BALANCE", "research"), ("T3_APPLICANT_TOTAL", "new_received")},
    ),
    _one(
        "missing_cell",
        "行政复议 尚未审结 not extracted at all: the extractor's gap, not the agency's error — "
        "no violation, the block total not read",
        {("t4", "admin_review", "pending"): None},
        set(),
        status="not_read",
        not_read={("T4_BLOCK_TOTAL", "admin_review")},
    ),
    _one(
        "inferred_cell",
        "一、本年新收 自然人 marked inferred: rules do not take it as evidence",
        {("t3", "new_received", "natural_person"): ("inferred", "529")},
        set(),
        status="not_read",
        not_read={("T3_BALANCE", "natural_person"), ("T3_APPLICANT_TOTAL", "new_received")},
    ),
    _one(
        "segmented_row",
        "一、本年新收 cut from digits run together with its applicants adding up to 总计: "
        "evidence for the balance, excluded from the applicant total that made the cut",
        {
            ("t3", "new_received", c): ("inferred", v, "line 9 (segmented: T3_APPLICANT_TOTAL)")
            for c, v in zip(APPLICANTS, ("529", "18", "0", "1", "55", "1", "604"), strict=True)
        },
        set(),
        status="pass",
        excluded={("T3_APPLICANT_TOTAL", "new_received")},
    ),
    _one(
        "grouped_other",
        "（六）其他处理 printed as one row (40 | 0 | 0 | 0 | 6 | 0 | 46): one warning, the outcome "
        "total checked through the group and holding, its three rows' own checks not applicable",
        _printed_as_one_row(),
        {GROUPED},
        status="warn",
    ),
    _one(
        "grouped_other_total",
        "（六）其他处理 printed as one row, its 总计 46 → 47: the outcome total breaks in that "
        "column only",
        _printed_as_one_row(total="47"),
        {GROUPED, ("T3_OUTCOME_TOTAL", "total_handled", "total", "603", "602")},
    ),
    _one(
        "annotated_cell",
        "行政规范性文件 本年制发件数 printed 452（其中修订10件）: read as 452, the note kept",
        {("t2", "normative_document", "issued"): "452（其中修订10件）"},
        set(),
        status="pass",
    ),
    _one(
        "narrative_figure",
        "正文“全市共办理政府信息依申请公开 602件” printed 600: the narrative no longer restates "
        "(七)总计",
        {("narrative", "requests_handled", ""): "600"},
        {("NARRATIVE_TABLE", "total_handled", "total", "602", "600")},
        status="warn",
    ),
    _one(
        "narrative_blank_table_cell",
        "三（七）总计 总计列 blank: the narrative's 602 has nothing to be compared with",
        {("t3", "total_handled", "total"): ""},
        {("CELL_COMPLETE", "total_handled", "total", "a number", "blank")},
        status="incomplete",
        not_checkable={
            ("T3_BALANCE", "total"),
            ("T3_OUTCOME_TOTAL", "total"),
            ("T3_APPLICANT_TOTAL", "total_handled"),
            ("NARRATIVE_TABLE", "requests_handled"),
        },
    ),
    _one(
        "no_title",
        "the title (and so the agency) not found: loaded, the finding recorded, every cell checked",
        {("report", "title", ""): "", ("report", "title_agency", ""): ""},
        {("REPORT_IDENTITY", None, None, "the agency named in the title", "not found")},
        status="incomplete",
    ),
    _one(
        "no_year",
        "the year not found, or not a year (printed 二〇二三): loaded, the finding recorded",
        {("report", "report_year", ""): "二〇二三"},
        {("REPORT_IDENTITY", None, None, "a four-digit year", "not found")},
        status="incomplete",
    ),
    _one(
        "full_width_digits",
        "一、本年新收 自然人 printed in full-width digits ５２９",
        {("t3", "new_received", "natural_person"): "５２９"},
        set(),
        status="pass",
    ),
    Mutation(
        name="carry_over",
        what="2023 上年结转 自然人 10 but 2022 结转下年度 11 (本年新收 moved so 2023 balances)",
        reports=(
            ReportSpec("mut_carry_over_2022", 2022),
            ReportSpec(
                "mut_carry_over_2023",
                2023,
                {
                    ("t3", "carried_over", "natural_person"): "10",
                    ("t3", "carried_over", "total"): "11",
                    ("t3", "new_received", "natural_person"): "528",
                    ("t3", "new_received", "total"): "603",
                    ("t2", "normative_document", "in_force"): "1894",
                },
            ),
        ),
        violations=frozenset(
            {
                ("XY_CARRY_OVER", "carried_over", "natural_person", "11", "10"),
                ("XY_CARRY_OVER", "carried_over", "total", "12", "11"),
            }
        ),
        status="warn",
    ),
    Mutation(
        name="document_stock",
        what="2023 现行有效 1536 but 2022's 1536 + 452 − 94 = 1894 (carry-over made to match)",
        reports=(
            ReportSpec("mut_document_stock_2022", 2022),
            ReportSpec(
                "mut_document_stock_2023",
                2023,
                {
                    ("t3", "carried_over", "natural_person"): "11",
                    ("t3", "carried_over", "total"): "12",
                    ("t3", "new_received", "natural_person"): "527",
                    ("t3", "new_received", "total"): "602",
                },
            ),
        ),
        violations=frozenset(
            {("XY_DOCUMENT_STOCK", "normative_document", "in_force", "1894", "1536")}
        ),
        status="warn",
    ),
    Mutation(
        name="hierarchy_sum",
        what="a roll-up of two subordinates (each the Jiaozuo report) printed 2× their sum, but "
        "行政复议 结果维持 23 and 总计 57 where the subordinates add up to 22 and 56",
        reports=(
            ReportSpec("mut_hierarchy_sum_a", 2023, agency="变异hierarchy_sum甲"),
            ReportSpec("mut_hierarchy_sum_b", 2023, agency="变异hierarchy_sum乙"),
            ReportSpec(
                "mut_hierarchy_sum",
                2023,
                {("t4", "admin_review", "upheld"): "23", ("t4", "admin_review", "total"): "57"},
                scale=2,
            ),
        ),
        violations=frozenset(
            {
                ("HIERARCHY_SUM", "admin_review", "upheld", "22", "23"),
                ("HIERARCHY_SUM", "admin_review", "total", "56", "57"),
            }
        ),
        status="warn",
        registry=(
            _agency("mut.hierarchy_sum", "变异hierarchy_sum", rolls_up="true"),
            _agency("mut.hierarchy_sum.a", "变异hierarchy_sum甲", superior="mut.hierarchy_sum"),
            _agency("mut.hierarchy_sum.b", "变异hierarchy_sum乙", superior="mut.hierarchy_sum"),
        ),
    ),
    Mutation(
        name="coverage_missing",
        what="a roll-up whose subordinate 乙 has no 2023 report: 乙 is missing from coverage and "
        "every roll-up check of the superior is not checkable",
        reports=(
            ReportSpec("mut_coverage_missing_a", 2023, agency="变异coverage_missing甲"),
            ReportSpec("mut_coverage_missing", 2023),
        ),
        violations=frozenset({("COVERAGE_MISSING", None, None, "1", "0")}),
        not_checkable=frozenset(("HIERARCHY_SUM", cell) for cell in ROLLUP_CELLS),
        status="incomplete",
        registry=(
            _agency("mut.coverage_missing", "变异coverage_missing", rolls_up="true"),
            _agency(
                "mut.coverage_missing.a", "变异coverage_missing甲", superior="mut.coverage_missing"
            ),
            _agency(
                "mut.coverage_missing.b",
                "变异coverage_missing乙",
                superior="mut.coverage_missing",
                first_report_year="2023",
            ),
        ),
    ),
    Mutation(
        name="yoy_anomaly",
        what="行政复议 28 cases in 2022, 112 in 2023 (every outcome ×4): beyond the ratio 3",
        reports=(
            ReportSpec("mut_yoy_anomaly_2022", 2022, STEADY),
            ReportSpec(
                "mut_yoy_anomaly_2023",
                2023,
                {
                    **STEADY,
                    ("t4", "admin_review", "upheld"): "44",
                    ("t4", "admin_review", "corrected"): "16",
                    ("t4", "admin_review", "other"): "24",
                    ("t4", "admin_review", "pending"): "28",
                    ("t4", "admin_review", "total"): "112",
                },
            ),
        ),
        violations=frozenset({("YOY_ANOMALY", None, None, "28", "112")}),
        status="warn",
    ),
    Mutation(
        name="copy_paste",
        what="the 2023 tables are the 2022 tables, every cell (they carry over and roll forward)",
        reports=(
            ReportSpec("mut_copy_paste_2022", 2022, STEADY),
            ReportSpec("mut_copy_paste_2023", 2023, STEADY),
        ),
        violations=frozenset({("COPY_PASTE", None, None, COPIED_NONZERO, COPIED_NONZERO)}),
        status="warn",
    ),
    Mutation(
        name="copy_paste_narrative",
        what="the 2023 narrative is the 2022 one (the real Jiaozuo text) with every figure changed "
        "and one sentence added; the tables differ (every figure carries over)",
        reports=(
            ReportSpec(
                "mut_copy_paste_narrative_2022",
                2022,
                {**STEADY, ("report", "narrative_signature", ""): NARRATIVE_2022},
            ),
            ReportSpec(
                "mut_copy_paste_narrative_2023",
                2023,
                {
                    **STEADY,
                    ("t2", "normative_document", "issued"): "95",
                    ("t2", "normative_document", "in_force"): "1537",
                    ("report", "narrative_signature", ""): NARRATIVE_COPIED,
                },
            ),
        ),
        violations=frozenset({("COPY_PASTE", None, None, str(POSITIONS), COPIED_POSITIONS)}),
        status="warn",
    ),
    Mutation(
        name="late_publication",
        what="a county government's 2023 report dated 2024-04-02: two days after 31 March",
        reports=(
            ReportSpec(
                "mut_late_publication", 2023, {("report", "published_on", ""): "2024-04-02"}
            ),
        ),
        violations=frozenset({("LATE_PUBLICATION", None, None, "0", "2")}),
        status="warn",
        registry=(_agency("mut.late_publication", "变异late_publication"),),
    ),
)


REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reports" / "reference"
TABLE2_2019 = "raw_table2_2019.csv"


def write_corpus(raw_dir: Path, mutations: tuple[Mutation, ...] = MUTATIONS) -> dict[str, list]:
    """Rows of the raw files: the reference reports (of the committed corpus, which also holds
    the real reports) plus every mutation's reports."""
    reference = {p.name for p in REFERENCE_DIR.iterdir()}
    log = [r for r in read_csv(raw_dir / "raw_extraction_log.csv") if r["source_file"] in reference]
    kept = {r["report_id"] for r in log}
    reports = [r for r in read_csv(raw_dir / "raw_reports.csv") if r["report_id"] in kept]
    cells = [c for c in read_csv(raw_dir / CELLS) if c["report_id"] in kept]
    narrative = [f for f in read_csv(raw_dir / NARRATIVE) if f["report_id"] in kept]
    base = next(r for r in reports if r["source_file"] == JIAOZUO)
    for mutation in mutations:
        for spec in mutation.reports:
            agency = spec.agency or f"变异{mutation.name}"
            reports.append(
                {
                    **base,
                    "report_id": spec.report_id,
                    "source_file": f"{spec.report_id}.txt",
                    "source_sha256": "",
                    "title": f"{agency}{spec.year}年政府信息公开工作年度报告",
                    "title_agency": agency,
                    "report_year": str(spec.year),
                    "published_on": f"{spec.year + 1}-01-20",
                    "narrative_signature": _NARRATIVE_BY_YEAR[spec.year % 3],
                    **{
                        key[1]: str(edit or "")
                        for key, edit in spec.edits.items()
                        if key[0] == "report"
                    },
                }
            )
            log.append(
                {
                    **next(row for row in log if row["report_id"] == base["report_id"]),
                    "source_file": f"{spec.report_id}.txt",
                    "source_sha256": "",
                    "report_id": spec.report_id,
                }
            )
            base_cells = [c for c in cells if c["report_id"] == base["report_id"]]
            for cell in base_cells:
                key = (cell["table_code"], cell["row_code"], cell["column_code"])
                new = {**cell, "report_id": spec.report_id}
                if spec.scale != 1:
                    new["cell_text"] = _scaled(cell["cell_text"], spec.scale)
                if key in spec.edits:
                    edit = spec.edits[key]
                    if edit is None:
                        continue
                    _apply(new, edit)
                cells.append(new)
            present = {(c["table_code"], c["row_code"], c["column_code"]) for c in base_cells}
            for (table, row, column), edit in spec.edits.items():
                # a cell the base report lacks (narrative and report fields are not cells)
                is_cell = table not in ("narrative", "report")
                if is_cell and (table, row, column) not in present and edit:
                    added = {**base_cells[0], "report_id": spec.report_id}
                    added.update(table_code=table, row_code=row, column_code=column)
                    _apply(added, edit)
                    cells.append(added)
            for figure in [f for f in narrative if f["report_id"] == base["report_id"]]:
                edit = spec.edits.get(("narrative", figure["figure_code"], ""))
                new_figure = {**figure, "report_id": spec.report_id}
                if spec.scale != 1:
                    scaled = _scaled(figure["figure_text"], spec.scale)
                    new_figure["figure_text"] = scaled
                    new_figure["quote"] = figure["quote"].replace(figure["figure_text"], scaled)
                if isinstance(edit, str):
                    new_figure["figure_text"] = edit
                    new_figure["quote"] = figure["quote"].replace(figure["figure_text"], edit)
                narrative.append(new_figure)
    return {
        "raw_reports.csv": reports,
        "raw_extraction_log.csv": log,
        NARRATIVE: narrative,
        CELLS: cells,
        TABLE2_2019: [],  # the reference reports are all in the 2021 format
    }


def _apply(cell: dict[str, str], edit: Change) -> None:
    if isinstance(edit, tuple) and len(edit) == 3:
        cell["provenance"], cell["cell_text"], cell["source_ref"] = edit
    elif isinstance(edit, tuple):
        cell["provenance"], cell["cell_text"] = edit
    elif edit is not None:
        cell["cell_text"] = edit


def _scaled(text: str, scale: int) -> str:
    """A number printed `scale` times larger (a roll-up of copies); other text as it is."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return str(value * scale)


def registry_rows(header: list[str], mutations: tuple[Mutation, ...] = MUTATIONS) -> list[dict]:
    """The mutations' registry rows, in the registry's columns."""
    return [{**dict.fromkeys(header, ""), **row} for m in mutations for row in m.registry]


# Breaches of TEMPLATE_CODES are failures of the pipeline, not of a report: they must fail
# `dbt build` itself, so they are built as a corpus of their own. Each names the dbt test that
# must fail.
PIPELINE_MUTATIONS: tuple[tuple[str, str, dict[Edit, Edit], str], ...] = (
    (
        "unknown_code",
        "TEMPLATE_CODES",
        {("t3", "granted", "natural_person"): ("t3", "granted_typo", "natural_person")},
        "cells_in_template_stg_reports__cells_",
    ),
    (
        "cell_outside_template",
        "TEMPLATE_CODES",
        {("t2", "regulation", "issued"): ("t2", "regulation", "decisions")},
        "cells_in_template_stg_reports__cells_",
    ),
    (
        "repeated_cell",
        "TEMPLATE_CODES",
        {("t4", "admin_review", "upheld"): ("t4", "admin_review", "corrected")},
        "unique_combination_stg_reports__cells_report_id__table_code__row_code__column_code",
    ),
)


def write_pipeline_corpus(raw_dir: Path, recodes: dict[Edit, Edit]) -> dict[str, list]:
    """The reference reports with one pipeline mutation applied to the Jiaozuo report."""
    corpus = write_corpus(raw_dir, ())
    base_id = next(r["report_id"] for r in corpus["raw_reports.csv"] if r["source_file"] == JIAOZUO)
    if recodes:
        for (table, row, column), (_, new_row, new_column) in recodes.items():
            for cell in corpus[CELLS]:
                place = (
                    cell["report_id"],
                    cell["table_code"],
                    cell["row_code"],
                    cell["column_code"],
                )
                if place == (base_id, table, row, column):
                    cell["row_code"], cell["column_code"] = new_row, new_column
    return corpus


COMMITTED_RAW = REPO / "data" / "raw"
REGISTRY_SEED = Path("seeds") / "registry" / "agency_registry.csv"


def raw_fields(name: str) -> list[str]:
    """The columns of the committed raw file `name`, from its header (also for a table left
    empty)."""
    with (COMMITTED_RAW / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def write_raw_corpus(project: DbtProject, corpus: dict[str, list[dict[str, str]]]) -> None:
    """Write the raw files of `corpus` (as write_corpus makes it) into a project copy."""
    for name, rows in corpus.items():
        project.write_raw(name, rows, raw_fields(name))


def write_mutation_project(
    project: DbtProject,
    mutations: tuple[Mutation, ...] = MUTATIONS,
    corpus: dict[str, list[dict[str, str]]] | None = None,
) -> DbtProject:
    """Give a project copy the corpus of `mutations` (or `corpus`, made from them) and a registry
    of the agencies it prints: the committed registry's agencies that its reports print (not the
    real reports' agencies, which would be reported missing), then the mutations' own rows."""
    write_raw_corpus(project, corpus or write_corpus(COMMITTED_RAW, mutations))
    registry = project.root / REGISTRY_SEED
    trim_registry(registry, project.raw_dir)
    header = registry.read_text(encoding="utf-8").splitlines()[0].split(",")
    with registry.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerows(
            registry_rows(header, mutations)
        )
    return project
