"""The DuckDB file the build writes opens in older DuckDB clients (1.1 on)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from dbt_harness import DbtProject

pytestmark = pytest.mark.dbt

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
    # the old client reads what the current one reads: every report's 175 cells of table 三,
    # and the passing reports (the committed corpus holds real reports besides the reference)
    (reports,) = reference_project.query("select count(*) from marts.dim_reports")[0]
    (passing,) = reference_project.query(
        "select count(*) from marts.rpt_report_quality where status = 'pass'"
    )[0]
    assert passing >= 5  # at least the five reference reports
    assert completed.stdout.split() == [version, str(175 * reports), str(passing)]
