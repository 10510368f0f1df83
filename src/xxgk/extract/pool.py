"""Extraction on every core, results in input order — 多进程抽取，按输入顺序返回结果.

Files are sent to a pool of worker processes (`concurrent.futures.ProcessPoolExecutor` in
multiprocessing's `forkserver` context: the workers are forked from a clean server process, not
from a parent that runs threads) in small chunks; a bounded window of chunks is in flight and
their outcomes are yielded in input order as they complete, so the parent never holds more than
a few chunks of results.

Each file has a time limit (`timeout` seconds). A worker arms a timer per file (SIGALRM): a
file that takes longer is rejected with that reason and the worker goes on with the next. As a
backstop for a file stuck inside C code (where the timer cannot interrupt it), the parent
gives every chunk a hard deadline: past it, the workers are killed, a new pool is started, the
files in flight are retried one at a time and a file that overruns alone is rejected. A worker
that dies (a crash in a PDF library) breaks the pool: the same retry finds the file and rejects
it with that reason.
每个文件限时：工作进程内计时器超时即拒绝该文件；若卡在 C 代码中或工作进程崩溃，主进程重启进程池，
逐个重试在途文件，单独超时或崩溃的文件被拒绝。
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import resource
import signal
import stat
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from xxgk.extract.limits import LimitExceeded, Limits
from xxgk.extract.narrative import FIGURES_FILE, load_figure_codes
from xxgk.extract.outcome import Outcome, outcome_of
from xxgk.extract.raw_format import TABLES_FILE, load_table_codes
from xxgk.extract.report import FileResult, extract_file
from xxgk.extract.template import Template, load_template

DEFAULT_TIMEOUT = Limits().timeout
CHUNK_MAX = 8
GRACE = 10.0  # seconds beyond the per-file limits before the parent restarts the pool
# imported once in the forkserver, so that no worker pays for them (the readers import lazily);
# the libraries of a format only when the input has files of it (pdfplumber alone takes ~1 s)
PRELOAD = ["xxgk.extract.pool"]
PRELOAD_BY_SUFFIX = {
    ".pdf": ["xxgk.extract.pdfium_objects", "pdfplumber"],
    ".docx": ["docx"],
    ".html": ["bs4"],
    ".htm": ["bs4"],
}


class FileTimeout(BaseException):
    """A file took longer than the time limit. 超时。

    A BaseException (like KeyboardInterrupt), so that the readers' own `except Exception`
    (e.g. "PDF cannot be opened") cannot turn it into another reason."""


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


@dataclass(frozen=True)
class _Worker:
    """What a worker loads once: the template, the table and figure orders, the limits."""

    template: Template
    table_codes: tuple[str, ...]
    figure_codes: tuple[str, ...]
    limits: Limits

    @property
    def timeout(self) -> float:
        return self.limits.timeout


_WORKER: list[_Worker] = []  # set by init_worker in each worker process


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise FileTimeout


def init_worker(template_file: str, limits: Limits | float) -> None:
    """Load the template once per worker and install the per-file timer (`limits`: the
    run's limits, or a time limit alone)."""
    path = Path(template_file)
    _WORKER[:] = [
        _Worker(
            load_template(path),
            load_table_codes(path.with_name(TABLES_FILE)),
            load_figure_codes(path.with_name(FIGURES_FILE)),
            limits if isinstance(limits, Limits) else Limits(timeout=limits),
        )
    ]
    signal.signal(signal.SIGALRM, _on_alarm)
    _WORKER[0].limits.apply_memory_limit()


def _rejected(path: Path, sha: str, zh: str, en: str, code: str) -> Outcome:
    outcome = Outcome(source_file=path.name, sha256=sha, status="rejected")
    outcome.reject(zh, en, code)
    return outcome


def timed_out(path: Path, sha: str, timeout: float) -> Outcome:
    return _rejected(
        path,
        sha,
        f"处理时间超过 {timeout:g} 秒（--timeout），已跳过",
        f"took longer than {timeout:g} s (--timeout): skipped",
        "timeout",
    )


def _vm_peak_kib() -> int:
    """This process's peak address space (VmPeak, KiB); 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _extract(path: Path, data: bytes, sha: str) -> Outcome:
    worker = _WORKER[0]
    peak_before = _vm_peak_kib()
    try:
        result = extract_file(path, data, worker.template, worker.figure_codes, worker.limits)
    except MemoryError:  # over the worker's memory limit: this file only
        result = FileResult(path=path, source_file=path.name, sha256=sha)
        over = worker.limits.out_of_memory()
        result.reject(over.zh, over.en, code="limit")
    except Exception as err:  # a bug must not stop the other files
        result = FileResult(path=path, source_file=path.name, sha256=sha)
        result.reject(
            f"抽取程序内部错误：{type(err).__name__}: {err}",
            f"internal extractor error: {type(err).__name__}: {err}",
            code="internal_error",
        )
    # a library that ran out of memory often says something else ("unknown error"): a file
    # rejected while this worker's address space reached its limit is rejected for memory
    limit_kib = worker.limits.max_worker_mb * 1000
    peak = _vm_peak_kib()
    over = worker.limits.out_of_memory()
    if (
        result.status == "rejected"
        and peak > peak_before
        and peak >= 0.9 * limit_kib
        and result.reasons_en[:1] != [over.en]
    ):
        result.reject(over.zh, over.en, code="limit")
    return outcome_of(result, worker.template, worker.table_codes, worker.figure_codes)


Extract = Callable[[Path, bytes, str], Outcome]


def extract_path(path: Path, extract: Extract = _extract) -> Outcome:
    """One file, within the time limit (in a worker, after `init_worker`); `extract` (the
    extractor on the file's bytes and SHA-256) is for tests of the timer. The timer runs
    from before the file is read (a read that hangs, e.g. on a network drive, is timed too)."""
    timeout = _WORKER[0].timeout
    sha = ""
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            try:
                data = _read_regular(path, _WORKER[0].limits)
            except OSError as err:
                return _rejected(
                    path,
                    "",
                    f"无法读取文件：{err.strerror}",
                    f"cannot read the file: {err.strerror}",
                    "unreadable",
                )
            except LimitExceeded as err:
                return _rejected(path, "", err.zh, err.en, "limit")
            sha = hashlib.sha256(data).hexdigest()
            return extract(path, data, sha)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return timed_out(path, sha, timeout)


def _read_regular(path: Path, limits: Limits) -> bytes:
    """The bytes of a regular file within the size limit. Opened without blocking and checked
    after opening: a path that became a FIFO or a device since it was listed is refused, never
    waited on or read without end."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file / 不是普通文件", str(path))
        limits.check_file_size(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(int(limits.max_file_mb * 1_000_000) + 1)
        limits.check_file_size(len(data))  # grew since fstat
        return data
    finally:
        os.close(fd)


Work = Callable[[Path], Outcome]


ChunkResult = tuple[list[Outcome], int, int, float]


def work_chunk(
    paths: list[str], work: Work = extract_path, names: dict[str, str] | None = None
) -> ChunkResult:
    """Outcomes of a chunk of files (each logged under its name in `names`, else the file's
    name), and this worker's pid, peak RSS (KiB) and CPU seconds."""
    outcomes = [_named(work(Path(p)), (names or {}).get(p)) for p in paths]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return outcomes, usage.ru_maxrss, os.getpid(), usage.ru_utime + usage.ru_stime


# --- in the parent ------------------------------------------------------------------------


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _chunks(files: list[Path], jobs: int) -> list[list[str]]:
    size = max(1, min(CHUNK_MAX, math.ceil(len(files) / (jobs * 4))))
    return [[str(p) for p in files[i : i + size]] for i in range(0, len(files), size)]


def _named(outcome: Outcome, name: str | None) -> Outcome:
    if name is not None:
        outcome.source_file = name
    return outcome


def _crashed(path: Path) -> Outcome:
    return _rejected(
        path,
        _sha_of(path),
        "抽取此文件时工作进程异常退出（例如 PDF 库崩溃，或内存超过 --max-memory-mb），已跳过",
        "the worker process died while extracting this file (e.g. a PDF library crash, or "
        "memory over --max-memory-mb): skipped",
        "worker_crashed",
    )


def _kill(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (a worker stuck in C code does not answer anything else)."""
    processes = getattr(executor, "_processes", None) or {}  # None after a shutdown
    for process in list(processes.values()):
        process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


def extract_outcomes(
    files: list[Path],
    template_file: Path,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stats: PoolStats | None = None,
    work: Work = extract_path,
    grace: float = GRACE,
    *,
    limits: Limits | None = None,
    names: list[str] | None = None,
) -> Iterator[Outcome]:
    """Outcomes of `files`, in their order, extracted by `jobs` worker processes.

    A chunk past its deadline (stuck beyond the worker's timer), or a worker that dies (the
    pool breaks), restarts the pool; the files in flight are retried one at a time, alone
    ("suspects"), so the one that hangs or crashes again is identified and rejected.
    `work` (a module-level function, run in the workers) and `grace` are for tests of the
    pool itself. `limits` (the time limit included) replace `timeout`; `names` are the names
    the files are logged under (default: each file's name).
    """
    limits = limits if limits is not None else Limits(timeout=timeout)
    timeout = limits.timeout
    name_of = dict(zip((str(p) for p in files), names, strict=True)) if names else {}
    stats = stats if stats is not None else PoolStats()
    queue: deque[tuple[list[str], bool]] = deque(
        (chunk, False) for chunk in _chunks(files, max(1, jobs or default_jobs()))
    )
    stats.jobs = max(1, min(jobs or default_jobs(), len(queue) or 1))
    window = stats.jobs * 2
    context = multiprocessing.get_context("forkserver")
    suffixes = {p.suffix.lower() for p in files}
    preload = PRELOAD + [m for s in sorted(suffixes) for m in PRELOAD_BY_SUFFIX.get(s, [])]
    context.set_forkserver_preload(preload)  # used when the server starts (once per process)

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            stats.jobs, context, initializer=init_worker, initargs=(str(template_file), limits)
        )

    executor = start()
    pending: deque[tuple[list[str], bool, Future[ChunkResult]]] = deque()

    def restart(retry: list[list[str]]) -> None:
        nonlocal executor
        _kill(executor)
        stats.restarts += 1
        suspects = [([p], True) for chunk in retry for p in chunk]
        queue.extendleft(reversed(suspects))
        pending.clear()
        executor = start()

    try:
        while queue or pending:
            while queue and len(pending) < window:
                chunk, suspect = queue[0]
                if suspect and pending:
                    break  # a suspect runs alone
                try:
                    names_in = {p: name_of[p] for p in chunk if p in name_of}
                    future = executor.submit(work_chunk, chunk, work, names_in)
                except BrokenProcessPool:  # broke under chunks in flight: found at their result
                    break
                queue.popleft()
                pending.append((chunk, suspect, future))
                if suspect:
                    break
            if not pending:  # broke before anything was in flight
                restart([])
                continue
            chunk, suspect, future = pending[0]
            try:
                outcomes, rss, pid, cpu = future.result(2 * timeout * len(chunk) + grace)
            except TimeoutError:
                pending.popleft()
                if len(chunk) == 1:
                    path = Path(chunk[0])
                    yield _named(timed_out(path, _sha_of(path), timeout), name_of.get(chunk[0]))
                    restart([c for c, _, _ in pending])
                else:
                    restart([chunk, *(c for c, _, _ in pending)])
                continue
            except BrokenProcessPool:
                if suspect:  # it ran alone: this file killed its worker
                    pending.popleft()
                    yield _named(_crashed(Path(chunk[0])), name_of.get(chunk[0]))
                restart([c for c, _, _ in pending])
                continue
            pending.popleft()
            stats.worker_peak_rss_kib = max(stats.worker_peak_rss_kib, rss)
            stats.worker_cpu[pid] = cpu
            yield from outcomes
        executor.shutdown(wait=True)  # the workers exit on their own
    finally:
        _kill(executor)  # nothing left to kill after a clean shutdown


def _sha_of(path: Path) -> str:
    """The file's SHA-256, streamed; "" for anything but a readable regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ""
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        while block := os.read(fd, 1 << 20):
            digest.update(block)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return digest.hexdigest()
