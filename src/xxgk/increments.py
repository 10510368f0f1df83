"""Adding reports to a built database — 向已构建的数据库追加报告（`xxgk build --add-reports`）.

A report is its content (report_id is the start of the file's SHA-256), so the checks of a report
already built never change — unless the project that computed them did: the models, macros,
reference seeds (template, rule catalogue, registry) or the dbt vars. Each build records a
fingerprint of those in `audit.build_state`; a build that adds reports reuses the previous
database only when its fingerprint is the same, and otherwise builds everything (and says why).
报告即其内容；只有项目（模型、宏、参考种子、变量）未变时，追加构建才沿用上一版数据库，否则整体重建并说明原因。
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from xxgk.project import Project

# What decides every model's rows, apart from the raw corpus. 除原始语料外决定模型结果的文件。
FINGERPRINTED = ("dbt_project.yml", "models", "macros", "seeds")
# The vars that only say where the data is or how to build it. 不影响结果的变量。
NEUTRAL_VARS = frozenset({"raw_dir", "raw_format", "add_reports", "strict", "pivot_slice_rows"})
STATE_TABLE = "audit.build_state"


def project_fingerprint(project: Project, dbt_vars: dict[str, object]) -> str:
    """SHA-256 of every file that decides the models' rows (path and bytes) and of the vars."""
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        root = project.root / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(project.root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    relevant = {key: value for key, value in dbt_vars.items() if key not in NEUTRAL_VARS}
    digest.update(json.dumps(relevant, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def recorded_fingerprint(database: Path) -> str | None:
    """The fingerprint of the build that wrote `database`; None when it has none."""
    if not database.exists():
        return None
    with duckdb.connect(str(database), read_only=True) as connection:
        found = connection.execute(
            "select 1 from duckdb_tables()"
            " where schema_name = 'audit' and table_name = 'build_state'"
        ).fetchall()
        if not found:
            return None
        row = connection.execute(
            f"select fingerprint from {STATE_TABLE} order by built_at desc limit 1"
        ).fetchone()
    return str(row[0]) if row else None


def record_fingerprint(database: Path, fingerprint: str, *, added: bool) -> None:
    """Append this build to `audit.build_state` of the new database."""
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema if not exists audit")
        connection.execute(
            f"create table if not exists {STATE_TABLE} ("
            "fingerprint varchar not null, built_at timestamp not null, mode varchar not null)"
        )
        connection.execute(
            f"insert into {STATE_TABLE} values (?, ?, ?)",
            [fingerprint, datetime.now(UTC).replace(tzinfo=None), "add" if added else "full"],
        )


def audit_rows(database: Path) -> int:
    """The rows of the tables of schema `audit` in `database`."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'audit'"
        ).fetchall()
        total = 0
        for (table,) in tables:
            quoted = '"' + str(table).replace('"', '""') + '"'
            row = connection.execute(f"select count(*) from audit.{quoted}").fetchone()
            total += int(row[0]) if row else 0
    return total


def why_not_add(previous: Path, fingerprint: str) -> tuple[str, str] | None:
    """Why reports cannot be added to `previous` (zh, en); None when they can."""
    if not previous.exists():
        return ("尚无数据库", "there is no database yet")
    try:
        recorded = recorded_fingerprint(previous)
    except duckdb.Error as error:
        reason = " ".join(str(error).split())
        zh = f"无法读取上一版数据库（{reason}）"
        return (zh, f"cannot read the previous database ({reason})")
    if recorded is None:
        return ("上一版数据库没有构建记录", "the previous database records no build state")
    if recorded != fingerprint:
        return (
            "模型、宏、参考种子或变量自上次构建以来已改变",
            "the models, macros, reference seeds or vars changed since the previous build",
        )
    return None
