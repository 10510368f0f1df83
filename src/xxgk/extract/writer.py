"""The raw files of `data/raw/README.md`, written as results stream in — 原始数据写出.

UTF-8, `\\n` line endings, Python csv quoting. `raw_reports`, `raw_cells` and
`raw_narrative_figures` are sorted by report_id (cells then by table, template row, template
column; figures by the seed's position), the log by report_id and then input order (the
CLI sorts its input by file name; unreadable files, without an id, first).

Results arrive in input order, not report_id order. Each result's rows are appended to spool
files at once and only a small index entry (report id, offsets, lengths in arrays) stays in
memory; `finish` sorts the index and copies the spans into the final files. `--format parquet`
converts the finished CSVs with DuckDB (every column VARCHAR, same rows, same order; an empty
field is NULL).
结果按输入顺序到达，逐份追加到临时文件，内存中只保留小索引；结束时按 report_id 排序拼接。
"""

from __future__ import annotations

import csv
import errno
import os
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from xxgk.extract.duplicates import Duplicates
from xxgk.extract.outcome import Outcome
from xxgk.extract.raw_format import (
    CELLS,
    CELLS_2019,
    COLUMNS,
    LOG,
    NARRATIVE,
    REGISTRY_COLUMNS,
    REPORTS,
    csv_text,
    file_name,
)
from xxgk.inert import spreadsheet_safe

_SPOOL = ".spool-"
# the tables a loaded report adds rows to, in the order of their spans in the index
_PER_REPORT = (REPORTS, CELLS, CELLS_2019, NARRATIVE)
_N = len(_PER_REPORT)


@dataclass
class _Spool:
    """An append-only file of byte spans."""

    path: Path
    handle: BinaryIO = field(init=False)
    size: int = 0

    def __post_init__(self) -> None:
        self.handle = self.path.open("wb")

    def add(self, text: str) -> tuple[int, int]:
        # a lone surrogate (a file name's non-UTF-8 byte) would stop the run: written as \udcff
        data = text.encode("utf-8", "backslashreplace")
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
        self._spools = {name: _Spool(directory / f"{_SPOOL}{name}") for name in (*_PER_REPORT, LOG)}
        # the index, in arrays (a few dozen bytes per file, not Python tuples of strings):
        # loaded reports: report id as a number, then the spans of each table of _PER_REPORT
        self._ids = array("Q")
        self._spans = array("q")
        # log lines: report id, span, agency-year group; files without an id (unreadable)
        # apart, they come first
        self._log_ids = array("Q")
        self._log = array("q")
        self._log_unread: list[tuple[int, int]] = []

    def add(self, outcome: Outcome, group: int = -1) -> None:
        """Spool one file's rows (call after `Duplicates.see`, which may reject it)."""
        if outcome.loaded:
            self._ids.append(int(outcome.report_id, 16))
            self._spans.extend(self._spools[REPORTS].add(csv_text([outcome.reports_row()])))
            self._spans.extend(self._spools[CELLS].add(outcome.cells_csv))
            self._spans.extend(self._spools[CELLS_2019].add(outcome.cells_2019_csv))
            self._spans.extend(self._spools[NARRATIVE].add(outcome.narrative_csv))
        log = self._spools[LOG].add(csv_text([outcome.log_row(self.cells_expected)]))
        if outcome.report_id:
            self._log_ids.append(int(outcome.report_id, 16))
            self._log.extend((*log, group))
        else:
            self._log_unread.append(log)

    def finish(self, duplicates: Duplicates | None = None) -> list[Path]:
        """Write the five files (notes of `duplicates` added to the log); return their paths.
        Sorted by report id; equal ids (the same bytes twice) keep the input order."""
        for spool in self._spools.values():
            spool.handle.close()
        order = sorted(range(len(self._ids)), key=self._ids.__getitem__)
        spans = self._spans

        def span(k: int) -> Iterable[tuple[int, int]]:
            return ((spans[2 * _N * i + 2 * k], spans[2 * _N * i + 2 * k + 1]) for i in order)

        written = [self._copy(table, span(k)) for k, table in enumerate(_PER_REPORT)]
        written.append(self._write_log(duplicates))
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
        log = self._log
        entries = [(start, length, -1) for start, length in self._log_unread]
        order = sorted(range(len(self._log_ids)), key=self._log_ids.__getitem__)
        entries_sorted = ((log[3 * i], log[3 * i + 1], log[3 * i + 2]) for i in order)
        try:
            with path.open("wb") as out:
                out.write(csv_text([COLUMNS[LOG]]).encode("utf-8"))
                for start, length, group in (*entries, *entries_sorted):
                    data = os.pread(source, length, start)
                    if duplicates is not None and duplicates.shared(group):
                        data = _with_note(data, duplicates, group)
                    out.write(data)
        finally:
            os.close(source)
        return path


def _with_note(line: bytes, duplicates: Duplicates, group: int) -> bytes:
    """The log line with the agency-year note added to both reasons (if its group has
    several reports)."""
    row = next(csv.reader([line.decode("utf-8")]))
    note = duplicates.note(group, row[0])
    if note is None:
        return line
    row[-2] = "；".join(filter(None, (row[-2], note[0])))
    row[-1] = "; ".join(filter(None, (row[-1], note[1])))
    return csv_text([row]).encode("utf-8")


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
    """Agencies missing from the registry, as registry rows to be completed by hand: the
    printed name (normalised) as the row's alias; the id, full name and the other columns are
    left empty on purpose: they are not guessed. People open this file in a spreadsheet: a name
    that would start a formula is neutralised (`spreadsheet_safe`; stg_registry__agencies
    removes the apostrophe again)."""
    alias = REGISTRY_COLUMNS.index("aliases")
    rows = [
        [spreadsheet_safe(agency) if i == alias else "" for i in range(len(REGISTRY_COLUMNS))]
        for agency in agencies
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(csv_text([REGISTRY_COLUMNS, *rows]))
