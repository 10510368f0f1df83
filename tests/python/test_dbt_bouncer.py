"""dbt-bouncer with the committed dbt-bouncer.yml finds nothing on a fresh build of the project.

The config holds dbt-project-evaluator's checks and the project's conventions (key tests,
contracts on marts and reports, names by folder, every model, source and macro documented). It
runs on the manifest and catalog of the session's reference build (`dbt docs generate`). The
mutation tests break one convention in a copy of those artifacts and require the matching check
to fail, so a config that checks nothing cannot pass.
dbt-bouncer 按提交的配置检查新生成的 manifest 与 catalog，要求 0 个失败；
变异测试证明检查确实会失败。
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dbt_harness import REPO

pytestmark = pytest.mark.dbt

CONFIG = REPO / "dbt-bouncer.yml"
BOUNCER = Path(sys.executable).with_name("dbt-bouncer")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

Manifest = dict[str, Any]


def run_bouncer(project_dir: Path, output: Path) -> tuple[int, list[dict[str, Any]], str]:
    """Run dbt-bouncer on project_dir/target; return its exit code and its failed checks."""
    completed = subprocess.run(
        [str(BOUNCER), "run", "--config-file", str(CONFIG), "--output-file", str(output)],
        cwd=project_dir,
        env={**os.environ, "DBT_PROJECT_DIR": str(project_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    results = json.loads(output.read_text(encoding="utf-8")) if output.exists() else []
    failed = [result for result in results if result.get("outcome") != "success"]
    return completed.returncode, failed, completed.stdout + completed.stderr


def test_dbt_bouncer_finds_nothing(reference_artifacts: Path, tmp_path: Path) -> None:
    output = tmp_path / "bouncer.json"
    code, failed, log = run_bouncer(reference_artifacts.parent, output)
    results = json.loads(output.read_text(encoding="utf-8"))
    # A config that matched nothing would pass vacuously: several hundred checks run.
    assert len(results) > 500, log
    assert not failed, "\n".join(f"{r['check_run_id']}: {r['failure_message']}" for r in failed)
    assert code == 0, log


def test_every_macro_is_documented_in_chinese_and_english(reference_artifacts: Path) -> None:
    manifest = json.loads((reference_artifacts / "manifest.json").read_text(encoding="utf-8"))
    texts = {
        f"{macro['name']}{'.' + argument['name'] if argument else ''}": (argument or macro).get(
            "description", ""
        )
        for macro in manifest["macros"].values()
        if macro["package_name"] == "xxgk"
        for argument in [None, *macro["arguments"]]
    }
    assert len(texts) > 27
    not_bilingual = [
        name for name, text in texts.items() if not (CJK.search(text) and LATIN.search(text))
    ]
    assert not not_bilingual, not_bilingual


def _drop_macro_description(manifest: Manifest) -> None:
    manifest["macros"]["macro.xxgk.fill_message"]["description"] = ""


def _drop_key_test(manifest: Manifest) -> None:
    for uid in [
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "test"
        and node.get("attached_node") == "model.xxgk.rpt_request_handling_wide"
    ]:
        del manifest["nodes"][uid]


def _misname_mart(manifest: Manifest) -> None:
    manifest["nodes"]["model.xxgk.dim_rules"]["original_file_path"] = "models/reports/dim_rules.sql"
    manifest["nodes"]["model.xxgk.dim_rules"]["path"] = "reports/dim_rules.sql"


def _drop_contract(manifest: Manifest) -> None:
    manifest["nodes"]["model.xxgk.fct_rule_checks"]["config"]["contract"]["enforced"] = False
    manifest["nodes"]["model.xxgk.fct_rule_checks"]["contract"]["enforced"] = False


def _english_only_description(manifest: Manifest) -> None:
    manifest["nodes"]["model.xxgk.dim_reports"]["description"] = "One row per report."


def _drop_source_description(manifest: Manifest) -> None:
    manifest["sources"]["source.xxgk.raw.raw_cells"]["description"] = ""


MUTATIONS: dict[str, tuple[Callable[[Manifest], None], str]] = {
    "macro without a description": (_drop_macro_description, "check_macro_description_populated"),
    "model without a key test": (_drop_key_test, "check_model_has_unique_test"),
    "dim_ model in reports/": (_misname_mart, "check_model_names"),
    "public model without a contract": (_drop_contract, "check_model_has_contracts_enforced"),
    "source without a description": (_drop_source_description, "check_source_description"),
    "model described in English only": (
        _english_only_description,
        "check_model_description_contains_regexp_pattern",
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_dbt_bouncer_fails_on_a_broken_convention(
    reference_artifacts: Path, tmp_path: Path, mutation: str
) -> None:
    mutate, check = MUTATIONS[mutation]
    target = tmp_path / "project" / "target"
    target.mkdir(parents=True)
    shutil.copy2(reference_artifacts / "catalog.json", target / "catalog.json")
    manifest = json.loads((reference_artifacts / "manifest.json").read_text(encoding="utf-8"))
    mutate(manifest)
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, failed, log = run_bouncer(target.parent, tmp_path / "bouncer.json")
    assert code != 0, log
    assert any(r["check_run_id"].startswith(check) for r in failed), [
        r["check_run_id"] for r in failed
    ]
