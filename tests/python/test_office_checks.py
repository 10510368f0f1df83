"""The checks a 政务公开办 runs beyond one report, on real dbt builds.

- agency identity: a registry alias pairs 洪泽区人民政府 (2023) with 淮安市洪泽区人民政府 (2024)
  and the carry-over rule runs between them; the same two names without the alias do not pair;
  a name printed with a zero-width space is the registered agency;
- roll-ups: a superior equal to the sum of its two subordinates passes every cell; with one
  subordinate cell changed, it fails in exactly that cell; a subordinate without a report makes
  every roll-up check not_checkable and is missing in rpt_coverage;
- indicators: equal to the values computed here from the hand-checked truth of the reference
  reports;
- findings over builds: a dismissed finding stays dismissed after a rebuild and is open again
  when its cells change; a fixed cell shows as fixed in rpt_findings_diff;
- timeliness: a report dated on its deadline (条例第五十条, or the registry's own) passes
  LATE_PUBLICATION, one dated a day later fails in exactly that report, one without a 落款 date
  is not_checkable (and not incomplete for that); rpt_coverage shows each date and status;
- copied narratives: two years of real, rewritten narratives pass COPY_PASTE on the narrative
  (the copied one fails in the mutation corpus, test_rules_mutations).
"""

from __future__ import annotations

import csv
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from dbt_harness import REPO, DbtProject, read_csv, trim_registry
from mutations import (
    APPLICANTS,
    MUTATIONS,
    STEADY,
    Mutation,
    ReportSpec,
    _agency,
    raw_fields,
    write_corpus,
    write_mutation_project,
    write_raw_corpus,
)

from xxgk.validate.suites import load_suites

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

RAW = REPO / "data" / "raw"
TRUTH = REPO / "tests" / "data" / "truth"
REGISTRY = Path("seeds") / "registry" / "agency_registry.csv"
DISPOSITIONS = Path("seeds") / "registry" / "violation_dispositions.csv"
T3_CELLS = 175
T4_CELLS = 15


def _dated(agency_id: str, name: str, **registry: str) -> dict[str, str]:
    """A registered agency of the timeliness cases (a province of their own: no indicator
    of the other cases moves)."""
    return {**_agency(agency_id, name), "province": "按期省", **registry}


def _on(date: str) -> dict:
    return {("report", "published_on", ""): date}


def _office(name: str, reports: tuple[ReportSpec, ...], registry=()) -> Mutation:
    return Mutation(
        name=name, what=name, reports=reports, violations=frozenset(), registry=registry
    )


def _rollup(name: str, zh: str, b_edits: dict | None = None) -> Mutation:
    """A roll-up <zh>区 (S, every number doubled) over its two subordinates <zh>甲 (A) and <zh>乙
    (B), all three the reference report, B with `b_edits`."""
    return _office(
        name,
        (
            ReportSpec(f"{name}_a", 2023, agency=f"{zh}甲"),
            ReportSpec(f"{name}_b", 2023, b_edits or {}, agency=f"{zh}乙"),
            ReportSpec(f"{name}_s", 2023, agency=f"{zh}区", scale=2),
        ),
        (
            _agency(f"{name}.s", f"{zh}区", rolls_up="true"),
            _agency(f"{name}.a", f"{zh}甲", superior=f"{name}.s"),
            _agency(f"{name}.b", f"{zh}乙", superior=f"{name}.s"),
        ),
    )


# 2024 differs from 2023 in table 四 only (so the two years are not a copy of each other)
LATER = {**STEADY, ("t4", "admin_review", "upheld"): "6", ("t4", "admin_review", "other"): "11"}

