"""Benchmark the whole path on a generated corpus, against one hand-written DuckDB pass.

    uv run python scripts/bench_build.py --reports 50000
    uv run python scripts/bench_build.py --reports 750000 --format parquet --keep /tmp/xxgk-bench

Phases, each in its own process so that its wall time and peak RSS are its own:
- generate: N reports made from the five reference reports (data/raw), in the extractor's raw
  format (raw_reports, raw_cells, raw_narrative_figures, raw_extraction_log; CSV or Parquet), five
  consecutive years per agency so the cross-year rules pair them; about 1 % of the reports get one
  table-三 cell changed (+1), which breaks its row and column sums;
- dbt build: the project's models and tests on that raw directory, into a fresh DuckDB file;
- validate: `xxgk validate` (Great Expectations, in batches) on that file;
- docs: `dbt docs generate --static`;
- baseline: one hand-written DuckDB query over the same raw files that computes the catalogue's
  error-severity violations (the three table-三 sums, the table-四 block totals and the cell rules)
  — the physical limit the models are measured against.
It then checks that the models and the baseline found the same violation set and prints the
ratio of the dbt build to the baseline. With --add-year it also builds the corpus less its last
year and adds that year (var add_reports, as `xxgk build --add-reports` does), and prints the
time of the addition as a share of the full dbt build (the two must find the same violations).
Speed and memory figures come from here, never from timed tests.
基准测试：各阶段耗时与峰值内存，并与一次手写的 DuckDB 查询比较。
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from xxgk.project import DEFAULT_BATCH_ROWS

REPO = Path(__file__).resolve().parents[1]
BASE_RAW = REPO / "data" / "raw"
REFERENCE_REPORTS = REPO / "data" / "reports" / "reference"
YEARS = 5
FIRST_YEAR = 2021
BROKEN_PER_MILLE = 10


@dataclass
class Phase:
    name: str
    seconds: float
    peak_mib: float
    returncode: int


def run_phase(name: str, command: list[str], env: dict[str, str], log: Path) -> Phase:
    """Run one phase as a child process; its own peak RSS comes from wait4."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    returncode = os.waitstatus_to_exitcode(status)
    phase = Phase(name, seconds, usage.ru_maxrss / 1024, returncode)
    print(
        f"{name:<34} {seconds:8.1f} s   peak RSS {phase.peak_mib:8.0f} MiB   exit {returncode}",
        flush=True,
    )
    if returncode != 0:
        print(log.read_text(encoding="utf-8")[-4000:])
    return phase


def _copy(source: str, target: Path, file_format: str) -> str:
    options = "(format parquet)" if file_format == "parquet" else "(header true)"
    return f"copy ({source}) to '{target}' {options}"


