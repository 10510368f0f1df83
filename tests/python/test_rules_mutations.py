"""Every rule, proven both ways on real dbt builds.

The reference reports yield no error; each mutated report yields exactly the violations its
mutation names — rule, report, cells, expected, actual — and nothing else.
"""

from __future__ import annotations

import json

import pytest
from dbt_harness import REPO, DbtProject, read_csv
from mutations import (
    MUTATIONS,
    PIPELINE_MUTATIONS,
    Mutation,
    write_mutation_project,
    write_pipeline_corpus,
    write_raw_corpus,
)

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

RAW = REPO / "data" / "raw"
REGISTRY = "seeds/registry/agency_registry.csv"


def _corpus_project(destination, mutations: tuple[Mutation, ...]) -> DbtProject:
    return write_mutation_project(DbtProject.copy_of_repo(destination), mutations)


@pytest.fixture(scope="module")
def mutated(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    project = _corpus_project(tmp_path_factory.mktemp("mutated") / "project", MUTATIONS)
    run = project.build()
    # A plain build completes: violations are warnings, not a broken pipeline.
    assert run.returncode == 0, run.output
    return project


def test_every_catalogue_rule_is_covered_by_a_mutation() -> None:
    catalogue = {row["rule_id"] for row in read_csv(REPO / "seeds/reference/rule_catalogue.csv")}
    covered = {violation[0] for m in MUTATIONS for violation in m.violations}
    covered |= {rule_id for _, rule_id, _, _ in PIPELINE_MUTATIONS}
    assert covered == catalogue


def test_reference_reports_have_no_violations(mutated: DbtProject) -> None:
    rows = mutated.query(
        "select rule_id, report_id from marts.fct_rule_violations"
        " where coalesce(report_id, agency_id) not like 'mut%'"
    )
    assert rows == []
    statuses = mutated.query(
        "select distinct status from marts.rpt_report_quality where report_id not like 'mut_%'"
    )
    assert statuses == [("pass",)]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_mutation_yields_exactly_its_violations(mutated: DbtProject, mutation: Mutation) -> None:
    report_ids = [spec.report_id for spec in mutation.reports]
    in_list = ", ".join(f"'{report_id}'" for report_id in report_ids)
    # a coverage violation belongs to the mutation's registered agency, not to a report
    agencies = ", ".join(f"'{agency_id}'" for agency_id in sorted(mutation.agency_ids)) or "''"
    rows = mutated.query(
        "select report_id, rule_id, row_code, column_code, expected, actual"
        f" from marts.fct_rule_violations where report_id in ({in_list})"
        f" or agency_id in ({agencies})"
    )
    found = {(row[1], row[2], row[3], row[4], row[5]) for row in rows}
    assert found == set(mutation.violations), mutation.what
    assert {row[0] for row in rows if row[1] != "COVERAGE_MISSING"} <= {mutation.checked_report_id}

    not_checkable = mutated.query(
        "select rule_id, instance_code from marts.fct_rule_checks"
        f" where status = 'not_checkable' and report_id in ({in_list})"
    )
    assert set(not_checkable) == set(mutation.not_checkable)
    for status, expected in (("not_read", mutation.not_read), ("excluded", mutation.excluded)):
        checks = mutated.query(
            "select rule_id, instance_code from marts.fct_rule_checks"
            f" where status = '{status}' and report_id in ({in_list})"
        )
        assert set(checks) == set(expected), status

    (status,) = mutated.query(
        "select status from marts.rpt_report_quality"
        f" where report_id = '{mutation.checked_report_id}'"
    )[0]
    assert status == mutation.status


def test_violation_rows_carry_cells_and_bilingual_messages(mutated: DbtProject) -> None:
    rows = mutated.query(
        "select severity, cells, message_zh, message_en from marts.fct_rule_violations"
        " where report_id = 'mut_balance' and column_code = 'natural_person'"
    )
    assert rows == [
        (
            "error",
            "t3:total_handled×natural_person + t3:carried_forward×natural_person"
            " = t3:new_received×natural_person + t3:carried_over×natural_person",
            "勾稽关系不成立（自然人列）：一+二 = 538，三（七）+四 = 539",
            "Balance broken (Natural persons column): new + carried over = 538,"
            " total handled + carried forward = 539",
        )
    ]


def test_annotation_is_kept_and_the_number_read(mutated: DbtProject) -> None:
    rows = mutated.query(
        "select value, annotation, cell_text from marts.fct_active_disclosure"
        " where report_id = 'mut_annotated_cell' and item_code = 'normative_document'"
        " and metric_code = 'issued'"
    )
    assert [(int(rows[0][0]), rows[0][1], rows[0][2])] == [
        (452, "（其中修订10件）", "452（其中修订10件）")
    ]


def test_blank_is_never_a_zero(mutated: DbtProject) -> None:
    rows = mutated.query(
        "select cases, cell_state from marts.fct_request_handling"
        " where report_id = 'mut_blank_cell' and row_code = 'new_received'"
        " and applicant_code = 'research'"
    )
    assert rows == [(None, "blank")]


def test_plain_build_warns_and_strict_build_fails_on_a_broken_balance(tmp_path) -> None:
    balance = next(m for m in MUTATIONS if m.name == "balance_one_column")
    project = _corpus_project(tmp_path / "project", (balance,))
    plain = project.build()
    assert plain.returncode == 0, plain.output
    assert "WARN" in plain.output and "rule_holds_fct_rule_violations_T3_BALANCE" in plain.output

    strict = project.build("--vars", "{strict: true}")
    assert strict.returncode != 0
    assert "FAIL" in strict.output and "assert_no_error_severity_violations" in strict.output


def test_strict_build_passes_on_the_reference_reports(reference_project: DbtProject) -> None:
    """The session's build of the committed project is strict (`xxgk build --strict`)."""
    assert "assert_no_error_severity_violations" in reference_project.build_run.output
    (errors,) = reference_project.query(
        "select count(*) from marts.fct_rule_violations where severity = 'error'"
    )[0]
    assert errors == 0


@pytest.mark.parametrize(
    ("name", "recodes", "failing_test"),
    [(name, recodes, test) for name, _, recodes, test in PIPELINE_MUTATIONS],
    ids=[name for name, *_ in PIPELINE_MUTATIONS],
)
def test_pipeline_mutation_fails_the_build_in_its_own_test(
    tmp_path, name: str, recodes: dict, failing_test: str
) -> None:
    project = DbtProject.copy_of_repo(tmp_path / "project")
    write_raw_corpus(project, write_pipeline_corpus(RAW, recodes))
    run = project.build()
    assert run.returncode != 0, name
    results = json.loads((project.root / "target" / "run_results.json").read_text())
    failed = [
        result["unique_id"].split(".")[2]
        for result in results["results"]
        if result["status"] in ("fail", "error")
    ]
    assert any(test.startswith(failing_test) for test in failed), failed
    # only structural tests fail: the pipeline, not a report, is broken
    structural = ("cells_in_template_", "relationships_", "unique_combination_")
    assert all(test.startswith(structural) for test in failed), failed
