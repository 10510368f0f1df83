"""Files generated from the seeds are current: the README's rule table and the wide row's docs.

Both generators have a --check mode; a stale file fails here, and the rule-table test also shows
that --check fails when the catalogue changes without the README.
由种子生成的文件必须是最新的：README 规则表与 int_report_cell_values 的列说明。
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dbt_harness import REPO

pytestmark = pytest.mark.unit

RULE_TABLE = REPO / "scripts" / "generate_rule_table.py"
CATALOGUE = REPO / "seeds" / "reference" / "rule_catalogue.csv"


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )


def test_readme_rule_table_is_generated_from_the_catalogue() -> None:
    completed = _run(RULE_TABLE, "--check")
    assert completed.returncode == 0, completed.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines()[1:]:
        assert f"| {line.split(',')[0]} |" in readme


def test_rule_table_check_fails_until_regenerated(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    catalogue = tmp_path / "rule_catalogue.csv"
    shutil.copy2(REPO / "README.md", readme)
    text = CATALOGUE.read_text(encoding="utf-8")
    catalogue.write_text(text.replace(",warning,heuristic,", ",error,heuristic,", 1), "utf-8")
    paths = ("--readme", str(readme), "--catalogue", str(catalogue))

    stale = _run(RULE_TABLE, "--check", *paths)
    assert stale.returncode == 1
    assert "stale" in stale.stderr

    assert _run(RULE_TABLE, *paths).returncode == 0
    assert _run(RULE_TABLE, "--check", *paths).returncode == 0
    assert "| XY_CARRY_OVER | 三 | error | heuristic |" in readme.read_text(encoding="utf-8")


def test_generated_cell_value_docs_are_current() -> None:
    """int_report_cell_values' 200 column docs are generated from the template seeds."""
    completed = _run(REPO / "scripts" / "generate_cell_value_docs.py", "--check")
    assert completed.returncode == 0, completed.stderr
