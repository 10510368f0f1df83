"""The command line's own behaviour: one entry point, options over environment variables, the
project found by its dbt_project.yml. No dbt build: each command is stopped before its work.

命令行本身：入口、选项与环境变量的优先级、项目根目录的查找。
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from dbt_harness import REPO
from typer.testing import CliRunner

from xxgk.cli import app
from xxgk.project import ProjectNotFoundError, dbt_vars, find_project_root

pytestmark = pytest.mark.unit

COMMANDS = ("build", "validate", "gx-suites", "extract")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_python_m_xxgk_is_the_same_command_line() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "xxgk", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
    for command in COMMANDS:
        assert command in completed.stdout
    assert "Usage: xxgk" in completed.stdout


def test_duckdb_option_wins_over_xxgk_duckdb(tmp_path: Path) -> None:
    by_env = tmp_path / "from env.duckdb"
    by_option = tmp_path / "from option.duckdb"
    env = {"XXGK_DUCKDB": str(by_env), "XXGK_PROJECT_DIR": str(REPO)}
    code, output = invoke("validate", env=env)
    assert code == 2
    assert f"DuckDB file {by_env} not found" in " ".join(output.split())
    code, output = invoke("validate", "--duckdb", str(by_option), env=env)
    assert code == 2
    assert f"DuckDB file {by_option} not found" in " ".join(output.split())
    assert str(by_env) not in output


def test_xxgk_duckdb_is_relative_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = invoke(
        "validate", env={"XXGK_DUCKDB": "rel/x.duckdb", "XXGK_PROJECT_DIR": str(REPO)}
    )
    assert code == 2
    assert f"DuckDB file {tmp_path.resolve() / 'rel' / 'x.duckdb'} not found" in " ".join(
        output.split()
    )


def test_default_duckdb_is_in_the_project_root(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text('name: "xxgk"\nversion: "1"\n', encoding="utf-8")
    code, output = invoke("validate", "--project-dir", str(root / "models"))
    assert code == 2
    assert f"DuckDB file {root.resolve() / 'xxgk.duckdb'} not found" in " ".join(output.split())


def test_a_project_dir_that_is_no_project_is_one_clear_line(tmp_path: Path) -> None:
    for args, env in (
        (("validate", "--project-dir", str(tmp_path)), None),
        (("build",), {"XXGK_PROJECT_DIR": str(tmp_path)}),
        (
            ("extract", str(REPO / "data" / "reports" / "reference"), "--out", str(tmp_path / "o")),
            {"XXGK_PROJECT_DIR": str(tmp_path)},
        ),
    ):
        code, output = invoke(*args, env=env)
        assert code == 2, output
        assert f"no xxgk dbt_project.yml in {tmp_path.resolve()}" in " ".join(output.split())
        assert "Traceback" not in output
    assert not (tmp_path / "o").exists()


def test_the_root_is_the_dbt_project_named_xxgk(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "models").mkdir(parents=True)
    # a project of another name, whose file mentions xxgk in a comment and a var
    (other / "dbt_project.yml").write_text(
        "# name: xxgk\nname: other\nvars:\n  name: xxgk\n", encoding="utf-8"
    )
    with pytest.raises(ProjectNotFoundError):
        find_project_root(other / "models")
    (tmp_path / "dbt_project.yml").write_text("name: 'xxgk'\n", encoding="utf-8")
    assert find_project_root(other / "models") == tmp_path.resolve()
    assert find_project_root(REPO / "models" / "marts") == REPO


def test_dbt_vars_are_json_that_yaml_reads_back() -> None:
    odd = Path("/data/raw 2024/it's: here")
    assert dbt_vars() == []
    assert yaml.safe_load(dbt_vars(strict=True)[1]) == {"strict": True}
    assert yaml.safe_load(dbt_vars(raw_dir=odd)[1]) == {"raw_dir": str(odd)}
