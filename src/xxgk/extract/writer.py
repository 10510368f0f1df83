"""The raw files of `data/raw/README.md`, written as results stream in — 原始数据写出.

UTF-8, `\\n` line endings, Python csv quoting. `raw_reports`, `raw_cells` and
`raw_narrative_figures` are sorted by report_id (cells then by table, template row, template
column; figures by the seed's position), the log by report_id, source file and status.

Results arrive in input order, not report_id order. Each result's rows are appended to spool
files at once and only a small index entry (sort key, offset, length) stays in memory; `finish`
sorts the index and copies the spans into the final files. `--format parquet` converts the
finished CSVs with DuckDB (every column VARCHAR, same rows, same order; an empty field is NULL).
结果按输入顺序到达，逐份追加到临时文件，内存中只保留小索引；结束时按 report_id 排序拼接。
"""

from __future__ import annotations

import csv
import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from xxgk.extract.duplicates import Duplicates
from xxgk.extract.outcome import Outcome
from xxgk.extract.raw_format import (
    CELLS,
    COLUMNS,
    LOG,
    NARRATIVE,
    REGISTRY_COLUMNS,
    REPORTS,
    csv_text,
    file_name,
)

_SPOOL = ".spool-"


@dataclass
class _Spool:
    """An append-only file of byte spans."""

    path: Path
    handle: BinaryIO = field(init=False)
    size: int = 0

    def __post_init__(self) -> None:
        self.handle = self.path.open("wb")

    def add(self, text: str) -> tuple[int, int]:
        data = text.encode("utf-8")
        self.handle.write(data)
        start = self.size
        self.size += len(data)
        return start, len(data)


class RawWriter:
    """Collects outcomes (any order) and writes the sorted raw files into `directory`."""

    def __init__(self, directory: Path, cells_expected: int, fmt: str = "csv") -> None:
        self.directory = directory
        self.cells_expected = cells_expected
        self.fmt = fmt
        directory.mkdir(parents=True, exist_ok=True)
        self._spools = {
            name: _Spool(directory / f"{_SPOOL}{name}") for name in (REPORTS, CELLS, NARRATIVE, LOG)
        }
        # (report_id, reports span, cells span, narrative span) of every loaded report
        self._loaded: list[tuple[str, int, int, int, int, int, int]] = []
        # (report_id, source_file, status, log span, agency-year group)
        self._log: list[tuple[str, str, str, int, int, int]] = []

    def add(self, outcome: Outcome, group: int = -1) -> None:
        """Spool one file's rows (call after `Duplicates.see`, which may reject it)."""
        if outcome.loaded:
            rep = self._spools[REPORTS].add(csv_text([outcome.reports_row()]))
            cel = self._spools[CELLS].add(outcome.cells_csv)
            nar = self._spools[NARRATIVE].add(outcome.narrative_csv)
            self._loaded.append((outcome.report_id, *rep, *cel, *nar))
        log = self._spools[LOG].add(csv_text([outcome.log_row(self.cells_expected)]))
        self._log.append((outcome.report_id, outcome.source_file, outcome.status, *log, group))

    def finish(self, duplicates: Duplicates | None = None) -> list[Path]:
        """Write the four files (notes of `duplicates` added to the log); return their paths."""
        for spool in self._spools.values():
            spool.handle.close()
        self._loaded.sort(key=lambda entry: entry[0])
        self._log.sort(key=lambda entry: entry[:3])
        written = [
            self._copy(REPORTS, ((e[1], e[2]) for e in self._loaded)),
            self._copy(CELLS, ((e[3], e[4]) for e in self._loaded)),
            self._copy(NARRATIVE, ((e[5], e[6]) for e in self._loaded)),
            self._write_log(duplicates),
        ]
        for spool in self._spools.values():
            spool.path.unlink()
        if self.fmt == "parquet":
            written = [to_parquet(path) for path in written]
        return written

    def _copy(self, table: str, spans: Iterable[tuple[int, int]]) -> Path:
        path = self.directory / file_name(table, "csv")
        source = os.open(self._spools[table].path, os.O_RDONLY)
        try:
            with path.open("wb") as out:
                out.write(csv_text([COLUMNS[table]]).encode("utf-8"))
                for start, length in spans:
                    if length:
                        out.write(os.pread(source, length, start))
        finally:
            os.close(source)
        return path

    def _write_log(self, duplicates: Duplicates | None) -> Path:
        path = self.directory / file_name(LOG, "csv")
        source = os.open(self._spools[LOG].path, os.O_RDONLY)
        try:
            with path.open("wb") as out:
                out.write(csv_text([COLUMNS[LOG]]).encode("utf-8"))
                for _, source_file, _, start, length, group in self._log:
                    data = os.pread(source, length, start)
                    note = duplicates.note(group, source_file) if duplicates else None
                    if note is not None:
                        row = next(csv.reader([data.decode("utf-8")]))
                        row[-2] = "；".join(filter(None, (row[-2], note[0])))
                        row[-1] = "; ".join(filter(None, (row[-1], note[1])))
                        data = csv_text([row]).encode("utf-8")
                    out.write(data)
        finally:
            os.close(source)
        return path


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def to_parquet(csv_path: Path) -> Path:
    """The CSV as Parquet beside it (the CSV removed): all columns VARCHAR, rows in order."""
    import duckdb

    table = csv_path.stem
    columns = "{" + ", ".join(f"{_sql_string(c)}: 'VARCHAR'" for c in COLUMNS[table]) + "}"
    target = csv_path.with_suffix(".parquet")
    con = duckdb.connect()
    try:
        con.execute("set preserve_insertion_order = true")
        con.execute(
            f"copy (select * from read_csv({_sql_string(str(csv_path))}, header = true,"
            f" auto_detect = false, delim = ',', quote = '\"', escape = '\"',"
            f" columns = {columns})) to {_sql_string(str(target))} (format parquet)"
        )
    except duckdb.Error as err:  # e.g. a full disk: reported like any other write error
        raise OSError(errno.EIO, f"Parquet: {err}", str(target)) from err
    finally:
        con.close()
    csv_path.unlink()
    return target


def write_registry_proposals(path: Path, agencies: list[str]) -> None:
    """Agencies missing from the registry, as registry rows to be completed by hand (the
    other columns are left empty on purpose: they are not guessed)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_text([REGISTRY_COLUMNS, *([a, "", "", "", "", ""] for a in agencies)]))