OFFICE_CORPUS = (
    _office(
        "hongze",
        (
            ReportSpec("hongze_2023", 2023, STEADY, agency="洪泽区人民政府"),
            ReportSpec("hongze_2024", 2024, LATER, agency="淮安市洪泽区人民政府"),
        ),
        (
            {
                **_agency("jiangsu.huaian.hongze", "淮安市洪泽区人民政府"),
                "aliases": "洪泽区人民政府",
            },
        ),
    ),
    # the same two names, no alias registered: two agencies
    _office(
        "no_alias",
        (
            ReportSpec("no_alias_2023", 2023, STEADY, agency="无别名区人民政府"),
            ReportSpec("no_alias_2024", 2024, LATER, agency="淮安市无别名区人民政府"),
        ),
    ),
    _office(
        "zero_width",
        (ReportSpec("zero_width_2022", 2022, agency="焦作市\u200b人民政府"),),
    ),
    # S = A + B, all clean
    _rollup("rollup", "汇总"),
    # S2 = A2 + B2 as printed, then one cell of B2 changed: 予以公开 自然人 222 → 223
    _rollup("changed", "改动", b_edits={("t3", "granted", "natural_person"): "223"}),
    # S3's subordinate B3 never reported
    _office(
        "missing",
        (
            ReportSpec("missing_a", 2023, agency="缺报甲"),
            ReportSpec("missing_s", 2023, agency="缺报区"),
        ),
        (
            _agency("missing.s", "缺报区", rolls_up="true"),
            _agency("missing.a", "缺报甲", superior="missing.s"),
            _agency("missing.b", "缺报乙", superior="missing.s", first_report_year="2023"),
        ),
    ),
    # LATE_PUBLICATION: a government on 31 March, a department a day after 31 January, a
    # township on its own deadline (20 February), a government without a 落款 date
    _office(
        "timeliness",
        (
            ReportSpec("dated_government", 2023, _on("2024-03-31"), agency="按期县人民政府"),
            ReportSpec("dated_department", 2023, _on("2024-02-01"), agency="逾期局"),
            ReportSpec("dated_township", 2023, _on("2024-02-20"), agency="自定期限镇"),
            ReportSpec("undated", 2023, _on(""), agency="无落款县人民政府"),
        ),
        (
            _dated("dated.government", "按期县人民政府"),
            _dated("dated.department", "逾期局", agency_level="department"),
            _dated(
                "dated.township",
                "自定期限镇",
                agency_level="township",
                publication_deadline="02-20",
            ),
            _dated("undated", "无落款县人民政府"),
        ),
    ),
)


def _project(destination: Path, mutations: tuple[Mutation, ...]) -> DbtProject:
    return write_mutation_project(DbtProject.copy_of_repo(destination), mutations)


def _write_corpus(project: DbtProject, mutations: tuple[Mutation, ...]) -> None:
    write_raw_corpus(project, write_corpus(RAW, mutations))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    project = _project(tmp_path_factory.mktemp("office") / "project", OFFICE_CORPUS)
    run = project.build()
    assert run.returncode == 0, run.output
    return project


# -- agency identity --------------------------------------------------------------------------


def test_an_alias_pairs_two_printed_names_and_the_carry_over_rule_runs(office: DbtProject) -> None:
    agencies = dict(
        office.query(
            "select report_id, agency_id from marts.dim_reports"
            " where report_id in ('hongze_2023', 'hongze_2024')"
        )
    )
    assert agencies == {
        "hongze_2023": "jiangsu.huaian.hongze",
        "hongze_2024": "jiangsu.huaian.hongze",
    }
    checks = office.query(
        "select related_report_id, instance_code, status, expected_value, actual_value"
        " from marts.fct_rule_checks where report_id = 'hongze_2024' and rule_id = 'XY_CARRY_OVER'"
        " order by instance_code"
    )
    # one check per applicant column, against the 2023 report, each holding (11 → 11, 12 → 12 …)
    assert {row[1] for row in checks} == set(APPLICANTS)
    assert {(row[0], row[2]) for row in checks} == {("hongze_2023", "pass")}
    by_column = {row[1]: (int(row[3]), int(row[4])) for row in checks}
    assert by_column["natural_person"] == (11, 11) and by_column["total"] == (12, 12)


