"""Benchmark of `xxgk extract` — 抽取性能基准.

Generates a corpus in a temporary directory — text reports (the five reference reports with
the numbers of their tables varied, so every file has its own bytes; they share five
agency-years, the worst case for duplicate notes) and copies of the Huaian PDF (made unique by
an appended PDF comment) — then extracts the text files and the PDF files with the same code as
the CLI (`run_extract`: process pool, streamed writer, atomic output directory) and prints per
phase the wall time, files per second, the size of the output and peak RSS: of this (parent)
process and of the largest worker.

    uv run python scripts/bench_extract.py --reports 10000 --pdfs 200 [--jobs N] [--format parquet]

Not run in the tests. 不在测试中运行。
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from xxgk.extract.pool import default_jobs
from xxgk.extract.run import ExtractSummary, run_extract

ROOT = Path(__file__).resolve().parents[1]

T = TypeVar("T")


def vary(text: str, rnd: random.Random) -> str:
    start = text.find("主动公开政府信息情况", text.find("一、总体情况") + 1)
    end = text.find("五、存在的主要问题")
    if start < 0 or end < 0:
        return text
    parts = re.split(r"(\s+)", text[start:end])
    for i, token in enumerate(parts):
        if re.fullmatch(r"\d+", token):
            parts[i] = str(rnd.randint(0, 999))
        elif re.fullmatch(r"\d+\.\d+", token):
            parts[i] = f"{rnd.randint(0, 99999)}.{rnd.randint(0, 99):02d}"
    return text[:start] + "".join(parts) + text[end:]


def make_corpus(
    directory: Path, n_text: int, n_pdf: int, seed: int
) -> tuple[list[Path], list[Path]]:
    rnd = random.Random(seed)
    refs = sorted((ROOT / "data" / "reports" / "reference").glob("*.txt"))
    sources = [r.read_text(encoding="utf-8") for r in refs]
    texts: list[Path] = []
    for i in range(n_text):
        path = directory / f"t{i:06d}.txt"
        path.write_text(vary(sources[i % len(sources)], rnd), encoding="utf-8")
        texts.append(path)
    pdf_bytes = (ROOT / "data" / "reports" / "real" / "huaian_shi_2024.pdf").read_bytes()
    pdfs: list[Path] = []
    for i in range(n_pdf):
        path = directory / f"p{i:05d}.pdf"
        path.write_bytes(pdf_bytes + f"\n% copy {i}\n".encode())
        pdfs.append(path)
    return texts, pdfs


def cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[], T]) -> tuple[T, float, float]:
    """(value, wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), cpu_self()
    value = action()
    return value, time.perf_counter() - start, cpu_self() - cpu


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def report(label: str, summary: ExtractSummary, seconds: float, parent_cpu: float) -> None:
    n = len(summary.files)
    size = sum(p.stat().st_size for p in summary.out.iterdir())
    pool = summary.pool
    workers_cpu = pool.worker_cpu_s
    # what the same CPU work gives on `jobs` otherwise idle cores: the busiest side bounds it
    bound = max(workers_cpu / pool.jobs, parent_cpu)
    print(
        f"{label:<8} {n:>7} files {seconds:>8.2f} s wall {n / seconds:>8.1f} files/s"
        f"  | CPU: workers {workers_cpu:.2f} s ({n / workers_cpu:.1f} files/s per core),"
        f" parent {parent_cpu:.2f} s -> {n / bound:.1f} files/s on {pool.jobs} idle cores"
    )
    print(
        f"{'':<8} {dict(summary.counts)}  output {size / 2**20:.1f} MiB  jobs {pool.jobs}"
        f"  worker peak RSS {mib(pool.worker_peak_rss_kib)}  restarts {pool.restarts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=10000, help="text reports to generate")
    parser.add_argument("--pdfs", type=int, default=200, help="PDF reports (copies of huaian)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument("--format", default="csv", choices=("csv", "parquet"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"cores {default_jobs()}, jobs {args.jobs or default_jobs()}, format {args.format}")
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        base = Path(tmp)
        (base / "text").mkdir()
        (base / "pdf").mkdir()

        def generate() -> tuple[list[Path], list[Path]]:
            texts, _ = make_corpus(base / "text", args.reports, 0, args.seed)
            _, pdfs = make_corpus(base / "pdf", 0, args.pdfs, args.seed)
            return texts, pdfs

        (texts, pdfs), seconds, _ = timed(generate)
        print(f"{'generate':<8} {len(texts) + len(pdfs):>7} files {seconds:>8.2f} s")
        # the worker processes are forked from one server process per run, which imports the
        # readers once (pdfplumber alone ~1 s): a fixed cost per run, timed on its own here
        warm = texts[:1] + pdfs[:1]
        _, seconds, _ = timed(lambda: run_extract(warm, base / "out_warm", jobs=args.jobs))
        print(f"{'startup':<8} {len(warm):>7} files {seconds:>8.2f} s (process pool server)")
        for label, files in (("text", texts), ("pdf", pdfs)):
            if not files:
                continue
            summary, seconds, parent_cpu = timed(
                lambda files=files, label=label: run_extract(
                    files, base / f"out_{label}", fmt=args.format, jobs=args.jobs
                ),
            )
            report(label, summary, seconds, parent_cpu)
        parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"peak RSS: parent {mib(parent)}; workers: see each phase (reported by the workers"
            f" themselves, getrusage RUSAGE_SELF: they are children of the forkserver);"
            f" largest reaped child of this process {mib(children)}"
        )
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
