"""`xxgk build`: the main job — dbt build → GX validation → dbt docs → Data Docs, atomically.

主流程：dbt build → GX 检查 → dbt 文档 → Data Docs，整体原子地替换。

Everything is built beside what it replaces and renamed into place only when finished:

1. the build lock `<database>.lock` is taken (`--wait` seconds, default: stop at once);
2. leftovers of killed builds (`<database>.building-<pid>`, `target/.building-<pid>`,
   `.gx_docs.building-<pid>`) are removed;
3. schema `audit` of the previous file is copied into a new file `<database>.building-<pid>`
   (so that dbt's models can read the previous build's findings: marts.rpt_findings_diff), then
   `dbt build` builds that file, with its target directory in `target/.building-<pid>/dbt`,
   and appends the build to `audit.findings_builds` and its findings to
   `audit.findings_snapshots` (dbt's on-run-end hook); if
   it fails, nothing else happens;
4. GX validates the new file; Data Docs go to `.gx_docs.building-<pid>` beside `build/gx_docs`;
   in strict mode an error-severity failure stops here;
5. this run's GX results are appended to `audit.gx_results` (the schema `audit` of the previous
   file was carried into the new one before dbt build);
6. `dbt docs generate --static` on the new file, and the review site rendered from it into
   `build/.site.building-<pid>` (`xxgk.site`);
7. the new file replaces the database (`os.replace`), then dbt's artefacts replace theirs in
   `target/` one by one and the Data Docs and site directories are each exchanged in one step.

The database file the analysts open is never opened for writing: until step 7 it is the
previous build; from step 7 on, the new one.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import typer

from xxgk.atomic import (
    BUILDING,
    clean_stale,
    hidden_sibling,
    remove,
    replace_file,
    seal_database,
    swap_dir,
    wal_path,
)
from xxgk.increments import audit_rows, project_fingerprint, record_fingerprint, why_not_add
from xxgk.lock import BuildLock, acquire, lock_path
from xxgk.project import (
    DEFAULT_BATCH_ROWS,
    RAW_DIR_ENV,
    Project,
    dbt_var_values,
    dbt_vars,
    run_dbt,
)
from xxgk.site.publish import render_new_site

PARTIAL_PARSE = "partial_parse.msgpack"


def _step(title: str) -> None:
    typer.secho(f"\n== {title} ==", bold=True)


def _fail(message: str) -> None:
    typer.secho(message, fg="red", err=True)


@dataclass(frozen=True)
class Workspace:
    """The private names one build writes under (all carry its process id)."""

    project: Project
    gx_docs: Path
    pid: int

    @property
    def target(self) -> Path:
        return self.project.duckdb_path

    @property
    def database(self) -> Path:
        return self.target.with_name(f"{self.target.name}.{BUILDING}-{self.pid}")

    @property
    def root(self) -> Path:
        return self.project.target_dir / f".{BUILDING}-{self.pid}"

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt"

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"

    @property
    def new_gx_docs(self) -> Path:
        return hidden_sibling(self.gx_docs, BUILDING, self.pid)

    @property
    def site(self) -> Path:
        return self.project.build_dir / "site"

    @property
    def new_site(self) -> Path:
        return hidden_sibling(self.site, BUILDING, self.pid)

    def clean_leftovers(self) -> list[Path]:
        """Remove what killed builds left. The database's own temporary files are removed
        whatever their pid: we hold the lock, so their build is over."""
        pattern = glob.escape(self.target.name) + f".{BUILDING}-*"
        leftovers = sorted(self.target.parent.glob(pattern))
        for path in leftovers:
            remove(path)
        leftovers += clean_stale(self.project.target_dir, locked=True)
        leftovers += clean_stale(self.gx_docs.parent, (self.gx_docs.name,), locked=True)
        leftovers += clean_stale(self.site.parent, (self.site.name,), locked=True)
        return leftovers

    def prepare(self) -> None:
        self.dbt_target.mkdir(parents=True)
        self.scratch.mkdir()
        previous_parse = self.project.target_dir / PARTIAL_PARSE
        if previous_parse.is_file():  # lets dbt skip re-parsing an unchanged project
            shutil.copy2(previous_parse, self.dbt_target / PARTIAL_PARSE)

    def discard(self) -> None:
        spill = self.database.with_name(self.database.name + ".tmp")  # DuckDB's temp_directory
        for path in (
            self.database,
            wal_path(self.database),
            spill,
            self.root,
            self.new_gx_docs,
            self.new_site,
        ):
            remove(path)


def publish_dbt_target(new_target: Path, target_dir: Path) -> None:
    """Move dbt's artefacts (manifest, catalog, docs pages, compiled SQL) into `target/`, each
    file by `os.replace` and each directory by an atomic exchange."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for entry in sorted(new_target.iterdir()):
        destination = target_dir / entry.name
        if entry.is_dir():
            swap_dir(entry, destination)
        else:
            replace_file(entry, destination)


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP: unwind so that the build's temporary files are removed."""


