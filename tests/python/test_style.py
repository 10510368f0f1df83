"""The code is lint-clean: SQL by sqlfluff (models, macros, tests), Python by ruff."""

from __future__ import annotations

import subprocess
import sys

import pytest
from dbt_harness import REPO

pytestmark = pytest.mark.unit


def test_sql_is_sqlfluff_clean() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "sqlfluff", "lint", "models", "macros", "tests", "--nocolor"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_python_is_ruff_clean() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "scripts"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
