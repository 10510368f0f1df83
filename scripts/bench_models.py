"""Benchmark the dbt models on a generated corpus read straight from CSV (not seeds).

    uv run python scripts/bench_models.py --reports 10000
    uv run python scripts/bench_models.py --reports 100000 --keep /tmp/xxgk-bench

Generates N reports from the five reference reports (agencies with five consecutive years each,
so the cross-year rules pair them; about 1 % of reports get one cell broken), writes them in the
raw seed format to a temporary directory, runs `dbt build --vars '{raw_dir: …}'` into a fresh
DuckDB file, and prints wall time, reports per second, peak memory of dbt, and the violation
counts it found. Speed and memory figures come from here, never from timed tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "seeds" / "raw"
TABLES = (
    "raw_active_disclosure",
    "raw_request_handling",
    "raw_review_litigation",
    "raw_narrative_figures",
)
YEARS = (2021, 2022, 2023, 2024, 2025)


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (RAW / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def generate(out: Path, reports: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    report_fields, base_reports = _read("raw_reports")
    log_fields, base_log = _read("raw_extraction_log")
    cells = {name: _read(name) for name in TABLES}
    by_report = {
        name: {
            r["report_id"]: [c for c in rows if c["report_id"] == r["report_id"]]
            for r in base_reports
        }
        for name, (_, rows) in cells.items()
    }
    log_by_report = {row["report_id"]: row for row in base_log}
    handles = {
        name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
        for name in (*TABLES, "raw_reports", "raw_extraction_log")
    }
    writers = {}
    for name, handle in handles.items():
        fields = {"raw_reports": report_fields, "raw_extraction_log": log_fields}.get(
            name, cells.get(name, ([], []))[0]
        )
        writers[name] = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writers[name].writeheader()
    for index in range(reports):
        base = base_reports[index % len(base_reports)]
        report_id = f"{index:016x}"
        agency = f"基准机关{index // len(YEARS)}"
        year = YEARS[index % len(YEARS)]
        writers["raw_reports"].writerow(
            {
                **base,
                "report_id": report_id,
                "source_file": f"{report_id}.txt",
                "title_agency": agency,
                "report_year": str(year),
            }
        )
        writers["raw_extraction_log"].writerow(
            {
                **log_by_report[base["report_id"]],
                "report_id": report_id,
                "source_file": f"{report_id}.txt",
            }
        )
        broken = rng.random() < 0.01
        for name in TABLES:
            for cell in by_report[name][base["report_id"]]:
                row = {**cell, "report_id": report_id}
                if broken and name == "raw_request_handling" and rng.random() < 0.05:
                    row["cell_text"] = str(int(row["cell_text"]) + 1)
                    broken = False
                writers[name].writerow(row)
    for handle in handles.values():
        handle.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="work directory to keep (default: a temp dir)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    raw_dir = work / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generate(raw_dir, args.reports)
    generated = time.perf_counter() - started

    database = work / "bench.duckdb"
    database.unlink(missing_ok=True)
    env = {**os.environ, "XXGK_DUCKDB": str(database), "DBT_PROFILES_DIR": str(REPO / "profiles")}
    dbt = Path(sys.executable).with_name("dbt")
    started = time.perf_counter()
    completed = subprocess.run(
        [
            str(dbt),
            "build",
            "--project-dir",
            str(REPO),
            "--target-path",
            str(work / "target"),
            "--vars",
            f"{{raw_dir: '{raw_dir}'}}",
            "--exclude",
            "path:seeds/raw",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if completed.returncode != 0:
        print(completed.stdout[-4000:], completed.stderr[-2000:])
        raise SystemExit("dbt build failed")

    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        violations = connection.sql(
            "select rule_id, count(*) from marts.fct_rule_violations group by all order by all"
        ).fetchall()
        checks = connection.sql("select count(*) from marts.fct_rule_checks").fetchone()[0]
    print(f"reports:              {args.reports}")
    print(f"corpus generated in:  {generated:.1f} s ({work})")
    print(f"dbt build:            {elapsed:.1f} s  →  {args.reports / elapsed:.0f} reports/s")
    print(f"peak memory (dbt):    {peak_mib:.0f} MiB")
    print(f"arithmetic checks:    {checks}")
    for rule_id, count in violations:
        print(f"violations {rule_id:<20} {count}")


if __name__ == "__main__":
    main()
