"""Shared fixtures: the committed project built once per test session, and the seeded faults
built once (dbt_harness.py copies and builds; the fixtures here are the one cache).

The committed corpus data/raw holds the five reference reports and the real reports of
data/reports/real, whose real violations would fail a strict build: `reference_project` and
`broken_project` keep the reference reports only (the hand-checked truth and the seeded faults
are about them); `default_project` builds the corpus as committed, as `xxgk build` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_harness import DbtProject, keep_reference_reports
from seeded_faults import break_seeds

REGISTRY = Path("seeds") / "registry" / "agency_registry.csv"

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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the selected slow lint hooks now, so they run beside the other tests on a spare
    core instead of after them (test_style.py waits for them; see BACKGROUND there)."""
    for item in session.items:
        start = getattr(item.module, "start_in_background", None)
        callspec = getattr(item, "callspec", None)
        if start is not None and callspec is not None and "hook" in callspec.params:
            start(callspec.params["hook"])


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop a background hook whose test never ran (an interrupted or -x session)."""
    stopped: set[object] = set()
    for item in session.items:
        stop = getattr(item.module, "stop_background", None)
        if stop is not None and item.module not in stopped:
            stopped.add(item.module)
            stop()


@pytest.fixture(scope="session")
def reference_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project as committed with its corpus cut to the five reference reports, built once
    per session by `xxgk build --strict`: dbt build (strict), GX validation, dbt docs and Data
    Docs, into its own DuckDB file."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("reference") / "project")
    keep_reference_reports(project.raw_dir, project.root / REGISTRY)
    run = project.xxgk_build("--strict")
    assert run.returncode == 0, run.output
    return project


@pytest.fixture(scope="session")
def reference_artifacts(reference_project: DbtProject) -> Path:
    """target/ of the reference build (`dbt docs generate` ran in it): manifest.json and
    catalog.json."""
    target = reference_project.root / "target"
    assert (target / "manifest.json").is_file() and (target / "catalog.json").is_file()
    return target


@pytest.fixture(scope="session")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project with the two seeded faults of seeded_faults.py after a lenient `xxgk build`
    (XXGK_DUCKDB outside the copy). Tests read `build_run` for its outcome."""
    base = tmp_path_factory.mktemp("broken")
    project = DbtProject.copy_of_repo(base / "project", base / "elsewhere" / "broken.duckdb")
    keep_reference_reports(project.raw_dir, project.root / REGISTRY)
    break_seeds(project.root)
    project.xxgk_build()
    return project


@pytest.fixture(scope="session")
def default_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project exactly as committed (reference and real reports), built once per session
    by `dbt build` into its own DuckDB file: what a newcomer's first `xxgk build` shows."""
    project = DbtProject.copy_of_repo(tmp_path_factory.mktemp("default") / "project")
    run = project.build()
    assert run.returncode == 0, run.output
    return project


@pytest.fixture(scope="session")
def truth_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "truth"
