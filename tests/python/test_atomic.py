"""xxgk.atomic on real directories: the exchange, the leftovers of killed runs, and the output
directory replaced whole (`xxgk extract --out`; `xxgk build` uses the same names).

原子替换：目录交换、被中止的运行留下的临时目录、整体替换的输出目录。
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xxgk.atomic import atomic_directory, clean_stale, swap_dir

pytestmark = pytest.mark.unit


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_swap_dir_and_stale_leftovers(tmp_path: Path) -> None:
    destination = tmp_path / "docs"
    destination.mkdir()
    (destination / "index.html").write_text("old")
    new = tmp_path / ".docs.building-1"
    new.mkdir()
    (new / "index.html").write_text("new")
    swap_dir(new, destination)
    assert (destination / "index.html").read_text() == "new"
    assert not new.exists()

    dead = dead_pid()
    stale = tmp_path / f".docs.building-{dead}"
    stale.mkdir()
    live = tmp_path / f".docs.building-{os.getpid()}"
    live.mkdir()
    other = tmp_path / f".other.building-{dead}"
    other.mkdir()
    assert clean_stale(tmp_path, ("docs",)) == [stale]
    assert live.exists() and other.exists()


def test_an_old_version_comes_back_only_where_its_replacement_never_arrived(
    tmp_path: Path,
) -> None:
    dead = dead_pid()
    for name in ("kept", "lost"):
        old = tmp_path / f".{name}.old-{dead}"
        old.mkdir()
        (old / "f").write_text(f"previous {name}")
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "f").write_text("current kept")
    assert clean_stale(tmp_path) == [tmp_path / f".kept.old-{dead}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "lost"]
    assert (tmp_path / "kept" / "f").read_text() == "current kept"
    assert (tmp_path / "lost" / "f").read_text() == "previous lost"


def test_atomic_directory_replaces_whole_and_carries_foreign_files(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    out.mkdir()
    (out / "raw_cells.csv").write_text("old cells")
    (out / "README.md").write_text("notes")
    with atomic_directory(out, frozenset({"raw_cells.csv"})) as new:
        assert new == tmp_path / f".raw.building-{os.getpid()}"
        (new / "raw_cells.csv").write_text("new cells")
        assert (out / "raw_cells.csv").read_text() == "old cells"  # not yet
    assert {p.name: p.read_text() for p in out.iterdir()} == {
        "raw_cells.csv": "new cells",
        "README.md": "notes",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_atomic_directory_leaves_the_previous_output_on_error(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    out.mkdir()
    (out / "raw_cells.csv").write_text("old cells")
    with pytest.raises(OSError, match="disk full"), atomic_directory(out, frozenset()) as new:
        (new / "raw_cells.csv").write_text("half")
        raise OSError("disk full")
    assert {p.name: p.read_text() for p in out.iterdir()} == {"raw_cells.csv": "old cells"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_atomic_directory_below_a_file_is_not_a_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with (
        pytest.raises(NotADirectoryError) as caught,
        atomic_directory(blocker / "raw", frozenset()),
    ):
        pass
    assert caught.value.filename == str(blocker)


def test_under_the_lock_every_other_process_entry_goes(tmp_path: Path) -> None:
    """A caller holding the build lock removes leftovers whatever their pid (a killed build's
    pid may be a zombie or reused); its own entries stay."""
    alive = tmp_path / f".docs.building-{os.getppid()}"
    own = tmp_path / f".docs.building-{os.getpid()}"
    alive.mkdir()
    own.mkdir()
    assert clean_stale(tmp_path, ("docs",)) == []
    assert clean_stale(tmp_path, ("docs",), locked=True) == [alive]
    assert own.exists()