@contextmanager
def _exit_on_termination() -> Iterator[None]:
    def handler(signum: int, _frame: FrameType | None) -> None:
        raise _Terminated(128 + signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@dataclass
class AtomicBuild:
    project: Project
    gx_docs: Path
    strict: bool
    raw_dir: Path | None
    lock: BuildLock
    batch_rows: int = DEFAULT_BATCH_ROWS
    add_reports: bool = False
    replaced: bool = False
    adding: bool = False  # reports are being added to a copy of the previous database

    def run(self, workspace: Workspace) -> int:
        leftovers = workspace.clean_leftovers()
        if leftovers:
            typer.echo(
                "已清理中止的构建留下的临时文件 / removed what an interrupted build left: "
                + ", ".join(str(path) for path in leftovers)
            )
        workspace.prepare()
        try:
            return self._run(workspace)
        finally:
            workspace.discard()

    def _dbt(self, workspace: Workspace, *args: str) -> int:
        env = {RAW_DIR_ENV: str(self.raw_dir)} if self.raw_dir else {}
        completed = run_dbt(
            self.project,
            *args,
            *dbt_vars(strict=self.strict, raw_dir=self.raw_dir, add_reports=self.adding),
            duckdb_path=workspace.database,
            target_path=workspace.dbt_target,
            env=env,
            pass_fds=(self.lock.fd,),
        )
        return completed.returncode

    def _carry_database(self, previous: Path, new: Path, fingerprint: str) -> bool:
        """Copy the previous database to build the new reports onto; False (build everything)
        when the previous build's project differs or there is none (increments.why_not_add)."""
        refusal = why_not_add(previous, fingerprint)
        if refusal is not None:
            typer.echo(f"整体重建：{refusal[0]} / building everything: {refusal[1]}")
            return False
        shutil.copyfile(previous, new)
        typer.echo(
            f"沿用上一版数据库，只构建新报告 / the previous database is carried over, only the "
            f"new reports are built: {previous}"
        )
        return True

    def _run(self, workspace: Workspace) -> int:
        from xxgk.validate.report import print_summary
        from xxgk.validate.run import carry_audit, publish_docs, run_validation, write_audit

        target = workspace.target
        fingerprint = project_fingerprint(
            self.project, dbt_var_values(strict=self.strict, raw_dir=self.raw_dir)
        )
        if self.add_reports:
            _step("追加报告 / adding reports")
            self.adding = self._carry_database(target, workspace.database, fingerprint)
        _step("沿用 audit / carry the audit history")
        try:
            # adding reports: the audit history came with the copy of the previous database
            carried = (
                audit_rows(workspace.database)
                if self.adding
                else carry_audit(target, workspace.database)
            )
        except Exception as error:
            reason = " ".join(str(error).split())
            _fail(
                f"无法读取上一版 {target} 的 audit 历史（是否有人以读写方式打开了它？），未替换 / "
                f"cannot read the audit history of the previous {target} (is it open read-write "
                f"elsewhere?); nothing replaced: {reason}"
            )
            return 1

        _step("dbt build")
        typer.echo(f"写入新文件 / writing a new file: {workspace.database}")
        built = self._dbt(workspace, "build")
        if built != 0:
            _fail(
                f"dbt build 失败（退出码 {built}）：未检查、未记入 audit，{target} 与文档保持上一次"
                f"构建不变 / dbt build failed (exit {built}): nothing validated or recorded, "
                f"{target} and the docs are left as the previous build"
            )
            return built
        record_fingerprint(workspace.database, fingerprint, added=self.adding)

        _step("xxgk validate (Great Expectations)")
        validation = None
        validate_code = 0
        try:
            validation = run_validation(
                workspace.database,
                self.project.expectations_dir,
                workspace.new_gx_docs,
                write_results=False,
                batch_rows=self.batch_rows,
                scratch_dir=workspace.scratch,
            )
            validation.docs_index = self.gx_docs / "index.html"  # where they will be
            print_summary(validation, target)
            validate_code = 1 if self.strict and validation.fails_strict else 0
        except Exception as error:
            _fail(f"GX 验证出错 / validation error: {error}")
            validate_code = 1
        if self.strict and validate_code:
            _fail(
                f"严格模式：GX 验证未通过，{target} 与文档保持上一次构建不变 / strict: validation "
                f"failed, {target} and the docs are left as the previous build"
            )
            return validate_code

        _step("audit")
        added = len(validation.outcomes) if validation else 0
        if validation:
            write_audit(workspace.database, validation.outcomes)
        typer.echo(
            f"audit：沿用上一版 {carried} 行，新增 {added} 行 / carried {carried} rows from the "
            f"previous file, added {added}"
        )

        _step("dbt docs generate --static")
        docs_code = self._dbt(workspace, "docs", "generate", "--static")
        if docs_code != 0:
            _fail(
                f"dbt docs generate 失败（退出码 {docs_code}），dbt 文档未更新 / failed (exit "
                f"{docs_code}): the dbt docs are not updated"
            )

        _step("审阅网站 / review site")
        site = render_new_site(workspace.database, workspace.site, workspace.new_site)
        site_code = 0 if site is not None else 1

        _step("替换 / replace")
        seal_database(workspace.database)
        # a crashed writer's log beside the old file must not be replayed into the new one
        wal_path(target).unlink(missing_ok=True)
        replace_file(workspace.database, target)
        self.replaced = True
        typer.echo(f"已替换 / replaced: {target}")
        publish_dbt_target(workspace.dbt_target, self.project.target_dir)
        if validation is not None:
            publish_docs(workspace.new_gx_docs, self.gx_docs)
        if site is not None:
            swap_dir(workspace.new_site, workspace.site)

        _step("结果 / where things are")
        typer.echo(f"DuckDB 文件 / file:        {target}")
        typer.echo(f"dbt 文档 / dbt docs:       {_location(self.project.dbt_docs_index)}")
        typer.echo(f"GX Data Docs:              {_location(self.gx_docs / 'index.html')}")
        typer.echo(f"审阅网站 / review site:    {_location(workspace.site / 'index.html')}")
        return next((code for code in (validate_code, docs_code, site_code) if code), 0)


def build(
    project: Project,
    gx_docs: Path,
    *,
    strict: bool = False,
    raw_dir: Path | None = None,
    wait: float = 0,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    on_wait: Callable[[str | None], None] | None = None,
    add_reports: bool = False,
) -> int:
    """Build, validate and document `project.duckdb_path` atomically; return the exit code.

    Raises BuildLockBusyError when another build holds the lock past `wait` seconds. SIGTERM,
    SIGHUP and Ctrl-C remove the temporary files and say what was left in place.
    """
    lock = acquire(lock_path(project.duckdb_path), wait, on_wait=on_wait)
    job = AtomicBuild(project, gx_docs, strict, raw_dir, lock, batch_rows, add_reports)
    try:
        with lock, _exit_on_termination():
            return job.run(Workspace(project, gx_docs, os.getpid()))
    except (_Terminated, KeyboardInterrupt) as stop:
        target = project.duckdb_path
        zh, en = (
            ("数据库已替换，文档可能未更新", "the database was replaced, the docs may not be")
            if job.replaced
            else (f"{target} 与文档保持上一次构建不变", f"{target} and the docs are left as before")
        )
        _fail(
            f"构建已中止，临时文件已删除；{zh} / build interrupted, temporary files removed; {en}"
        )
        return stop.code if isinstance(stop, _Terminated) and isinstance(stop.code, int) else 130


def _location(path: Path) -> str:
    return path.as_uri() if path.exists() else f"{path} (未生成 / not generated)"
