"""Where the project is, which DuckDB file it uses, and how dbt is run.

项目根目录、DuckDB 文件路径与 dbt 调用的共享工具。
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

DUCKDB_ENV = "XXGK_DUCKDB"
RAW_DIR_ENV = "XXGK_RAW_DIR"
PROJECT_ENV = "XXGK_PROJECT_DIR"
BATCH_ROWS_ENV = "XXGK_GX_BATCH_ROWS"
# rows per GX batch: GX holds a few copies of the frame; at 400,000 rows `xxgk validate` peaks
# at about 1.6 GB (1,000,000: 2.2 GB), for 4 % more time (scripts/bench_build.py, 50,000 reports)
DEFAULT_BATCH_ROWS = 400_000
DEFAULT_DUCKDB = "xxgk.duckdb"
# DuckDB's memory in `xxgk validate`: GX and the pandas batch need their own beside it, so the
# whole process stays near 2 GB. 校验时 DuckDB 的内存上限（GX 与 pandas 另需内存）。
VALIDATE_MEMORY_ENV = "XXGK_GX_MEMORY_LIMIT"
DEFAULT_VALIDATE_MEMORY = "1GB"
PROJECT_NAME = "xxgk"


class UsageError(Exception):
    """Input a command cannot work with, said in its message (the CLI: one line, exit 2).
    命令无法使用的输入；命令行显示一行并以状态 2 退出。"""


class ProjectNotFoundError(UsageError):
    """No dbt_project.yml of the xxgk project was found. 找不到 xxgk 项目。"""


def is_project_root(path: Path) -> bool:
    """Whether `path` holds the dbt_project.yml of the dbt project named xxgk."""
    marker = path / "dbt_project.yml"
    if not marker.is_file():
        return False
    try:
        config = yaml.safe_load(marker.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(config, dict) and config.get("name") == PROJECT_NAME


def find_project_root(start: Path | None = None) -> Path:
    """The project root: the nearest of `start` (or, when None, the current directory) and its
    parents holding the xxgk dbt_project.yml; with no `start`, else the checkout this package
    is installed from. (`--project-dir` / XXGK_PROJECT_DIR reach here as `start`, by typer.)
    """
    origin = (start or Path.cwd()).resolve()
    for candidate in (origin, *origin.parents):
        if is_project_root(candidate):
            return candidate
    source_checkout = Path(__file__).resolve().parents[2]
    if start is None and is_project_root(source_checkout):
        return source_checkout
    raise ProjectNotFoundError(
        f"在 {origin} 及其上级目录中找不到 xxgk 的 dbt_project.yml / "
        f"no xxgk dbt_project.yml in {origin} or its parents"
    )


def resolve_duckdb_path(root: Path, explicit: Path | str | None = None) -> Path:
    """The DuckDB file: `explicit` (the `--duckdb` option, or XXGK_DUCKDB by typer; relative to
    the current directory), else xxgk.duckdb in the project root. Always absolute.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    return (root / DEFAULT_DUCKDB).resolve()


@dataclass(frozen=True)
class Project:
    """The project root and the DuckDB file a command works on."""

    root: Path
    duckdb_path: Path

    @classmethod
    def locate(
        cls, project_dir: Path | str | None = None, duckdb: Path | str | None = None
    ) -> Project:
        root = find_project_root(Path(project_dir) if project_dir else None)
        return cls(root=root, duckdb_path=resolve_duckdb_path(root, duckdb))

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def expectations_dir(self) -> Path:
        return self.root / "expectations"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def gx_docs_dir(self) -> Path:
        return self.build_dir / "gx_docs"

    @property
    def target_dir(self) -> Path:
        return self.root / "target"

    @property
    def dbt_docs_index(self) -> Path:
        return self.target_dir / "static_index.html"


def dbt_executable() -> Path:
    """The dbt of the running interpreter's environment (the project's venv)."""
    candidate = Path(sys.executable).with_name("dbt")
    return candidate if candidate.exists() else Path("dbt")


def dbt_var_values(
    *, strict: bool = False, raw_dir: Path | None = None, add_reports: bool = False
) -> dict[str, object]:
    """The dbt vars of a build: strict mode, the raw corpus directory and whether the build adds
    reports to the previous database (macros/increments.sql)."""
    values: dict[str, object] = {}
    if strict:
        values["strict"] = True
    if raw_dir is not None:
        values["raw_dir"] = str(raw_dir)
    if add_reports:
        values["add_reports"] = True
    return values


def dbt_vars(
    *, strict: bool = False, raw_dir: Path | None = None, add_reports: bool = False
) -> list[str]:
    """`--vars` for dbt (dbt_var_values), written as JSON (valid YAML) so that any path —
    quotes, colons, backslashes, spaces — arrives intact."""
    values = dbt_var_values(strict=strict, raw_dir=raw_dir, add_reports=add_reports)
    return ["--vars", json.dumps(values)] if values else []


def run_dbt(
    project: Project,
    *args: str,
    capture: bool = False,
    duckdb_path: Path | None = None,
    target_path: Path | None = None,
    env: dict[str, str] | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` on the project with its profiles and DuckDB file.

    以项目自身的 profiles 与 DuckDB 文件运行 dbt。Output streams to the terminal unless
    `capture` is set. `duckdb_path` and `target_path` redirect the database file and dbt's
    target directory (xxgk build writes both privately); `pass_fds` are inherited by dbt (the
    build lock: held until dbt too has ended). dbt dies with this process (Linux).
    """
    from xxgk.atomic import dying_with_this_process

    child_env = {
        **os.environ,
        **(env or {}),
        DUCKDB_ENV: str(duckdb_path or project.duckdb_path),
        "DBT_PROFILES_DIR": str(project.profiles_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(dbt_executable()),
        *args,
        "--project-dir",
        str(project.root),
        "--profiles-dir",
        str(project.profiles_dir),
    ]
    if target_path is not None:
        command += ["--target-path", str(target_path)]
    return subprocess.run(
        dying_with_this_process(command),
        cwd=project.root,
        env=child_env,
        capture_output=capture,
        text=True,
        check=False,
        pass_fds=pass_fds,
    )


def validate_duckdb_config() -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB settings for the validation's read-only connection, from the environment."""
    return {
        "memory_limit": os.environ.get(VALIDATE_MEMORY_ENV) or DEFAULT_VALIDATE_MEMORY,
        "threads": os.environ.get("XXGK_THREADS") or "2",
    }