def test_without_the_alias_the_two_names_are_two_agencies(office: DbtProject) -> None:
    agencies = office.query(
        "select agency_id from marts.dim_reports"
        " where report_id in ('no_alias_2023', 'no_alias_2024') order by report_id"
    )
    assert agencies == [
        ("unregistered:无别名区人民政府",),
        ("unregistered:淮安市无别名区人民政府",),
    ]
    assert office.query(
        "select count(*) from marts.fct_rule_checks"
        " where report_id = 'no_alias_2024' and related_report_id is not null"
    ) == [(0,)]


def test_a_zero_width_space_does_not_make_a_new_agency(office: DbtProject) -> None:
    assert office.query(
        "select title_agency, agency_id, agency_name from marts.dim_reports"
        " where report_id = 'zero_width_2022'"
    ) == [("焦作市\u200b人民政府", "henan.jiaozuo", "焦作市人民政府")]


# -- roll-ups ----------------------------------------------------------------------------------


def test_a_rollup_equal_to_its_subordinates_passes_every_cell(office: DbtProject) -> None:
    rows = office.query(
        "select status, count(*) from marts.fct_rule_checks"
        " where report_id = 'rollup_s' and rule_id = 'HIERARCHY_SUM' group by status"
    )
    assert rows == [("pass", T3_CELLS + T4_CELLS)]
    assert office.query(
        "select count(*) from marts.fct_rule_violations where report_id like 'rollup%'"
    ) == [(0,)]


def test_one_changed_subordinate_cell_fails_the_rollup_in_exactly_that_cell(
    office: DbtProject,
) -> None:
    failed = office.query(
        "select report_id, row_code, column_code, expected, actual from marts.fct_rule_violations"
        " where rule_id = 'HIERARCHY_SUM'"
    )
    # the subordinates add up to 222 + 223 = 445, the roll-up prints 2 × 222 = 444
    assert failed == [("changed_s", "granted", "natural_person", "445", "444")]
    statuses = office.query(
        "select status, count(*) from marts.fct_rule_checks"
        " where report_id = 'changed_s' and rule_id = 'HIERARCHY_SUM' group by status order by 1"
    )
    assert statuses == [("fail", 1), ("pass", T3_CELLS + T4_CELLS - 1)]
    # the changed subordinate's own rules see the change on its own report, nowhere else
    own = office.query(
        "select distinct report_id from marts.fct_rule_violations"
        " where report_id like 'changed%' and rule_id != 'HIERARCHY_SUM'"
    )
    assert own == [("changed_b",)]


def test_a_missing_subordinate_makes_the_rollup_not_checkable_and_is_in_coverage(
    office: DbtProject,
) -> None:
    checks = office.query(
        "select status, count(*), min(unusable_cells), max(unusable_cells)"
        " from marts.fct_rule_checks"
        " where report_id = 'missing_s' and rule_id = 'HIERARCHY_SUM' group by status"
    )
    assert checks == [
        (
            "not_checkable",
            T3_CELLS + T4_CELLS,
            "subordinates: missing.b (no report)",
            "subordinates: missing.b (no report)",
        )
    ]
    coverage = office.query(
        "select agency_id, coverage_status, report_count, superior_agency_id"
        " from marts.rpt_coverage where agency_id like 'missing.%' and report_year = 2023"
        " order by agency_id"
    )
    assert coverage == [
        ("missing.a", "published", 1, "missing.s"),
        ("missing.b", "missing", 0, "missing.s"),
        ("missing.s", "published", 1, None),
    ]
    violations = office.query(
        "select report_id, agency_id, report_year, expected, actual from marts.fct_rule_violations"
        " where rule_id = 'COVERAGE_MISSING' and agency_id like 'missing.%' order by 2, 3"
    )
    # the corpus has 2024 reports (洪泽), so 2024 is due from every agency that reports by then
    assert violations == [
        (None, "missing.a", 2024, "1", "0"),
        (None, "missing.b", 2023, "1", "0"),
        (None, "missing.b", 2024, "1", "0"),
        (None, "missing.s", 2024, "1", "0"),
    ]


