"""Benchmark of `xxgk extract` — 抽取性能基准.

Generates a corpus of text reports in a temporary directory (the five reference reports with
the numbers of their tables varied, so every file has its own bytes) plus copies of the
huaian PDF (made unique by an appended PDF comment), extracts them with the same code as the
CLI, and prints text reports per second, PDF reports per second and peak memory.

    uv run python scripts/bench_extract.py --reports 10000 --pdfs 50

Not run in the tests. 不在测试中运行。
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xxgk.extract.command import mark_duplicates, run_extract  # noqa: E402
from xxgk.extract.template import load_template  # noqa: E402
from xxgk.extract.writer import write_seeds  # noqa: E402


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


def timed(files: list[Path], out: Path) -> tuple[float, Counter[str]]:
    start = time.perf_counter()
    results = run_extract(files, out, show_progress=False)
    mark_duplicates(results)
    write_seeds(out, results, load_template())
    return time.perf_counter() - start, Counter(r.status for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=10000, help="text reports to generate")
    parser.add_argument("--pdfs", type=int, default=50, help="PDF reports (copies of huaian)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--trace", action="store_true", help="also measure Python heap peak (slower)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        base = Path(tmp)
        (base / "text").mkdir()
        (base / "pdf").mkdir()
        t0 = time.perf_counter()
        texts, _ = make_corpus(base / "text", args.reports, 0, args.seed)
        _, pdfs = make_corpus(base / "pdf", 0, args.pdfs, args.seed)
        print(
            f"corpus: {len(texts)} text + {len(pdfs)} PDF files in {time.perf_counter() - t0:.1f}s"
        )
        if args.trace:
            tracemalloc.start()
        text_s, text_status = timed(texts, base / "out_text")
        rate = len(texts) / text_s
        print(f"text: {len(texts)} reports in {text_s:.1f}s = {rate:.0f}/s {dict(text_status)}")
        if pdfs:
            pdf_s, pdf_status = timed(pdfs, base / "out_pdf")
            rate = len(pdfs) / pdf_s
            print(f"pdf:  {len(pdfs)} reports in {pdf_s:.1f}s = {rate:.2f}/s {dict(pdf_status)}")
        if args.trace:
            _, heap_peak = tracemalloc.get_traced_memory()
            print(f"python heap peak: {heap_peak / 2**20:.1f} MiB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"peak RSS: {rss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
