"""Every test module is marked unit, dbt or browser; pytest refuses a test that is not.

The markers are registered in pyproject.toml (--strict-markers) and conftest.py checks each
collected test; here a copy of that setup collects an unmarked module and must refuse it.
每个测试模块都必须标记 unit、dbt 或 browser；未标记的测试在收集时被拒绝。
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dbt_harness import REPO

pytestmark = pytest.mark.unit

HERE = Path(__file__).resolve().parent


def _collect(tmp_path: Path, modules: dict[str, str]) -> subprocess.CompletedProcess[str]:
    tests = tmp_path / "tests" / "python"
    tests.mkdir(parents=True)
    shutil.copy2(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for helper in ("conftest.py", "dbt_harness.py", "seeded_faults.py"):
        shutil.copy2(HERE / helper, tests / helper)
    for name, text in modules.items():
        (tests / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


MARKED = "import pytest\n\npytestmark = pytest.mark.unit\n\n\ndef test_a():\n    pass\n"


def test_marked_modules_are_collected(tmp_path: Path) -> None:
    completed = _collect(tmp_path, {"test_marked.py": MARKED})
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize(
    "text",
    [
        "def test_b():\n    pass\n",
        "import pytest\n\npytestmark = [pytest.mark.unit, pytest.mark.dbt]\n\n\n"
        "def test_b():\n    pass\n",
    ],
    ids=["unmarked", "unit_and_dbt"],
)
def test_a_module_without_one_kind_is_refused(tmp_path: Path, text: str) -> None:
    completed = _collect(tmp_path, {"test_marked.py": MARKED, "test_wrong.py": text})
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    assert "test_wrong.py::test_b:" in output
    assert "test_marked.py::test_a:" not in output
