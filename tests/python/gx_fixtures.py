"""Session fixtures for the GX, build and browser tests: real `xxgk build` runs on copies.

GX/构建/浏览器测试的会话级夹具：在项目副本上真实运行 `xxgk build`。Test modules import the
fixtures (`from gx_fixtures import gx_reference_fixture  # noqa: F401`); pytest then makes one
fixture per module, so the builds are cached here to run once per session.

- `gx_reference`: the project as committed, its corpus cut to the five reference reports,
  `xxgk build --strict` (DuckDB file in the copy's root).
- `gx_broken`: the same with two seeded faults, `xxgk build` with XXGK_DUCKDB pointing elsewhere:
  * report 004 (31c532c0695f4145): 一、本年新收 +3 in the 自然人 and 总计 columns — breaks the
    balance (T3_BALANCE) in those two columns and nothing else (the applicant total still holds);
  * report 001 (0f3cd633eeeb4fbc): 行政复议 结果维持 1, 其他结果 −1 — a negative cell
    (CELL_NON_NEGATIVE) whose block total still holds.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt_harness import DBT_PARTS, RAW_DIR, REPO, keep_reference_reports

XXGK = Path(sys.executable).with_name("xxgk")
# what `xxgk build` needs: the dbt project and the GX suites
PROJECT_PARTS = (*DBT_PARTS, "expectations")

BALANCE_REPORT = "31c532c0695f4145"
NEGATIVE_REPORT = "0f3cd633eeeb4fbc"
# (suite, rule_id) of every expectation the broken fixture must fail — and no other
BROKEN_EXPECTATIONS = {
    ("rule_T3_BALANCE", "T3_BALANCE"),
    ("fct_review_litigation", "CELL_NON_NEGATIVE"),
}


@dataclass
class BuiltProject:
    """A copy of the project after `xxgk build`."""

    root: Path
    duckdb_path: Path
    returncode: int
    output: str

    @property
    def gx_docs(self) -> Path:
        return self.root / "build" / "gx_docs"

    @property
    def dbt_docs(self) -> Path:
        return self.root / "target" / "static_index.html"

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.duckdb_path), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def xxgk(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run_xxgk(self.root, *args, "--duckdb", str(self.duckdb_path), env=env)


def copy_project(destination: Path) -> Path:
    """Copy what `xxgk build` needs (no venv, target, build dir or DuckDB files)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        (destination / part).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source,
                destination / part,
                ignore=shutil.ignore_patterns("python", "data", "__pycache__", "*.duckdb*"),
            )
        else:
            shutil.copy2(source, destination / part)
    return destination


def run_xxgk(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
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


def edit_seed(
    path: Path, key_columns: tuple[str, ...], changes: dict[tuple[str, ...], str]
) -> None:
    """Set cell_text of the rows whose key columns match, keeping the file's format."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    pending = dict(changes)
    for row in rows:
        key = tuple(row[column] for column in key_columns)
        if key in pending:
            row["cell_text"] = pending.pop(key)
    assert not pending, f"rows not found in {path.name}: {sorted(pending)}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _cell(path: Path, key_columns: tuple[str, ...], key: tuple[str, ...]) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if tuple(row[column] for column in key_columns) == key:
                return int(row["cell_text"])
    raise KeyError(key)


def break_seeds(root: Path) -> None:
    cells = root / RAW_DIR / "raw_cells.csv"
    keys = ("report_id", "table_code", "row_code", "column_code")
    changes = {}
    for applicant in ("natural_person", "total"):
        key = (BALANCE_REPORT, "t3", "new_received", applicant)
        changes[key] = str(_cell(cells, keys, key) + 3)
    assert _cell(cells, keys, (NEGATIVE_REPORT, "t4", "admin_review", "total")) == 0
    changes[(NEGATIVE_REPORT, "t4", "admin_review", "upheld")] = "1"
    changes[(NEGATIVE_REPORT, "t4", "admin_review", "other")] = "-1"
    edit_seed(cells, keys, changes)


_BUILDS: dict[str, BuiltProject] = {}


def reference_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    if "reference" not in _BUILDS:
        root = copy_project(tmp_path_factory.mktemp("gx_reference") / "project")
        keep_reference_reports(root / RAW_DIR)
        completed = run_xxgk(root, "build", "--strict")
        _BUILDS["reference"] = BuiltProject(
            root, root / "xxgk.duckdb", completed.returncode, completed.stdout + completed.stderr
        )
    return _BUILDS["reference"]


def broken_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    if "broken" not in _BUILDS:
        base = tmp_path_factory.mktemp("gx_broken")
        root = copy_project(base / "project")
        keep_reference_reports(root / RAW_DIR)
        break_seeds(root)
        duckdb_path = base / "elsewhere" / "broken.duckdb"
        completed = run_xxgk(root, "build", env={"XXGK_DUCKDB": str(duckdb_path)})
        _BUILDS["broken"] = BuiltProject(
            root, duckdb_path, completed.returncode, completed.stdout + completed.stderr
        )
    return _BUILDS["broken"]


@pytest.fixture(scope="session", name="gx_reference")
def gx_reference_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    """The project as committed after `xxgk build --strict`."""
    return reference_build(tmp_path_factory)


@pytest.fixture(scope="session", name="gx_broken")
def gx_broken_fixture(tmp_path_factory: pytest.TempPathFactory) -> BuiltProject:
    """The project with the two seeded faults after `xxgk build` (XXGK_DUCKDB elsewhere)."""
    return broken_build(tmp_path_factory)