# -- timeliness and copied narratives ------------------------------------------------------------


def test_late_publication_against_each_deadline(office: DbtProject) -> None:
    checks = office.query(
        "select report_id, status, actual_value from marts.fct_rule_checks"
        " where rule_id = 'LATE_PUBLICATION' and report_id in"
        " ('dated_government', 'dated_department', 'dated_township', 'undated') order by 1"
    )
    assert [(r, s, None if v is None else int(v)) for r, s, v in checks] == [
        ("dated_department", "fail", 1),
        ("dated_government", "pass", 0),
        ("dated_township", "pass", 0),
        ("undated", "not_checkable", None),
    ]
    (undated,) = office.query(
        "select message_zh, message_en from marts.fct_rule_checks"
        " where rule_id = 'LATE_PUBLICATION' and report_id = 'undated'"
    )
    assert undated == (
        "无法检查（无落款县人民政府2023年度报告，落款日期 未读出，发布期限 2024-03-31）："
        "报告中未读出检查所需的信息 — published_on（报告末尾未读出落款日期 / no 落款 date read"
        " at the end of the report）",
        "Cannot be checked (无落款县人民政府, report for 2023, dated (not read), deadline"
        " 2024-03-31): the report does not give what the check needs — published_on（报告末尾未读出"
        "落款日期 / no 落款 date read at the end of the report）",
    )
    violations = office.query(
        "select report_id, agency_id, expected, actual, message_zh, message_en"
        " from marts.fct_rule_violations where rule_id = 'LATE_PUBLICATION'"
    )
    assert violations == [
        (
            "dated_department",
            "dated.department",
            "0",
            "1",
            "逾期发布（逾期局2023年度报告，落款日期 2024-02-01，发布期限 2024-01-31）："
            "晚于期限 1 天（应不晚于 0 天）",
            "Published late (逾期局, report for 2023, dated 2024-02-01, deadline 2024-01-31): "
            "1 days after the deadline (at most 0 allowed)",
        )
    ]
    coverage = office.query(
        "select agency_id, cast(publication_deadline as varchar), cast(published_on as varchar),"
        " days_late, publication_status from marts.rpt_coverage"
        " where report_year = 2023 and agency_id in"
        " ('dated.government', 'dated.department', 'dated.township', 'undated', 'missing.b')"
        " order by 1"
    )
    assert coverage == [
        ("dated.department", "2024-01-31", "2024-02-01", 1, "late"),
        ("dated.government", "2024-03-31", "2024-03-31", 0, "on_time"),
        ("dated.township", "2024-02-20", "2024-02-20", 0, "on_time"),
        ("missing.b", "2024-03-31", None, None, "not_published"),
        ("undated", "2024-03-31", None, None, "date_unknown"),
    ]
    # a report without a 落款 date is not incomplete for that: its tables are whole
    quality = office.query(
        "select report_id, status, not_checkable_count from marts.rpt_report_quality"
        " where report_id in ('undated', 'dated_department') order by 1"
    )
    assert quality == [("dated_department", "warn", 0), ("undated", "pass", 1)]


def test_rewritten_narratives_are_not_copies(office: DbtProject) -> None:
    """洪泽 2023 and 2024 carry the real narratives of 平潭 2021 and 2022 (the corpus's default):
    4 of 64 signature positions equal, as the extractor's own estimate says."""
    rows = office.query(
        "select status, expected_value, actual_value from marts.fct_rule_checks"
        " where rule_id = 'COPY_PASTE' and instance_code = 'narrative'"
        " and report_id = 'hongze_2024'"
    )
    assert [(s, int(e), int(a)) for s, e, a in rows] == [("pass", 64, 4)]


