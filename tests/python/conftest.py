"""Shared fixtures: one real dbt build of the reference reports per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_harness import DbtProject


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