def generate(raw_dir: Path, reports: int, file_format: str, memory_limit: str) -> None:
    """Write the corpus with DuckDB (fast enough for 750,000 reports)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    suffix = file_format
    connection = duckdb.connect()
    connection.execute(f"set memory_limit = '{memory_limit}'")
    connection.execute("set preserve_insertion_order = false")

    def base(name: str) -> str:
        return f"read_csv('{BASE_RAW / name}.csv', header = true, all_varchar = true)"

    reference = ", ".join(f"'{path.name}'" for path in sorted(REFERENCE_REPORTS.iterdir()))
    # The five reference reports are the bases (the real reports of data/raw carry real
    # findings and other layouts). Every raw file keeps the extractor's own columns (`*`), with
    # the report's identity replaced, so the generator follows the raw format as it grows.
    connection.execute(
        f"""
        create temp table base_reports as
        select r.*, row_number() over (order by r.report_id) - 1 as base_no
        from {base("raw_reports")} as r
        where r.source_file in ({reference})
        """
    )
    (bases,) = connection.sql("select count(*) from base_reports").fetchone()
    connection.execute(
        f"""
        create temp table generated as
        select
            i,
            printf('%016x', i) as report_id,
            i % {bases} as base_no,
            '基准机关' || (i // {YEARS}) as title_agency,
            {FIRST_YEAR} + i % {YEARS} as report_year,
            hash(i) % 1000 < {BROKEN_PER_MILLE} as broken,
            hash(i * 7919) % 175 as broken_cell
        from range({reports}) as r(i)
        """
    )
    identity = "g.report_id as report_id"
    source_file = "g.report_id || '.txt' as source_file"
    files = {
        "raw_reports": f"""
            select b.* exclude (base_no) replace (
                {identity}, {source_file},
                g.title_agency || g.report_year || '年政府信息公开工作年度报告' as title,
                g.title_agency as title_agency,
                cast(g.report_year as varchar) as report_year,
                -- 落款 dates spread over January and February (some late)
                printf('%d-%02d-%02d', g.report_year + 1, 1 + g.i % 2, 1 + g.i % 28)
                    as published_on
            )
            from generated as g join base_reports as b using (base_no)
        """,
        "raw_extraction_log": f"""
            select l.* replace ({identity}, {source_file})
            from generated as g
            join base_reports as b using (base_no)
            join {base("raw_extraction_log")} as l on l.report_id = b.report_id
        """,
        "raw_narrative_figures": f"""
            select n.* replace ({identity})
            from generated as g
            join base_reports as b using (base_no)
            join {base("raw_narrative_figures")} as n on n.report_id = b.report_id
        """,
        "raw_cells": f"""
            with base_cells as (
                select
                    c.*, b.base_no,
                    case when c.table_code = 't3'
                        then row_number() over (
                            partition by c.report_id, c.table_code
                            order by c.row_code, c.column_code
                        ) - 1
                    end as t3_cell
                from {base("raw_cells")} as c
                join base_reports as b on c.report_id = b.report_id
            )
            select c.* exclude (base_no, t3_cell) replace (
                {identity},
                case
                    when g.broken and c.t3_cell = g.broken_cell
                        then cast(cast(c.cell_text as bigint) + 1 as varchar)
                    else c.cell_text
                end as cell_text
            )
            from generated as g
            join base_cells as c using (base_no)
        """,
        # the 2019 template's table 二: no generated report uses it (header only)
        "raw_table2_2019": f"select * from {base('raw_table2_2019')} where false",
    }
    for name, query in files.items():
        connection.execute(_copy(query, raw_dir / f"{name}.{suffix}", file_format))


# The physical limit: one hand-written pass over the raw cells computing the catalogue's
# error-severity violations, with the template's groups written out by hand. Keys are
# (report_id, rule_id, row_code, column_code) as fct_rule_violations places them.
T3_OUTCOMES = (
    "granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law",
    "denied_security_stability", "denied_third_party", "denied_internal_affairs",
    "denied_process_info", "denied_enforcement_file", "denied_inquiry_matter", "unable_not_held",
    "unable_needs_creation", "unable_unclear", "rejected_petition", "rejected_duplicate",
    "rejected_publication", "rejected_excessive", "rejected_confirmation", "other_no_supplement",
    "other_no_fee", "other_other",
)  # fmt: skip
T3_APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service",
                 "other_org")  # fmt: skip
T4_OUTCOMES = ("upheld", "corrected", "other", "pending")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def baseline_sql(raw_dir: Path, file_format: str) -> str:
    if file_format == "parquet":
        cells = f"read_parquet('{raw_dir}/raw_cells.parquet')"
    else:
        cells = f"read_csv('{raw_dir}/raw_cells.csv', header = true, all_varchar = true)"
    return f"""
    with cells as (
        select
            report_id, table_code, row_code, column_code, cell_text,
            try_cast(cell_text as decimal(20, 6)) as v,
            try_cast(cell_text as decimal(20, 6)) is not null and provenance = 'read' as ok
        from {cells}
    ),
    t3_columns as (
        select
            report_id, column_code,
            sum(v) filter (where row_code in ('new_received', 'carried_over')) as inflow,
            sum(v) filter (where row_code in ('total_handled', 'carried_forward')) as outflow,
            sum(v) filter (where row_code in {_in(T3_OUTCOMES)}) as outcomes,
            sum(v) filter (where row_code = 'total_handled') as handled,
            bool_and(ok) filter (where row_code in ('new_received', 'carried_over',
                'total_handled', 'carried_forward')) as balance_ok,
            bool_and(ok) filter (where row_code in {_in(T3_OUTCOMES)}
                or row_code = 'total_handled') as outcome_ok
        from cells where table_code = 't3'
        group by report_id, column_code
    ),
    t3_rows as (
        select
            report_id, row_code,
            sum(v) filter (where column_code in {_in(T3_APPLICANTS)}) as applicants,
            sum(v) filter (where column_code = 'total') as total,
            bool_and(ok) as all_ok, count(*) as n
        from cells where table_code = 't3'
        group by report_id, row_code
    ),
    t4_rows as (
        select
            report_id, row_code,
            sum(v) filter (where column_code in {_in(T4_OUTCOMES)}) as parts,
            sum(v) filter (where column_code = 'total') as total,
            bool_and(ok) as all_ok, count(*) as n
        from cells where table_code = 't4'
        group by report_id, row_code
    )
    select report_id, 'T3_BALANCE', null, column_code from t3_columns
    where balance_ok and inflow != outflow
    union all
    select report_id, 'T3_OUTCOME_TOTAL', 'total_handled', column_code from t3_columns
    where outcome_ok and outcomes != handled
    union all
    select report_id, 'T3_APPLICANT_TOTAL', row_code, 'total' from t3_rows
    where all_ok and n = 7 and applicants != total
    union all
    select report_id, 'T4_BLOCK_TOTAL', row_code, 'total' from t4_rows
    where all_ok and n = 5 and parts != total
    union all
    select report_id, 'CELL_NON_NEGATIVE', row_code, column_code from cells where v < 0
    union all
    select report_id, 'CELL_INTEGRAL', row_code, column_code from cells
    where v != floor(v) and not (table_code = 't2' and column_code = 'amount_10k_yuan')
    union all
    select report_id, 'CELL_NUMERIC', row_code, column_code from cells
    where v is null and trim(coalesce(cell_text, '')) not in ('', '/', '-', '—', '无')
    """


def _reader(path: Path, file_format: str) -> str:
    if file_format == "parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', header = true, all_varchar = true)"


def split_last_year(raw_dir: Path, batches_dir: Path, file_format: str) -> None:
    """The corpus as two batches of a raw directory (data/raw/README.md): `earlier`, every raw
    file less the last year's reports (the database a year is added to), and `.last`, that year
    (hidden, so not read, until add_year names it `last`)."""
    connection = duckdb.connect()
    reports = _reader(raw_dir / f"raw_reports.{file_format}", file_format)
    connection.execute(
        f"create table last_year as select report_id from {reports}"
        f" where report_year = (select max(report_year) from {reports})"
    )
    for batch, keep in (
        ("earlier", "report_id is null or report_id not in (select report_id from last_year)"),
        (".last", "report_id in (select report_id from last_year)"),
    ):
        (batches_dir / batch).mkdir(parents=True, exist_ok=True)
        for path in sorted(raw_dir.glob(f"raw_*.{file_format}")):
            source = _reader(path, file_format)
            columns = connection.sql(f"select * from {source} limit 0").columns
            if "report_id" in columns:
                where = f"where {keep}"
            else:  # a file of no report belongs to the first batch
                where = "" if batch == "earlier" else "where false"
            query = f"select * from {source} {where}"
            connection.execute(_copy(query, batches_dir / batch / path.name, file_format))


def run_baseline(raw_dir: Path, file_format: str, out: Path, memory_limit: str) -> None:
    connection = duckdb.connect()
    connection.execute(f"set memory_limit = '{memory_limit}'")
    connection.execute("set preserve_insertion_order = false")
    rows = connection.sql(baseline_sql(raw_dir, file_format)).fetchall()
    out.write_text(json.dumps(sorted(map(list, rows), key=str)), encoding="utf-8")


def project_violations(database: Path) -> list[list[str | None]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.sql(
            "select report_id, rule_id, row_code, column_code from marts.fct_rule_violations"
            " where severity = 'error' and rule_id != 'CELL_COMPLETE'"
        ).fetchall()
    return sorted(map(list, rows), key=str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--keep", type=Path, help="work directory to keep (default: a temp dir)")
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB memory_limit (all phases)")
    parser.add_argument("--skip", nargs="*", default=[], help="phases to skip: validate docs")
    parser.add_argument("--batch-rows", type=int, default=DEFAULT_BATCH_ROWS, help="GX batch size")
    parser.add_argument(
        "--add-year",
        action="store_true",
        help="also build the corpus less its last year, add that year (dbt build with var "
        "add_reports, as xxgk build --add-reports) and compare with the full dbt build",
    )
    # internal: run one phase in this process (so that it has its own RSS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "generate":
        generate(args.work / "raw", args.reports, args.format, args.memory_limit)
        return
    if args.phase == "split":
        split_last_year(args.work / "raw", args.work / "batches", args.format)
        return
    if args.phase == "baseline":
        run_baseline(args.work / "raw", args.format, args.work / "baseline.json", args.memory_limit)
        return

    work = (args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    database = work / "bench.duckdb"
    for leftover in work.glob("bench.duckdb*"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    env = {
        **os.environ,
        "XXGK_DUCKDB": str(database),
        "XXGK_RAW_DIR": str(work / "raw"),
        "XXGK_RAW_FORMAT": args.format,
        "XXGK_MEMORY_LIMIT": args.memory_limit,
        "DBT_PROFILES_DIR": str(REPO / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    bin_dir = Path(sys.executable).parent
    me = [sys.executable, __file__, "--reports", str(args.reports), "--format", args.format,
          "--memory-limit", args.memory_limit, "--work", str(work)]  # fmt: skip
    target = ["--target-path", str(work / "target")]
    print(f"reports: {args.reports}   format: {args.format}   work: {work}")
    phases = [run_phase("generate", [*me, "--phase", "generate"], env, work / "generate.log")]
    phases.append(run_phase("dbt build", [str(bin_dir / "dbt"), "build", *target], env,
                            work / "build.log"))  # fmt: skip
    if "validate" not in args.skip:
        phases.append(
            run_phase(
                "validate",
                [str(bin_dir / "xxgk"), "validate", "--duckdb", str(database), "--docs-dir",
                 str(work / "gx_docs"), "--batch-rows", str(args.batch_rows)],
                env,
                work / "validate.log",
            )
        )  # fmt: skip
    if "docs" not in args.skip:
        phases.append(
            run_phase("docs", [str(bin_dir / "dbt"), "docs", "generate", "--static", *target],
                      env, work / "docs.log")
        )  # fmt: skip
    baseline = run_phase("baseline", [*me, "--phase", "baseline"], env, work / "baseline.log")
    added = add_year(work, env, me, target) if args.add_year else []

    found = project_violations(database)
    expected = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    build = next(phase for phase in phases if phase.name == "dbt build")
    total = sum(phase.seconds for phase in phases if phase.name != "generate")
    print(f"violations (error severity): models {len(found)}, hand-written {len(expected)}")
    print("same violation set:", "yes" if found == expected else "NO")
    if found != expected:
        missing = [row for row in expected if row not in found][:5]
        extra = [row for row in found if row not in expected][:5]
        print("  only hand-written:", missing, "\n  only models:", extra)
    print(f"dbt build / hand-written pass: {build.seconds / baseline.seconds:.1f}×")
    print(f"build + validate + docs: {total:.1f} s; "
          f"max peak RSS {max(phase.peak_mib for phase in phases):.0f} MiB")  # fmt: skip
    same_added = True
    if added:
        adding = added[-1]
        same_added = project_violations(work / "added.duckdb") == found
        print(f"add the last year: {adding.seconds:.1f} s = {adding.seconds / build.seconds:.2f}"
              f" of the full dbt build; same violation set as the full build: "
              f"{'yes' if same_added else 'NO'}")  # fmt: skip
    failed = any(phase.returncode for phase in (*phases, baseline, *added))
    if failed or found != expected or not same_added:
        raise SystemExit(1)


def add_year(work: Path, env: dict[str, str], me: list[str], target: list[str]) -> list[Phase]:
    """Build the corpus less its last year into added.duckdb, from the raw directory `batches`
    holding the batch `earlier`; then put the last year's batch beside it and add it, as
    `xxgk build --add-reports` does (only the new batch's files are read)."""
    database = work / "added.duckdb"
    for leftover in [*work.glob("added.duckdb*"), work / "batches"]:
        if leftover.exists():
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    dbt = str(Path(sys.executable).parent / "dbt")
    add_env = {**env, "XXGK_DUCKDB": str(database), "XXGK_RAW_DIR": str(work / "batches")}
    phases = [
        run_phase("split", [*me, "--phase", "split"], env, work / "split.log"),
        run_phase("dbt build, all but the last year", [dbt, "build", *target], add_env,
                  work / "build_earlier.log"),
    ]  # fmt: skip
    (work / "batches" / ".last").rename(work / "batches" / "last")
    phases.append(
        run_phase("dbt build, adding the last year",
                  [dbt, "build", *target, "--vars", "{add_reports: true}"], add_env,
                  work / "build_added.log")
    )  # fmt: skip
    return phases


if __name__ == "__main__":
    main()