# -- indicators --------------------------------------------------------------------------------


def _truth_cells() -> dict[str, dict[tuple[str, str, str], int]]:
    cells: dict[str, dict[tuple[str, str, str], int]] = {}
    for table, name, row_key, column_key in (
        ("t3", "table3_requests.csv", "row_code", "applicant_code"),
        ("t4", "table4_review_litigation.csv", "proceeding_code", "outcome_code"),
    ):
        for row in read_csv(TRUTH / name):
            cells.setdefault(row["source_file"], {})[(table, row[row_key], row[column_key])] = int(
                row["cases"]
            )
    return cells


def _expected_indicators(c: dict[tuple[str, str, str], int]) -> dict[str, Fraction | None]:
    def t3(row: str) -> int:
        return c[("t3", row, "total")]

    def group(prefix: str) -> int:
        return sum(
            v
            for (t, r, col), v in c.items()
            if t == "t3" and r.startswith(prefix) and col == "total"
        )

    def ratio(numerator: int, denominator: int) -> Fraction | None:
        return Fraction(numerator, denominator) if denominator else None

    litigation = ("litigation_direct", "litigation_after_review")
    return {
        "substantive_disclosure_rate": ratio(
            t3("granted") + t3("partially_granted"), t3("total_handled")
        ),
        "denial_rate": ratio(group("denied_"), t3("total_handled")),
        "unable_rate": ratio(group("unable_"), t3("total_handled")),
        "carry_forward_rate": ratio(t3("carried_forward"), t3("new_received") + t3("carried_over")),
        "review_correction_rate": ratio(
            c[("t4", "admin_review", "corrected")], c[("t4", "admin_review", "total")]
        ),
        "litigation_correction_rate": ratio(
            sum(c[("t4", p, "corrected")] for p in litigation),
            sum(c[("t4", p, "total")] for p in litigation),
        ),
    }


def test_indicators_equal_the_values_computed_from_the_truth(office: DbtProject) -> None:
    truth = _truth_cells()
    rows = office.query(
        "select r.source_file, i.indicator_code, i.indicator_value"
        " from marts.fct_report_indicators as i join marts.dim_reports as r using (report_id)"
        f" where r.source_file in ({', '.join(repr(name) for name in truth)})"
    )
    found = {(source, code): value for source, code, value in rows}
    expected = {
        (source, code): value
        for source, cells in truth.items()
        for code, value in _expected_indicators(cells).items()
    }
    assert set(found) == set(expected)
    for key, value in expected.items():
        if value is None:
            assert found[key] is None, key
        else:
            assert found[key] == pytest.approx(float(value), rel=1e-12), key
    # the one reference report with requests: 焦作市人民政府, by hand from its tables
    jiaozuo = {code: value for (source, code), value in found.items() if source.startswith("004")}
    assert jiaozuo["substantive_disclosure_rate"] == pytest.approx(298 / 602)
    assert jiaozuo["review_correction_rate"] == pytest.approx(4 / 28)
    assert jiaozuo["litigation_correction_rate"] == pytest.approx(6 / 49)


