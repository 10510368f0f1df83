"""The one test harness: a throw-away copy of the project, built by real dbt or `xxgk build`
into a real DuckDB file of its own.

测试工具：项目副本（只复制 dbt 与 xxgk build 所需的部分），真实运行 dbt 或 xxgk build。

`copy_project` copies only what the builds need (dbt_project.yml, models, macros, seeds, tests,
profiles, the raw corpus data/raw and the GX suites), so that a test can replace the raw corpus
with one of their own without touching the repo. The session's builds (the committed project
once, the seeded faults once) are the fixtures of conftest.py.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[2]
PROJECT_PARTS = (
    "dbt_project.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "profiles",
    "data/raw",
    "expectations",
)
RAW_DIR = Path("data") / "raw"
DBT = Path(sys.executable).with_name("dbt")
XXGK = Path(sys.executable).with_name("xxgk")


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


def copy_project(destination: Path) -> Path:
    """Copy what dbt and `xxgk build` need (no venv, target, build dir, DuckDB files, pytest)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        target = destination / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source,
                target,
                ignore=shutil.ignore_patterns("python", "data", "__pycache__", "*.duckdb*"),
            )
        else:
            shutil.copy2(source, target)
    return destination


def run_xxgk(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`xxgk ARGS --project-dir ROOT`, from ROOT, without the caller's XXGK_DUCKDB."""
    base_env = {key: value for key, value in os.environ.items() if key != "XXGK_DUCKDB"}
    base_env.update({"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "COLUMNS": "160"})
    return subprocess.run(
        [str(XXGK), *args, "--project-dir", str(root)],
        cwd=root,
        env={**base_env, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


class DbtProject:
    """A copy of the project with its own DuckDB file (default: xxgk.duckdb in its root).

    `build_run` is the session build's run where the project is one (conftest.py)."""

    def __init__(self, root: Path, database: Path | None = None) -> None:
        self.root = root
        self.database = database or root / "xxgk.duckdb"
        self.build_run = DbtRun(-1, "not built")

    @classmethod
    def copy_of_repo(cls, destination: Path, database: Path | None = None) -> DbtProject:
        return cls(copy_project(destination), database)

    @property
    def gx_docs(self) -> Path:
        return self.root / "build" / "gx_docs"

    @property
    def dbt_docs(self) -> Path:
        return self.root / "target" / "static_index.html"

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

    def xxgk(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """An `xxgk` command on this copy and its DuckDB file."""
        return run_xxgk(self.root, *args, "--duckdb", str(self.database), env=env)

    def xxgk_build(self, *args: str, env: dict[str, str] | None = None) -> DbtRun:
        """`xxgk build ARGS` on this copy (XXGK_DUCKDB: its DuckDB file); kept as `build_run`."""
        completed = run_xxgk(
            self.root, "build", *args, env={"XXGK_DUCKDB": str(self.database), **(env or {})}
        )
        self.build_run = DbtRun(completed.returncode, completed.stdout + completed.stderr)
        return self.build_run

    def query(self, sql: str) -> list[tuple[Any, ...]]:
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


def keep_reference_reports(raw_dir: Path, registry: Path | None = None) -> None:
    """Rewrite the raw corpus in `raw_dir` in place with the five reference reports only (the
    committed corpus also holds the real reports of data/reports/real, whose real violations
    would fail a strict build); and, given the project's `registry`, keep the agencies those
    reports print only (a registered agency with no report is a COVERAGE_MISSING finding)."""
    reference = {p.name for p in REFERENCE_REPORTS.iterdir()}
    log = read_csv(raw_dir / "raw_extraction_log.csv")
    kept = {r["report_id"] for r in log if r["source_file"] in reference}
    for path in sorted(raw_dir.glob("raw_*.csv")):
        _rewrite_csv(path, lambda row: row["report_id"] in kept)
    if registry is not None:
        trim_registry(registry, raw_dir)


def trim_registry(registry: Path, raw_dir: Path) -> None:
    """Keep the registry's agencies that a report of `raw_dir` prints (by full name or alias):
    the committed registry also holds the real reports' agencies, which a corpus without those
    reports would report missing (COVERAGE_MISSING)."""
    printed = {r["title_agency"] for r in read_csv(raw_dir / "raw_reports.csv")} - {""}
    _rewrite_csv(
        registry,
        lambda row: bool(printed & {row["agency_name"], *row["aliases"].split("|")}),
    )


def _rewrite_csv(path: Path, keep: Callable[[dict[str, str]], bool]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = [row for row in reader if keep(row)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def rows_only_in(
    connection: duckdb.DuckDBPyConnection, first: str, second: str, relation: str
) -> list[int]:
    """Rows of `relation` (schema.table) in attached database `first` not in `second` and the
    other way round (`except all`): [0, 0] when the two are equal row for row."""
    return [
        int((connection.execute(
            f"select count(*) from (select * from {a}.{relation} except all"
            f" select * from {b}.{relation})"
        ).fetchone() or (0,))[0])
        for a, b in ((first, second), (second, first))
    ]  # fmt: skip


def write_raw_batch(batch_dir: Path, reports: Callable[[str], bool]) -> None:
    """The committed raw corpus's rows of the `reports` wanted into `batch_dir`, a batch of a raw
    directory (data/raw/README.md); `reports` gets "" for the rows of no report."""
    shutil.rmtree(batch_dir, ignore_errors=True)
    batch_dir.mkdir(parents=True)
    for source in sorted((REPO / RAW_DIR).glob("raw_*.csv")):
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            kept = [row for row in reader if reports(row.get("report_id") or "")]
        with (batch_dir / source.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
