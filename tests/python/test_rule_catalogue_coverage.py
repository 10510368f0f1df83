"""Every rule of the catalogue has a dbt test, and every dbt test that names a rule names one of it.

The catalogue (seeds/reference/rule_catalogue.csv) is the one list of rules. A rule is enforced
by dbt when a test of the parsed project (target/manifest.json, so exactly what `dbt build` runs)
names it, in one of three ways:
- a `rule_holds` generic test (models/marts/quality/_quality__models.yml), argument rule_id;
- a singular test in tests/rules/ that calls `test_rule_holds(ref(...), 'RULE_ID')`;
- a structural test whose config carries `meta: {rule_id: RULE_ID}` (TEMPLATE_CODES is enforced
  by the key and template tests of stg_reports__cells, which fail the build).
A rule without such a test, a test naming a rule the catalogue lacks, or a rule with two
`rule_holds` tests fails here. The second test proves it in a copy of the project.
规则目录中的每条规则都必须有 dbt 测试；测试中出现的规则都必须在目录中。
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbt_harness import DbtProject, read_csv

pytestmark = pytest.mark.dbt

CATALOGUE = Path("seeds") / "reference" / "rule_catalogue.csv"
QUALITY_YML = Path("models") / "marts" / "quality" / "_quality__models.yml"
SINGULAR_CALL = re.compile(r"test_rule_holds\([^)]*\)\s*,\s*'([A-Z0-9_]+)'\s*\)")


@dataclass(frozen=True)
class Coverage:
    missing: set[str]  # catalogue rules no dbt test enforces
    unknown: set[str]  # rules dbt tests name that the catalogue lacks
    duplicated: set[str]  # rules with more than one rule_holds test


def rules_named_by_tests(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(rule_id, how) for every dbt test of the project that names a rule."""
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node["package_name"] != "xxgk":
            continue
        metadata = node.get("test_metadata") or {}
        if metadata.get("name") == "rule_holds":
            found.append((metadata["kwargs"]["rule_id"], "rule_holds"))
        elif "macro.xxgk.test_rule_holds" in node["depends_on"]["macros"]:
            found.extend((rule, "rule_holds") for rule in SINGULAR_CALL.findall(node["raw_code"]))
        rule = (node["config"].get("meta") or {}).get("rule_id")
        if rule:
            found.append((rule, "meta"))
    return found


def coverage(project_root: Path, manifest: dict[str, Any]) -> Coverage:
    catalogue = {row["rule_id"] for row in read_csv(project_root / CATALOGUE)}
    found = rules_named_by_tests(manifest)
    holds = Counter(rule for rule, how in found if how == "rule_holds")
    named = {rule for rule, _ in found}
    return Coverage(
        missing=catalogue - named,
        unknown=named - catalogue,
        duplicated={rule for rule, count in holds.items() if count > 1},
    )


def test_every_catalogue_rule_has_a_dbt_test_and_no_test_an_unknown_rule(
    reference_project: DbtProject, reference_artifacts: Path
) -> None:
    manifest = json.loads((reference_artifacts / "manifest.json").read_text(encoding="utf-8"))
    result = coverage(reference_project.root, manifest)
    assert result == Coverage(set(), set(), set())
    # the mechanism reads something: every rule_holds form is seen on the committed project
    hows = Counter(how for _, how in rules_named_by_tests(manifest))
    assert hows["rule_holds"] >= 11 and hows["meta"] >= 2, hows


def test_a_rule_without_a_test_and_a_test_without_a_rule_are_found(tmp_path: Path) -> None:
    project = DbtProject.copy_of_repo(tmp_path / "project")
    # 1. a catalogue row without a test
    catalogue = project.root / CATALOGUE
    header = catalogue.read_text(encoding="utf-8").splitlines()[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(rule_id="T9_NEW_RULE", table_code="t3", check_kind="sum", severity="error")
    with catalogue.open("a", encoding="utf-8", newline="") as handle:
        handle.write(",".join(row[name] for name in header) + "\n")
    # 2. a rule's test removed, and 3. a test naming a rule the catalogue lacks
    quality = project.root / QUALITY_YML
    text = quality.read_text(encoding="utf-8")
    assert "arguments: {rule_id: T3_BALANCE}" in text
    text = text.replace("arguments: {rule_id: T3_BALANCE}", "arguments: {rule_id: NO_SUCH_RULE}")
    quality.write_text(text, encoding="utf-8")
    # 4. a singular test duplicating a rule_holds test
    (project.root / "tests" / "rules" / "assert_twice.sql").write_text(
        "{{ test_rule_holds(ref('fct_rule_violations'), 'CELL_COMPLETE') }}\n", encoding="utf-8"
    )

    run = project.dbt("parse")
    assert run.returncode == 0, run.output
    manifest = json.loads((project.root / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert coverage(project.root, manifest) == Coverage(
        missing={"T9_NEW_RULE", "T3_BALANCE"},
        unknown={"NO_SUCH_RULE"},
        duplicated={"CELL_COMPLETE"},
    )