def test_region_indicators_rank_only_regions_with_enough_cases(office: DbtProject) -> None:
    rows = office.query(
        "select region_level, region_name, report_year, indicator_code, numerator, denominator,"
        " indicator_value, is_ranked, indicator_rank from marts.rpt_region_indicators"
    )
    assert rows
    for level, name, year, code, numerator, denominator, value, ranked, rank in rows:
        assert ranked == (denominator >= 30), (level, name, year, code)
        assert (rank is not None) == ranked, (level, name, year, code)
        if denominator:
            assert value == pytest.approx(float(numerator / denominator))
    # 平顶山市 (one request in 2023) is below the minimum: listed, not ranked
    small = [r for r in rows if r[1] == "河南省平顶山市" and r[3] == "substantive_disclosure_rate"]
    assert [(r[4], r[5], r[7], r[8]) for r in small] == [(1, 1, False, None)]
    # ranks follow the values among the ranked regions of a level, year and indicator
    groups: dict[tuple, list[tuple[float, int]]] = {}
    for level, _, year, code, _, _, value, ranked, rank in rows:
        if ranked:
            groups.setdefault((level, year, code), []).append((value, rank))
    for members in groups.values():
        by_value = sorted(members, key=lambda member: -member[0])
        assert [rank for _, rank in by_value] == sorted(rank for _, rank in members)
    # 河南省 2023: the reference reports' requests, 298 + 1 of 602 + 1 substantively disclosed
    (henan,) = [
        r[4:7] for r in rows if r[:4] == ("province", "河南省", 2023, "substantive_disclosure_rate")
    ]
    assert (henan[0], henan[1]) == (299, 603)


# -- findings over builds ---------------------------------------------------------------------


def _mutation(name: str, **changes) -> Mutation:
    mutation = next(m for m in MUTATIONS if m.name == name)
    if not changes:
        return mutation
    return Mutation(
        name=mutation.name,
        what=mutation.what,
        reports=(ReportSpec(mutation.checked_report_id, 2023, changes["edits"]),),
        violations=frozenset(),
    )


def _findings(project: DbtProject) -> dict[str, tuple]:
    rows = project.query(
        "select violation_key, rule_id, evidence, review_status, is_open, disposition_lapsed"
        " from marts.fct_findings"
    )
    return {row[0]: row[1:] for row in rows}


def _diff(project: DbtProject) -> dict[str, tuple]:
    rows = project.query(
        "select violation_key, diff_status, review_status from marts.rpt_findings_diff"
    )
    return {row[0]: row[1:] for row in rows}


def test_dispositions_and_the_diff_across_rebuilds(tmp_path: Path) -> None:
    narrative = _mutation("narrative_figure")  # 正文 600 against the table's 602
    negative = _mutation("negative")  # 规章 本年废止件数 −1
    project = _project(tmp_path / "project", (narrative, negative))

    # build 1: two findings, both new
    assert project.build().returncode == 0
    first = _findings(project)
    narrative_key = "unregistered:变异narrative_figure/2023/NARRATIVE_TABLE/requests_handled"
    negative_key = "unregistered:变异negative/2023/CELL_NON_NEGATIVE/t2:regulation×repealed"
    assert set(first) == {narrative_key, negative_key}
    assert first[narrative_key] == (
        "NARRATIVE_TABLE",
        "expected=602; actual=600",
        "open",
        True,
        False,
    )
    assert _diff(project) == {narrative_key: ("new", "open"), negative_key: ("new", "open")}

    # the reviewer dismisses the narrative finding (the narrative speaks of a narrower scope)
    # and the agency fixes the negative cell
    (project.root / DISPOSITIONS).write_text(
        "violation_key,evidence,status,reason,reviewer,decided_on\n"
        f"{narrative_key},expected=602; actual=600,dismissed,"
        "正文只说市政府本级,审阅人甲,2026-12-01\n",
        encoding="utf-8",
    )
    _write_corpus(project, (narrative, _mutation("negative", edits={})))
    assert project.build().returncode == 0
    second = _findings(project)
    assert second == {
        narrative_key: ("NARRATIVE_TABLE", "expected=602; actual=600", "dismissed", False, False)
    }
    assert _diff(project) == {
        narrative_key: ("still_open", "dismissed"),
        negative_key: ("fixed", None),
    }

    # a rebuild changes nothing: still dismissed, nothing new or fixed
    assert project.build().returncode == 0
    assert _findings(project) == second
    assert _diff(project) == {narrative_key: ("still_open", "dismissed")}

    # the narrative's figure changes (600 → 601): the disposition no longer applies
    changed = Mutation(
        name=narrative.name,
        what=narrative.what,
        reports=(
            ReportSpec(
                narrative.checked_report_id, 2023, {("narrative", "requests_handled", ""): "601"}
            ),
        ),
        violations=frozenset(),
    )
    _write_corpus(project, (changed, _mutation("negative", edits={})))
    assert project.build().returncode == 0
    assert _findings(project) == {
        narrative_key: ("NARRATIVE_TABLE", "expected=602; actual=601", "open", True, True)
    }
    assert _diff(project) == {narrative_key: ("still_open", "open")}
    # every build recorded itself and its findings
    builds = project.query("select count(*), sum(finding_count) from audit.findings_builds")
    assert builds == [(4, 5)]
    assert project.query("select count(*) from audit.findings_snapshots") == [(5,)]


