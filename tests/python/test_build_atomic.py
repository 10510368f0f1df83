"""`xxgk build` is atomic: killed, failed, concurrent and read-during builds.

构建的原子性：被杀死、失败、并发以及构建期间读取。Real dbt, real DuckDB files, real processes.

One project copy goes through a scenario, shared by the tests below (module-scoped):

1. build A: the reference corpus (`--raw-dir`, a path with a space and a quote), complete;
2. an analyst's process opens the file read-only and keeps that connection to the end;
3. builds of corpus B (the reference corpus without one report) are killed with SIGKILL during
   dbt's models, dbt's tests, GX validation and dbt docs; after each kill the file must be
   build A, marts and audit alike, and no dbt may be left running. While the third runs, two
   more builds are started: one stops at once naming the holder's pid, one with `--wait 1`
   stops after waiting;
4. while the last killed build runs, build C (corpus B via XXGK_RAW_DIR, `--wait`) is started:
   it waits for the lock, cleans the leftovers and completes; the analyst's connection keeps
   answering A throughout and answers C once it reconnects;
5. the same project with a broken model added, and `--strict` on a corpus with a negative cell:
   dbt build fails, nothing changes;
6. SIGTERM during a build: one line, no leftovers, nothing changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import yaml
from dbt_harness import RAW_DIR, REPO, XXGK, copy_project

from xxgk.lock import BuildLockBusyError, acquire, lock_path
from xxgk.project import dbt_vars

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

DROPPED_REPORT_INDEX = 0  # the first report of raw_reports.csv is left out of corpus B
PHASES: dict[str, str] = {
    # phase → a line of `xxgk build` output that says it has begun
    "dbt models": "START sql table model",
    "dbt tests": "START test",
    "validation": "== xxgk validate",
    "docs": "== dbt docs generate",
}
# a line the build prints only after the phase: its absence shows the kill landed inside it
AFTER_PHASE: dict[str, str] = {
    "dbt models": "== xxgk validate",
    "dbt tests": "== xxgk validate",
    "validation": "== audit",
    "docs": "== 替换 / replace",
}
KILL_DELAY_SECONDS = 1.0  # after the phase's first line, to be well inside it
BUILD_TIMEOUT_SECONDS = 600


# -- corpora ---------------------------------------------------------------------------------


def reference_raw_dir() -> Path:
    """The checked-in raw corpus (the default of var raw_dir)."""
    return REPO / RAW_DIR


def write_corpus(destination: Path, drop_report: str | None = None) -> Path:
    """Copy the reference corpus's CSVs, leaving out every row of `drop_report`."""
    destination.mkdir(parents=True)
    for source in sorted(reference_raw_dir().glob("*.csv")):
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = [
                row for row in reader if drop_report is None or row.get("report_id") != drop_report
            ]
        with (destination / source.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return destination


def report_ids(corpus: Path) -> list[str]:
    with (corpus / "raw_reports.csv").open(encoding="utf-8", newline="") as handle:
        return [row["report_id"] for row in csv.DictReader(handle)]


# -- what a complete build looks like ----------------------------------------------------------

FINGERPRINT_SQL = """
select
    (select count(*) from marts.dim_reports) as dim_reports,
    (select count(distinct report_id) from marts.rpt_report_quality) as quality_reports,
    (select count(distinct report_id) from marts.fct_request_handling) as t3_reports,
    (select count(*) from marts.fct_request_handling) as t3_rows,
    (select max(run_id) from audit.gx_results) as last_run,
    (select count(distinct run_id) from audit.gx_results) as runs,
    (select max(element_count) from audit.gx_results
      where run_id = (select max(run_id) from audit.gx_results)
        and suite = 'fct_request_handling') as last_run_t3_rows
"""
FINGERPRINT_FIELDS = (
    "dim_reports",
    "quality_reports",
    "t3_reports",
    "t3_rows",
    "last_run",
    "runs",
    "last_run_t3_rows",
)


def fingerprint(database: Path) -> dict[str, object]:
    """Report counts of three marts and the audit's last run (a fresh read-only connection)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        values = connection.sql(FINGERPRINT_SQL).fetchone()
    assert values is not None
    return dict(zip(FINGERPRINT_FIELDS, values, strict=True))


def assert_complete(state: dict[str, object], reports: int) -> None:
    """Every mart from the same corpus, and the audit's last run from these marts."""
    assert state["dim_reports"] == state["quality_reports"] == state["t3_reports"] == reports, state
    assert state["last_run_t3_rows"] == state["t3_rows"], state


def digest(path: Path) -> str:
    if path.is_dir():
        parts = sorted(
            (entry.relative_to(path).as_posix(), digest(entry))
            for entry in path.rglob("*")
            if entry.is_file()
        )
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docs_digest(root: Path) -> dict[str, str]:
    site = root / "build" / "site"
    return {
        "static_index": digest(root / "target" / "static_index.html"),
        "gx_docs": digest(root / "build" / "gx_docs"),
        "site": digest(site) if site.exists() else "absent",
    }


def leftovers(root: Path) -> list[Path]:
    """Names a build writes privately (`….building-<pid>`, `.….old-<pid>`)."""
    pattern = re.compile(r"\.(building|old)-\d+")
    places = (root, root / "target", root / "build")
    return [
        entry
        for place in places
        if place.is_dir()
        for entry in place.iterdir()
        if pattern.search(entry.name)
    ]


# -- processes -------------------------------------------------------------------------------


def xxgk_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DUCKDB", "XXGK_RAW_DIR")}
    env.update(
        {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "COLUMNS": "160", "PYTHONUNBUFFERED": "1"}
    )
    env.update(extra)
    return env


STARTED: list[subprocess.Popen[str]] = []  # killed at the end of the module if still running


@dataclass
class RunningBuild:
    """`xxgk build` in the background, its output collected line by line."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, root: Path, *args: str, env: dict[str, str] | None = None) -> RunningBuild:
        process = subprocess.Popen(
            [str(XXGK), "build", "--project-dir", str(root), *args],
            cwd=root,
            env=env or xxgk_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        STARTED.append(process)
        build = cls(process)
        build.reader = threading.Thread(target=build._collect, daemon=True)
        build.reader.start()
        return build

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, marker: str, timeout: float = BUILD_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while not any(marker in line for line in self.lines):
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader thread catch up
                if any(marker in line for line in self.lines):
                    return
                pytest.fail(f"build ended before {marker!r}:\n{self.output}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {marker!r} within {timeout} s:\n{self.output}")
            time.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        if self.reader is not None:
            self.reader.join(timeout=30)

    def finish(self, timeout: float = BUILD_TIMEOUT_SECONDS) -> int:
        code = self.process.wait(timeout=timeout)
        if self.reader is not None:
            self.reader.join(timeout=30)
        return code


def build(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    running = RunningBuild.start(root, *args, env=env)
    return running.finish(), running.output


READER_SCRIPT = """
import json, sys, duckdb
path, sql = sys.argv[1], sys.argv[2]
connection = duckdb.connect(path, read_only=True)
print("ready", flush=True)
for command in sys.stdin:
    command = command.strip()
    if command == "reconnect":
        connection.close()
        connection = duckdb.connect(path, read_only=True)
    print(json.dumps(connection.sql(sql).fetchone(), default=str), flush=True)
"""


class Analyst:
    """Another process holding a read-only DuckDB connection, as an analyst's notebook does."""

    def __init__(self, database: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER_SCRIPT, str(database), FINGERPRINT_SQL],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lock = threading.Lock()
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            pytest.fail(
                f"the analyst's process ended: {self.process.stderr and self.process.stderr.read()}"
            )
        return line.strip()

    def ask(self, command: str = "query") -> dict[str, object]:
        with self.lock:
            assert self.process.stdin is not None
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
            return dict(zip(FINGERPRINT_FIELDS, json.loads(self._line()), strict=True))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


# -- the scenario ----------------------------------------------------------------------------


def dbt_processes(root: Path) -> list[int]:
    """Processes running dbt on this project (from /proc)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            arguments = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(b"/dbt") for a in arguments[:2]) and os.fsencode(root) in arguments:
            found.append(int(proc.name))
    return found


def wait_until_no_dbt(root: Path, timeout: float = 10) -> list[int]:
    deadline = time.monotonic() + timeout
    while (running := dbt_processes(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return running


@dataclass
class KilledBuild:
    phase: str
    output: str
    leftovers: list[Path]
    state: dict[str, object]
    docs: dict[str, str]
    dbt_left_running: list[int]
    dbt_before_kill: list[int]


@dataclass
class Scenario:
    root: Path
    database: Path
    corpus_b: Path
    reports_a: int
    reports_b: int
    state_a: dict[str, object]
    docs_a: dict[str, str]
    killed: list[KilledBuild] = field(default_factory=list)
    second_at_once: tuple[int, str, float] = (0, "", 0.0)
    second_waiting: tuple[int, str, float] = (0, "", 0.0)
    holder_pid: int = 0
    build_c: tuple[int, str] = (0, "")
    leftovers_after_c: list[Path] = field(default_factory=list)
    state_c: dict[str, object] = field(default_factory=dict)
    docs_c: dict[str, str] = field(default_factory=dict)
    analyst_during_c: list[dict[str, object]] = field(default_factory=list)
    analyst_after_c: dict[str, object] = field(default_factory=dict)
    analyst_reconnected: dict[str, object] = field(default_factory=dict)


def _timed(root: Path, *args: str) -> tuple[int, str, float]:
    started = time.monotonic()
    completed = subprocess.run(
        [str(XXGK), "build", "--project-dir", str(root), *args],
        cwd=root,
        env=xxgk_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return completed.returncode, completed.stdout + completed.stderr, time.monotonic() - started


def _poll(analyst: Analyst, until: Callable[[], bool], into: list[dict[str, object]]) -> None:
    while not until():
        into.append(analyst.ask())
        time.sleep(0.5)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    base = tmp_path_factory.mktemp("atomic")
    root = copy_project(base / "project")
    corpus_a = write_corpus(base / "analyst's corpus a")
    dropped = report_ids(corpus_a)[DROPPED_REPORT_INDEX]
    corpus_b = write_corpus(base / "analyst's corpus b", drop_report=dropped)
    database = root / "xxgk.duckdb"

    code, output = build(root, "--raw-dir", str(corpus_a))
    assert code == 0, output
    result = Scenario(
        root=root,
        database=database,
        corpus_b=corpus_b,
        reports_a=len(report_ids(corpus_a)),
        reports_b=len(report_ids(corpus_b)),
        state_a=fingerprint(database),
        docs_a=docs_digest(root),
    )
    analyst = Analyst(database)
    try:
        for phase, marker in PHASES.items():
            running = RunningBuild.start(root, "--raw-dir", str(corpus_b))
            running.wait_for("== dbt build")  # it holds the lock
            if phase == "validation":  # dbt build takes long enough for two more builds
                result.holder_pid = running.process.pid
                result.second_at_once = _timed(root, "--raw-dir", str(corpus_b))
                result.second_waiting = _timed(root, "--raw-dir", str(corpus_b), "--wait", "1")
            waiting = None
            if phase == "docs":
                env = xxgk_env(XXGK_RAW_DIR=str(corpus_b))
                waiting = RunningBuild.start(root, "--wait", "600", env=env)
                waiting.wait_for("waiting for the build lock", timeout=120)
            running.wait_for(marker)
            time.sleep(KILL_DELAY_SECONDS)
            assert running.process.poll() is None, f"the build ended early:\n{running.output}"
            dbt_before = dbt_processes(root)
            running.kill()
            orphans = [] if waiting is not None else wait_until_no_dbt(root)
            result.killed.append(
                KilledBuild(
                    phase,
                    running.output,
                    leftovers(root),
                    fingerprint(database),
                    docs_digest(root),
                    orphans,
                    dbt_before,
                )
            )
            if waiting is not None:
                during: list[dict[str, object]] = []
                _poll(analyst, lambda w=waiting: w.process.poll() is not None, during)
                result.build_c = (waiting.finish(), waiting.output)
                result.analyst_during_c = during
        result.leftovers_after_c = leftovers(root)
        result.state_c = fingerprint(database)
        result.docs_c = docs_digest(root)
        result.analyst_after_c = analyst.ask()
        result.analyst_reconnected = analyst.ask("reconnect")
    finally:
        analyst.close()
        for process in STARTED:
            if process.poll() is None:
                process.kill()
                process.wait()
    yield result


def test_a_killed_build_leaves_the_previous_complete_file(scenario: Scenario) -> None:
    """SIGKILL during dbt's models, dbt's tests, validation and docs: the file is build A, its
    marts and audit alike, and the docs are A's."""
    assert_complete(scenario.state_a, scenario.reports_a)
    assert [killed.phase for killed in scenario.killed] == list(PHASES)
    for killed in scenario.killed:
        assert PHASES[killed.phase] in killed.output
        assert AFTER_PHASE[killed.phase] not in killed.output, killed.output[-3000:]
        assert killed.state == scenario.state_a, (killed.phase, killed.output[-3000:])
        # dbt does not run on after the build that started it was killed
        if killed.phase.startswith("dbt"):
            assert killed.dbt_before_kill, killed.phase
        assert killed.dbt_left_running == [], killed.phase
        assert killed.docs == scenario.docs_a, killed.phase
        # the kill did land inside the build: its private files are there
        assert killed.leftovers, killed.phase


def test_the_next_build_cleans_up_and_succeeds_without_manual_steps(scenario: Scenario) -> None:
    code, output = scenario.build_c
    assert code == 0, output
    assert "removed what an interrupted build left" in output
    assert scenario.leftovers_after_c == []
    state = scenario.state_c
    assert_complete(state, scenario.reports_b)
    assert state["last_run"] != scenario.state_a["last_run"]
    # the audit history of build A is carried over, and C's own run added
    assert state["runs"] == scenario.state_a["runs"] + 1
    assert scenario.docs_c["static_index"] != scenario.docs_a["static_index"]
    assert scenario.docs_c["gx_docs"] != scenario.docs_a["gx_docs"]
    assert scenario.docs_c["site"] != scenario.docs_a["site"]


def test_a_reader_keeps_the_previous_build_until_it_reconnects(scenario: Scenario) -> None:
    """An analyst's read-only connection, open since build A, neither blocks the builds nor
    sees anything but build A, until it reconnects — then it sees build C."""
    assert len(scenario.analyst_during_c) >= 3
    assert all(seen == scenario.state_a for seen in scenario.analyst_during_c)
    assert scenario.analyst_after_c == scenario.state_a
    assert scenario.analyst_reconnected == scenario.state_c


def test_a_second_build_stops_at_once_naming_the_holder(scenario: Scenario) -> None:
    code, output, seconds = scenario.second_at_once
    assert code == 3, output
    assert seconds < 30, seconds
    message = [line for line in output.splitlines() if "another build" in line]
    assert len(message) == 1, output
    assert f"pid {scenario.holder_pid}" in message[0]
    assert f"进程 {scenario.holder_pid}" in message[0]
    assert "Running with dbt" not in output


def test_a_second_build_with_wait_waits_then_stops(scenario: Scenario) -> None:
    code, output, seconds = scenario.second_waiting
    assert code == 3, output
    assert seconds >= 1
    assert "waiting for the build lock" in output
    assert f"pid {scenario.holder_pid}" in output


# -- a failed dbt build ----------------------------------------------------------------------


@dataclass
class FailedBuild:
    code: int
    output: str
    before: dict[str, object]
    after: dict[str, object]
    audit_rows: tuple[int, int]
    docs_before: dict[str, str]
    docs_after: dict[str, str]
    leftovers: list[Path]


def with_a_negative_cell(corpus: Path) -> Path:
    """Set the first positive cell of the corpus to -1: an error-severity violation."""
    for path in sorted(corpus.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        if "cell_text" not in fields:
            continue
        row = next(row for row in rows if row["cell_text"].isdigit() and row["cell_text"] != "0")
        row["cell_text"] = "-1"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return corpus
    raise AssertionError(f"no cell_text column in {corpus}")


FAILURES = ("a broken model", "strict with an error violation")


@pytest.fixture(scope="module")
def failed_builds(scenario: Scenario) -> dict[str, FailedBuild]:
    """The scenario's project after build C, built (1) with a model that cannot be built added,
    (2) with --strict on a corpus with a negative cell: dbt build fails either way."""
    root = scenario.root
    strict_corpus = with_a_negative_cell(
        write_corpus(scenario.corpus_b.parent / "corpus strict", drop_report=None)
    )

    def audit_rows() -> int:
        with duckdb.connect(str(scenario.database), read_only=True) as connection:
            row = connection.sql("select count(*) from audit.gx_results").fetchone()
        assert row is not None
        return int(row[0])

    results = {}
    for failure in FAILURES:
        before, docs_before, rows_before = (
            fingerprint(scenario.database),
            docs_digest(root),
            audit_rows(),
        )
        if failure == "a broken model":
            broken = root / "models" / "zz_broken_for_test.sql"
            broken.write_text("select * from a_table_that_does_not_exist\n", encoding="utf-8")
            try:
                code, output = build(root, "--raw-dir", str(scenario.corpus_b))
            finally:
                broken.unlink()
        else:
            code, output = build(root, "--strict", "--raw-dir", str(strict_corpus))
        results[failure] = FailedBuild(
            code=code,
            output=output,
            before=before,
            after=fingerprint(scenario.database),
            audit_rows=(rows_before, audit_rows()),
            docs_before=docs_before,
            docs_after=docs_digest(root),
            leftovers=leftovers(root),
        )
    return results


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_dbt_build_changes_nothing(
    failed_builds: dict[str, FailedBuild], failure: str
) -> None:
    failed_build = failed_builds[failure]
    assert failed_build.code != 0, failed_build.output
    assert failed_build.after == failed_build.before
    assert failed_build.audit_rows[1] == failed_build.audit_rows[0]
    assert failed_build.docs_after == failed_build.docs_before
    assert failed_build.leftovers == []
    # nothing validated, and one clear line in both languages
    assert "== xxgk validate" not in failed_build.output
    lines = [line for line in failed_build.output.splitlines() if "dbt build failed" in line]
    assert len(lines) == 1, failed_build.output[-3000:]
    assert "dbt build 失败" in lines[0]
    assert "left as the previous build" in lines[0]


# -- the pieces, without dbt -----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw_dir",
    [
        Path("/data/raw"),
        Path('/data/it\'s: a "dir"/raw'),
        Path("/数据/原始 语料/{{ var('x') }}"),
        Path("C:\\corpora\\raw #1"),
    ],
)
def test_dbt_vars_survive_yaml(raw_dir: Path) -> None:
    """dbt reads --vars as YAML: the JSON we write comes back as the same values."""
    flag, text = dbt_vars(strict=True, raw_dir=raw_dir)
    assert flag == "--vars"
    assert yaml.safe_load(text) == {"strict": True, "raw_dir": str(raw_dir)}
    assert dbt_vars() == []


def test_the_lock_names_its_holder(tmp_path: Path) -> None:
    database = tmp_path / "x.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from xxgk.lock import acquire;"
            "lock = acquire(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)",
            str(lock_path(database)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(BuildLockBusyError) as raised:
            acquire(lock_path(database), wait_seconds=0.5)
        assert time.monotonic() - started >= 0.5
        assert raised.value.holder == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()
    # the kernel released the killed holder's lock: no stale lock file to remove by hand
    with acquire(lock_path(database)) as lock:
        assert lock_path(database).read_text().strip() == str(os.getpid())
        assert lock.fd >= 0


def test_readme_dbt_build_line_finds_the_profile(tmp_path: Path) -> None:
    """The README's plain `dbt build` line, run from the project root of a fresh copy with no
    ~/.dbt and no DBT_PROFILES_DIR, finds the profile (checked with `dbt debug`, same flags)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in readme.splitlines() if re.search(r"\bdbt build\b", line)]
    commands = [
        line for line in lines if line.startswith("python3.11 -m uv run --locked dbt build")
    ]
    assert commands, "the README has no runnable `dbt build` line"
    arguments = commands[0].split("dbt build", 1)[1].split()
    assert "--profiles-dir" in arguments
    root = copy_project(tmp_path / "project")
    env = {k: v for k, v in xxgk_env().items() if k != "DBT_PROFILES_DIR"}
    env["HOME"] = str(tmp_path / "home")
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "debug", *arguments],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_carry_audit_copies_every_audit_table_and_view(tmp_path: Path) -> None:
    from xxgk.validate.run import carry_audit

    previous, new = tmp_path / "previous.duckdb", tmp_path / "new.duckdb"
    with duckdb.connect(str(previous)) as connection:
        connection.execute("create schema audit")
        connection.execute("create table audit.gx_results as select 'run-1' as run_id, true as ok")
        connection.execute('create table audit."it\'s" as select range as n from range(3)')
        connection.execute(
            "create view audit.last_run as select max(run_id) as run_id from audit.gx_results"
        )
        connection.execute("create table main.not_audit as select 1 as x")
    duckdb.connect(str(new)).close()
    reader = subprocess.Popen(  # an analyst's read-only session on the previous file
        [sys.executable, "-c", READER_SCRIPT, str(previous), "select 1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        assert carry_audit(previous, new) == 4
    finally:
        reader.kill()
        reader.wait()
    with duckdb.connect(str(new), read_only=True) as connection:
        assert connection.sql("select * from audit.gx_results").fetchall() == [("run-1", True)]
        assert connection.sql('select count(*) from audit."it\'s"').fetchall() == [(3,)]
        assert connection.sql("select * from audit.last_run").fetchall() == [("run-1",)]
        tables = connection.sql("select table_name from duckdb_tables() where schema_name = 'main'")
        assert tables.fetchall() == []
    assert carry_audit(tmp_path / "absent.duckdb", new) == 0


def test_sigterm_stops_the_build_cleanly(
    scenario: Scenario, failed_builds: dict[str, FailedBuild]
) -> None:
    """SIGTERM (a CI timeout, `kill`): dbt stops, the private files go, nothing changes."""
    before, docs_before = fingerprint(scenario.database), docs_digest(scenario.root)
    running = RunningBuild.start(scenario.root, "--raw-dir", str(scenario.corpus_b))
    running.wait_for("Running with dbt")
    time.sleep(KILL_DELAY_SECONDS)
    running.process.send_signal(signal.SIGTERM)
    assert running.finish(timeout=60) == 128 + signal.SIGTERM
    lines = [line for line in running.lines if "build interrupted" in line]
    assert len(lines) == 1 and "构建已中止" in lines[0], running.output[-3000:]
    assert wait_until_no_dbt(scenario.root) == []
    assert leftovers(scenario.root) == []
    assert fingerprint(scenario.database) == before
    assert docs_digest(scenario.root) == docs_before
