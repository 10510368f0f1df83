"""Benchmark the review site on a generated corpus: generation time, size, index open time.

    uv run python scripts/bench_site.py --reports 20000
    uv run python scripts/bench_site.py --database /tmp/xxgk-bench/bench.duckdb   # a kept build

Without --database, `scripts/bench_build.py --reports N --keep WORK --skip validate docs`
generates N reports (the reference reports with their numbers varied, five years per agency,
~1 % broken) and builds them with dbt. Then, each in its own process:
- `xxgk site` on that file: wall time and peak RSS;
- the site's size: files, bytes, the index (page + data files) and the report pages;
- headless Chromium (Debian's, network blocked) opens index.html from the file system: time to
  the first rows, to every data file loaded, and to apply a filter; then one report page.
审阅网站基准：生成耗时与峰值内存、网站大小、索引页在浏览器中的打开时间。
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(REPO / "tests" / "python"))

from bench_build import run_phase  # noqa: E402

MIB = 1024 * 1024


def build_database(reports: int, work: Path) -> Path:
    command = [
        sys.executable,
        str(REPO / "scripts" / "bench_build.py"),
        "--reports",
        str(reports),
        "--keep",
        str(work),
        "--skip",
        "validate",
        "docs",
    ]
    print("building the corpus:", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    return work / "bench.duckdb"


def site_size(site: Path) -> dict[str, float]:
    files = [path for path in site.rglob("*") if path.is_file()]
    reports = [path.stat().st_size for path in (site / "reports").glob("*.html")]
    index = [site / "index.html", *sorted((site / "data").glob("*.js"))]
    return {
        "files": len(files),
        "total_mib": sum(path.stat().st_size for path in files) / MIB,
        "index_kib": sum(path.stat().st_size for path in index) / 1024,
        "index_data_files": len(index) - 1,
        "report_pages": len(reports),
        "report_page_mean_kib": (sum(reports) / len(reports) / 1024) if reports else 0.0,
        "report_page_max_kib": (max(reports) / 1024) if reports else 0.0,
        "workbooks": len(list((site / "rectify").rglob("*.xlsx"))),
    }


def open_in_browser(site: Path) -> dict[str, float]:
    """Open the index and a report page from the file system; times in milliseconds."""
    from browser_harness import chromium, open_offline

    timings: dict[str, float] = {}
    with chromium() as browser:
        page = open_offline(browser)
        started = time.perf_counter()
        page.goto(site / "index.html")
        page.page.wait_for_selector("#rows tr")
        timings["index_first_rows_ms"] = (time.perf_counter() - started) * 1000
        page.page.wait_for_selector("body[data-loaded=true]", timeout=120_000)
        timings["index_all_loaded_ms"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        page.page.select_option("select[name=status]", "fail")
        page.page.wait_for_selector("#rows tr.st-fail")
        timings["filter_status_ms"] = (time.perf_counter() - started) * 1000
        report = page.page.locator("#rows tr a").first.get_attribute("href")
        started = time.perf_counter()
        page.goto(site / str(report))
        page.page.wait_for_selector("table.t-t3")
        timings["report_page_ms"] = (time.perf_counter() - started) * 1000
        timings["remote_requests"] = len(page.remote_requests)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--database", type=Path, help="an existing DuckDB file (skip the build)")
    parser.add_argument("--keep", type=Path, help="work directory to keep (default: a temp dir)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timing")
    args = parser.parse_args()

    work = (args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-site-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    database = args.database.resolve() if args.database else build_database(args.reports, work)
    site = work / "site"
    xxgk = Path(sys.executable).with_name("xxgk")
    before = os.times()
    phase = run_phase(
        "xxgk site",
        [str(xxgk), "site", "--duckdb", str(database), "--out", str(site)],
        dict(os.environ),
        work / "site.log",
    )
    after = os.times()
    # CPU time of the child (user + system): unlike wall time, not inflated by a busy machine
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    if phase.returncode:
        print((work / "site.log").read_text(encoding="utf-8")[-3000:])
        raise SystemExit(phase.returncode)
    import duckdb

    with duckdb.connect(str(database), read_only=True) as connection:
        (reports,) = connection.sql("select count(*) from marts.dim_reports").fetchone()
        (violations,) = connection.sql("select count(*) from marts.fct_rule_violations").fetchone()
    result: dict[str, object] = {
        "reports": reports,
        "violations": violations,
        "site_seconds": round(phase.seconds, 1),
        "site_cpu_seconds": round(cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "site_peak_mib": round(phase.peak_mib),
        "reports_per_second": round(reports / phase.seconds, 1),
        **{key: round(value, 1) for key, value in site_size(site).items()},
    }
    if not args.no_browser:
        result.update({key: round(value) for key, value in open_in_browser(site).items()})
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
