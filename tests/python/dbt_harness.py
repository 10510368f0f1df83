"""Run the real dbt project against a real DuckDB file, in a throw-away copy of the project.

Tests copy only what dbt needs (models, macros, seeds, tests, profiles, dbt_project.yml and the
raw corpus data/raw) so that they can replace the raw corpus with one of their own without
touching the repo.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
DBT_PARTS = ("dbt_project.yml", "models", "macros", "seeds", "tests", "profiles", "data/raw")
RAW_DIR = Path("data") / "raw"
DBT = Path(sys.executable).with_name("dbt")


@dataclass(frozen=True)
class FactMart:
    """A fact mart of one statistical table: its key columns and its value column."""

    table: str
    name: str
    row: str
    column: str
    value: str


FACT_MARTS = (
    FactMart("t2", "fct_active_disclosure", "item_code", "metric_code", "value"),
    FactMart("t3", "fct_request_handling", "row_code", "applicant_code", "cases"),
    FactMart("t4", "fct_review_litigation", "proceeding_code", "outcome_code", "cases"),
)


@dataclass
class DbtRun:
    returncode: int
    output: str


class DbtProject:
    """A copy of the dbt project with its own DuckDB file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.database = root / "xxgk.duckdb"

    @classmethod
    def copy_of_repo(cls, destination: Path) -> DbtProject:
        destination.mkdir(parents=True, exist_ok=True)
        for part in DBT_PARTS:
            source = REPO / part
            target = destination / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("python"))
            else:
                shutil.copy2(source, target)
        return cls(destination)

    @property
    def raw_dir(self) -> Path:
        return self.root / RAW_DIR

    def write_raw(self, name: str, rows: list[dict[str, str]], fields: list[str]) -> None:
        """Replace one file of the project's raw corpus (data/raw/<name>)."""
        with (self.raw_dir / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def dbt(self, *args: str) -> DbtRun:
        env = {
            **os.environ,
            "XXGK_DUCKDB": str(self.database),
            "DBT_PROFILES_DIR": str(self.root / "profiles"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        completed = subprocess.run(
            [str(DBT), *args, "--project-dir", str(self.root)],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return DbtRun(completed.returncode, completed.stdout + completed.stderr)

    def build(self, *extra: str) -> DbtRun:
        return self.dbt("build", *extra)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def mart_values(self, mart: FactMart) -> dict[tuple[str, str, str], Decimal | None]:
        """(source_file, row code, column code) -> the mart's value, as an exact Decimal."""
        rows = self.query(
            f"select r.source_file, f.{mart.row}, f.{mart.column}, f.{mart.value}"
            f" from marts.{mart.name} as f join marts.dim_reports as r using (report_id)"
        )
        return {
            (source, row, column): None if value is None else Decimal(value)
            for source, row, column, value in rows
        }


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


REFERENCE_REPORTS = REPO / "data" / "reports" / "reference"


def keep_reference_reports(raw_dir: Path) -> None:
    """Rewrite the raw corpus in `raw_dir` in place with the five reference reports only (the
    committed corpus also holds the real reports of data/reports/real, whose real violations
    would fail a strict build)."""
    reference = {p.name for p in REFERENCE_REPORTS.iterdir()}
    log = read_csv(raw_dir / "raw_extraction_log.csv")
    kept = {r["report_id"] for r in log if r["source_file"] in reference}
    for path in sorted(raw_dir.glob("raw_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = [r for r in reader if r["report_id"] in kept]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
