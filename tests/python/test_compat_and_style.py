"""The DuckDB file opens in older clients, and the code is lint-clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from dbt_harness import REPO, DbtProject

OLD_DUCKDB_CLIENTS = ("1.1.3", "1.2.2")


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to install an older DuckDB client (pip install uv)")
    return uv


@pytest.mark.parametrize("version", OLD_DUCKDB_CLIENTS)
def test_database_opens_in_an_older_duckdb_client(
    reference_project: DbtProject, version: str
) -> None:
    script = (
        "import duckdb, sys\n"
        "c = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(duckdb.__version__)\n"
        "print(c.sql('select count(*) from marts.fct_request_handling').fetchone()[0])\n"
        "print(c.sql(\"select count(*) from marts.rpt_report_quality where status = 'pass'\")"
        ".fetchone()[0])\n"
    )
    completed = subprocess.run(
        [
            _uv(),
            "run",
            "--no-project",
            "--with",
            f"duckdb=={version}",
            "python",
            "-c",
            script,
            str(reference_project.database),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [version, "875", "5"]


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
