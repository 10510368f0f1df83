"""Extraction on every core, results in input order — 多进程抽取，按输入顺序返回结果.

Files are sent to a pool of worker processes (multiprocessing's `forkserver` context: the
workers are forked from a clean server process, not from a parent that runs threads) in small
chunks; a bounded window of chunks is in flight and their outcomes are yielded in input order
as they complete, so the parent never holds more than a few chunks of results.

Each file has a time limit (`timeout` seconds). A worker arms a timer per file (SIGALRM): a
file that takes longer is rejected with that reason and the worker goes on with the next. As a
backstop for a file stuck inside C code (where the timer cannot interrupt it), the parent
gives every chunk a hard deadline: past it, the workers are terminated, a new pool is started,
the stuck chunk is retried one file at a time and a file that overruns alone is rejected.
每个文件限时：工作进程内计时器超时即拒绝该文件；若卡在 C 代码中，主进程在截止时间后重启进程池，
逐个重试该批文件，单独超时的文件被拒绝。
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import FrameType

from xxgk.extract.narrative import FIGURES_FILE, load_figure_codes
from xxgk.extract.outcome import Outcome, outcome_of
from xxgk.extract.raw_format import TABLES_FILE, load_table_codes
from xxgk.extract.report import FileResult, extract_file
from xxgk.extract.template import load_template

DEFAULT_TIMEOUT = 60.0
CHUNK_MAX = 8
GRACE = 10.0  # seconds beyond the per-file limits before the parent restarts the pool
# imported once in the forkserver, so that no worker pays for them (the readers import lazily)
PRELOAD = ["xxgk.extract.pool", "xxgk.extract.pdfium_objects", "pdfplumber", "docx", "bs4"]


class FileTimeout(Exception):
    """A file took longer than the time limit. 超时。"""


@dataclass
class PoolStats:
    """What the pool did: workers, peak RSS of any worker (KiB), CPU seconds per worker
    process (user + system), pool restarts."""

    jobs: int = 0
    worker_peak_rss_kib: int = 0
    worker_cpu: dict[int, float] = field(default_factory=dict)
    restarts: int = 0

    @property
    def worker_cpu_s(self) -> float:
        return sum(self.worker_cpu.values())


# --- in the worker ------------------------------------------------------------------------

_STATE: dict[str, object] = {}


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise FileTimeout


def init_worker(template_file: str, timeout: float) -> None:
    """Load the template once per worker and install the per-file timer."""
    path = Path(template_file)
    _STATE["template"] = load_template(path)
    _STATE["table_codes"] = load_table_codes(path.with_name(TABLES_FILE))
    _STATE["figure_codes"] = load_figure_codes(path.with_name(FIGURES_FILE))
    _STATE["timeout"] = timeout
    signal.signal(signal.SIGALRM, _on_alarm)


def _rejected(path: Path, sha: str, zh: str, en: str) -> Outcome:
    outcome = Outcome(source_file=path.name, sha256=sha, status="rejected")
    outcome.reject(zh, en)
    return outcome


def timed_out(path: Path, sha: str, timeout: float) -> Outcome:
    return _rejected(
        path,
        sha,
        f"处理时间超过 {timeout:g} 秒（--timeout），已跳过",
        f"took longer than {timeout:g} s (--timeout): skipped",
    )


def _extract(path: Path, data: bytes, sha: str) -> Outcome:
    template = _STATE["template"]
    try:
        result = extract_file(path, data, template, _STATE["figure_codes"])  # type: ignore[arg-type]
    except FileTimeout:
        raise
    except Exception as err:  # a bug must not stop the other files
        result = FileResult(path=path, source_file=path.name, sha256=sha)
        result.reject(
            f"抽取程序内部错误：{type(err).__name__}: {err}",
            f"internal extractor error: {type(err).__name__}: {err}",
        )
    return outcome_of(result, template, _STATE["table_codes"], _STATE["figure_codes"])  # type: ignore[arg-type]


def extract_path(path: Path) -> Outcome:
    """One file, within the time limit (in a worker, after `init_worker`)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return _rejected(
            path, "", f"无法读取文件：{err.strerror}", f"cannot read the file: {err.strerror}"
        )
    sha = hashlib.sha256(data).hexdigest()
    timeout = float(_STATE["timeout"])  # type: ignore[arg-type]
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return _extract(path, data, sha)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return timed_out(path, sha, timeout)


Work = Callable[[Path], Outcome]


ChunkResult = tuple[list[Outcome], int, int, float]


def work_chunk(paths: list[str], work: Work = extract_path) -> ChunkResult:
    """Outcomes of a chunk of files, and this worker's pid, peak RSS (KiB) and CPU seconds."""
    outcomes = [work(Path(p)) for p in paths]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return outcomes, usage.ru_maxrss, os.getpid(), usage.ru_utime + usage.ru_stime


# --- in the parent ------------------------------------------------------------------------


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _chunks(files: list[Path], jobs: int) -> list[list[str]]:
    size = max(1, min(CHUNK_MAX, math.ceil(len(files) / (jobs * 4))))
    return [[str(p) for p in files[i : i + size]] for i in range(0, len(files), size)]


def extract_outcomes(
    files: list[Path],
    template_file: Path,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stats: PoolStats | None = None,
    work: Work = extract_path,
    grace: float = GRACE,
) -> Iterator[Outcome]:
    """Outcomes of `files`, in their order, extracted by `jobs` worker processes.
    `work` (a module-level function, run in the workers) and `grace` are for tests of the
    pool itself."""
    stats = stats if stats is not None else PoolStats()
    chunks = deque(_chunks(files, 1 if not files else max(1, jobs or default_jobs())))
    stats.jobs = max(1, min(jobs or default_jobs(), len(chunks) or 1))
    window = stats.jobs * 2
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)

    def start() -> Pool:
        return context.Pool(stats.jobs, init_worker, (str(template_file), timeout))

    pool = start()
    pending: deque[tuple[list[str], AsyncResult[ChunkResult]]] = deque()
    try:
        while chunks or pending:
            while chunks and len(pending) < window:
                chunk = chunks.popleft()
                pending.append((chunk, pool.apply_async(work_chunk, (chunk, work))))
            chunk, future = pending[0]
            try:
                outcomes, rss, pid, cpu = future.get(2 * timeout * len(chunk) + grace)
            except multiprocessing.TimeoutError:
                # stuck where the timer cannot reach: restart, retry the chunk file by file
                pool.terminate()
                pool.join()
                stats.restarts += 1
                pending.popleft()
                if len(chunk) == 1:
                    path = Path(chunk[0])
                    yield timed_out(path, _sha_of(path), timeout)
                    retry = [c for c, _ in pending]
                else:
                    retry = [[p] for p in chunk] + [c for c, _ in pending]
                chunks.extendleft(reversed(retry))
                pending.clear()
                pool = start()
                continue
            pending.popleft()
            stats.worker_peak_rss_kib = max(stats.worker_peak_rss_kib, rss)
            stats.worker_cpu[pid] = cpu
            yield from outcomes
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def _sha_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
