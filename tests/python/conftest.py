"""Shared fixtures: one real dbt build of the reference reports per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_harness import DbtProject

KINDS = ("unit", "dbt", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test is marked unit, dbt or browser (by its module's pytestmark); unit means no dbt."""
    wrong = []
    for item in items:
        kinds = {kind for kind in KINDS if item.get_closest_marker(kind)}
        if not kinds or ("unit" in kinds and len(kinds) > 1):
            wrong.append(f"{item.nodeid}: {sorted(kinds)}")
    if wrong:
        raise pytest.UsageError(
            "mark each test module with pytestmark = pytest.mark.unit, .dbt or .browser "
            "(unit alone):\n" + "\n".join(wrong)
        )


@pytest.fixture(scope="session")
def reference_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project as committed, built once with `dbt build` into its own DuckDB file."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("reference") / "project")
    run = project.build()
    assert run.returncode == 0, run.output
    return project


@pytest.fixture(scope="session")
def reference_artifacts(reference_project: DbtProject) -> Path:
    """target/ of the reference build after `dbt docs generate`: manifest.json and catalog.json."""
    run = reference_project.dbt("docs", "generate")
    assert run.returncode == 0, run.output
    return reference_project.root / "target"


@pytest.fixture(scope="session")
def truth_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "truth"