# -- Great Expectations --------------------------------------------------------------------------


def test_gx_rule_suites_fail_exactly_where_dbt_finds_violations(
    office: DbtProject, tmp_path: Path
) -> None:
    """The generated rule suites fail on this corpus exactly for the rules fct_rule_violations
    has rows of: among them HIERARCHY_SUM, COVERAGE_MISSING (whose checks belong to no report)
    and COPY_PASTE (焦作市\u200b人民政府 2022 is the 2023 reference report's tables)."""
    from xxgk.validate.run import run_validation

    database = tmp_path / "copy.duckdb"
    shutil.copy2(office.database, database)
    run = run_validation(database, REPO / "expectations", tmp_path / "docs", write_results=False)
    failed = {outcome.rule_id for outcome in run.failed if outcome.suite.startswith("rule_")}
    violated = {
        rule for (rule,) in office.query("select distinct rule_id from marts.fct_rule_violations")
    }
    rule_suites = {name.removeprefix("rule_") for name in load_suites(REPO / "expectations")}
    assert {"HIERARCHY_SUM", "COVERAGE_MISSING", "COPY_PASTE"} <= failed
    assert failed == violated & rule_suites


def _raw_dir(directory: Path, mutations: tuple[Mutation, ...]) -> Path:
    directory.mkdir(parents=True)
    for name, rows in write_corpus(RAW, mutations).items():
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=raw_fields(name), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return directory


def test_xxgk_build_carries_the_history_and_diffs_against_the_previous_build(
    tmp_path: Path,
) -> None:
    """`xxgk build` builds a new file each time: the previous file's audit (its findings
    snapshots) is carried into it before dbt runs, so rpt_findings_diff sees the last build."""
    import duckdb
    from dbt_harness import copy_project, run_xxgk

    root = copy_project(tmp_path / "project")
    broken = _raw_dir(tmp_path / "raw broken", (_mutation("negative"),))
    fixed = _raw_dir(tmp_path / "raw fixed", (_mutation("negative", edits={}),))
    trim_registry(root / REGISTRY, broken)
    for raw_dir in (broken, fixed):
        run = run_xxgk(root, "build", "--raw-dir", str(raw_dir))
        assert run.returncode == 0, run.stdout + run.stderr
    key = "unregistered:变异negative/2023/CELL_NON_NEGATIVE/t2:regulation×repealed"
    with duckdb.connect(str(root / "xxgk.duckdb"), read_only=True) as connection:
        diff = connection.sql(
            "select violation_key, diff_status, previous_evidence from marts.rpt_findings_diff"
        ).fetchall()
        builds = connection.sql(
            "select b.finding_count, count(s.violation_key) from audit.findings_builds as b"
            " left join audit.findings_snapshots as s using (build_id)"
            " group by b.build_id, b.built_at, b.finding_count order by b.built_at"
        ).fetchall()
        runs = connection.sql("select count(distinct run_id) from audit.gx_results").fetchall()
    assert diff == [(key, "fixed", "expected=≥ 0; actual=-1")]
    assert builds == [(1, 1), (0, 0)]  # the first build's one finding; the second had none
    assert runs == [(2,)]
