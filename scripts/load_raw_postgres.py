"""Load a raw corpus into PostgreSQL, for the same models on a shared server (dbt-postgres).

    uv run python scripts/load_raw_postgres.py [--raw-dir data/raw] [--format csv|parquet]
    DBT_PROFILES_DIR=profiles uv run dbt build --target postgres

On DuckDB the models read the raw files in place (the `raw` source's external_location); other
adapters ignore that and read the tables of the schema `raw`, which this script fills: one table
per raw file, every column text as the extractor wrote it, replaced in one transaction (a reader
sees the previous corpus or the new one, never a mix). The server comes from the environment, as
in profiles/profiles.yml: XXGK_PG_HOST (a host or a Unix socket directory), XXGK_PG_PORT,
XXGK_PG_USER, XXGK_PG_PASSWORD, XXGK_PG_DATABASE.
把原始语料载入 PostgreSQL 的 raw 模式（每个原始文件一张表，列均为文本，在一个事务中整体替换）。
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql

from xxgk.extract.raw_format import TABLE_NAMES

REPO = Path(__file__).resolve().parents[1]
SCHEMA = "raw"


def connect() -> psycopg2.extensions.connection:
    return psycopg2.connect(
        host=os.environ.get("XXGK_PG_HOST", "localhost"),
        port=int(os.environ.get("XXGK_PG_PORT", "5432")),
        user=os.environ.get("XXGK_PG_USER", "xxgk"),
        password=os.environ.get("XXGK_PG_PASSWORD", ""),
        dbname=os.environ.get("XXGK_PG_DATABASE", "xxgk"),
    )


def as_csv(raw_dir: Path, name: str, raw_format: str, scratch: Path) -> Path:
    """The raw table as a CSV file with a header (Parquet is converted by DuckDB)."""
    if raw_format == "csv":
        path = raw_dir / f"{name}.csv"
    else:
        path = scratch / f"{name}.csv"
        source = str(raw_dir / f"{name}.parquet").replace("'", "''")
        target = str(path).replace("'", "''")
        duckdb.sql(f"copy (select * from read_parquet('{source}')) to '{target}' (header)")
    if not path.is_file():
        raise SystemExit(f"找不到原始文件 / raw file not found: {path}")
    return path


def load(raw_dir: Path, raw_format: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch, connect() as connection:
        cursor = connection.cursor()
        cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(SCHEMA)))
        for name in TABLE_NAMES:  # the raw files, as the extractor names them
            path = as_csv(raw_dir, name, raw_format, Path(scratch))
            with path.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle))
            table = sql.Identifier(SCHEMA, name)
            columns = sql.SQL(", ").join(
                sql.SQL("{} text").format(sql.Identifier(column)) for column in header
            )
            cursor.execute(
                "select column_name from information_schema.columns"
                " where table_schema = %s and table_name = %s order by ordinal_position",
                (SCHEMA, name),
            )
            existing = [row[0] for row in cursor.fetchall()]
            if existing == header:  # the staging views over it stay in place
                cursor.execute(sql.SQL("truncate {}").format(table))
            else:  # new or other columns: the views over it go, the next dbt build remakes them
                cursor.execute(sql.SQL("drop table if exists {} cascade").format(table))
                cursor.execute(sql.SQL("create table {} ({})").format(table, columns))
            with path.open(encoding="utf-8", newline="") as handle:
                cursor.copy_expert(
                    sql.SQL("copy {} from stdin with (format csv, header true)").format(table),
                    handle,
                )
            cursor.execute(sql.SQL("select count(*) from {}").format(table))
            row = cursor.fetchone()
            counts[name] = int(row[0]) if row else 0
        # the with block commits: every table replaced at once, or none
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=REPO / "data" / "raw")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    args = parser.parse_args()
    for name, count in load(args.raw_dir, args.format).items():
        print(f"{SCHEMA}.{name}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
