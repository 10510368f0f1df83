"""The code is clean: ruff check and format, mypy --strict on src/, sqlfluff — run from the hooks
of .pre-commit-config.yaml, so that the tests and pre-commit run the same commands.

代码检查：与 pre-commit 相同的命令（ruff、ruff format、mypy --strict、sqlfluff）。
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from dbt_harness import REPO

pytestmark = pytest.mark.unit

# hooks run elsewhere: test_generated_files.py, and test_dbt_bouncer.py on the session's build
ELSEWHERE = {"generated-files", "dbt-bouncer"}
VENV_BIN = Path(sys.executable).parent
# sqlfluff takes about half a minute of one core, most of the unit loop's time: it starts when
# collection ends (conftest.py) and lints while the other tests run. sqlfluff 在后台先行启动。
BACKGROUND = {"sqlfluff"}
_started: dict[str, subprocess.Popen[str]] = {}


def _hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def _command(entry: str) -> list[str]:
    """The hook's command with `.venv/bin/` meaning this interpreter's environment."""
    words = shlex.split(entry)
    if words[0].startswith(".venv/bin/"):
        words[0] = str(VENV_BIN / Path(words[0]).name)
    return words


def test_the_hooks_are_the_checks_the_project_promises() -> None:
    ids = {hook["id"] for hook in _hooks()}
    assert {"ruff", "ruff-format", "mypy", "sqlfluff"} | ELSEWHERE <= ids
    for hook in _hooks():  # offline, with the locked versions: the project's venv
        assert hook["language"] == "system", hook["id"]
        first = hook["entry"].split()[0]
        assert first.startswith(".venv/bin/") or first == "bash", hook["id"]


@pytest.mark.parametrize(
    "hook", [hook for hook in _hooks() if hook["id"] not in ELSEWHERE], ids=lambda hook: hook["id"]
)
def test_hook_passes(hook: dict[str, Any]) -> None:
    process = _started.pop(hook["id"], None) or _start(hook)
    output, _ = process.communicate()
    assert process.returncode == 0, output


def _start(hook: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _command(hook["entry"]),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def start_in_background(hook: dict[str, Any]) -> None:
    """Called by conftest.py when collection ends, for each selected hook: a BACKGROUND hook
    starts at once, and test_hook_passes waits for it."""
    if hook["id"] in BACKGROUND and hook["id"] not in _started:
        _started[hook["id"]] = _start(hook)


def stop_background() -> None:
    for process in _started.values():
        process.kill()
        process.wait()
    _started.clear()
