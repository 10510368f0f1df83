"""Duplicates, found by grouping in one pass (O(n)) — 重复报告（一次遍历分组）.

Files arrive in input order (sorted by name). The same bytes twice: the later file is
rejected, naming the first. The same agency and year in k loaded files: all are kept, and at
the end each one's log line gets one short note — how many there are and one other file —
never the list of all the others (10,000 files of one agency-year would otherwise make a log
of hundreds of megabytes).
同一内容：后出现的文件不载入并指明首个文件；同一机关同一年度 k 份：均保留，日志只加一句简短说明。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.extract.outcome import Outcome

NOTES_SHOWN = 50


@dataclass
class _Group:
    agency: str
    year: str
    count: int = 0
    first: str = ""
    second: str = ""


@dataclass
class Duplicates:
    _first_by_sha: dict[bytes, str] = field(default_factory=dict)
    _groups: dict[tuple[str, str], int] = field(default_factory=dict)
    _group_list: list[_Group] = field(default_factory=list)
    same_bytes: int = 0
    same_bytes_notes: list[str] = field(default_factory=list)

    def see(self, outcome: Outcome) -> int:
        """Reject `outcome` if its bytes were seen before; return its agency-year group
        (−1 when it has none: rejected, or no agency or year in its title)."""
        if outcome.sha256:
            digest = bytes.fromhex(outcome.sha256)
            first = self._first_by_sha.get(digest)
            if first is None:
                self._first_by_sha[digest] = outcome.source_file
            else:
                outcome.reject(
                    f"与 {first} 内容完全相同（同一文件重复），不重复载入",
                    f"same bytes as {first} (the same file twice): not loaded again",
                    "duplicate",
                )
                self.same_bytes += 1
                if len(self.same_bytes_notes) < NOTES_SHOWN:
                    self.same_bytes_notes.append(
                        f"{outcome.source_file} = {first} (same file / 同一文件)"
                    )
        if not outcome.loaded or not outcome.title_agency or not outcome.report_year:
            return -1
        key = (outcome.title_agency, outcome.report_year)
        index = self._groups.get(key)
        if index is None:
            index = self._groups[key] = len(self._group_list)
            self._group_list.append(_Group(*key))
        group = self._group_list[index]
        group.count += 1
        if group.count == 1:
            group.first = outcome.source_file
        elif group.count == 2:
            group.second = outcome.source_file
        return index

    def shared(self, group: int) -> bool:
        """Whether `group` has several reports."""
        return group >= 0 and self._group_list[group].count > 1

    def note(self, group: int, source_file: str) -> tuple[str, str] | None:
        """The log note (zh, en) of a file in `group`, or None when it is alone."""
        if group < 0:
            return None
        g = self._group_list[group]
        if g.count < 2:
            return None
        other = g.second if source_file == g.first else g.first
        more_zh = " 等" if g.count > 2 else ""
        more_en = " and others" if g.count > 2 else ""
        return (
            f"同一机关同一年度共 {g.count} 份报告（另见 {other}{more_zh}），均保留，未合并",
            f"{g.count} reports of this agency and year (also {other}{more_en}): "
            "each kept, not merged",
        )

    def agencies(self) -> list[str]:
        """Agencies of the loaded reports, sorted."""
        return sorted({agency for agency, _ in self._groups})

    def group_notes(self) -> tuple[int, list[str]]:
        """How many agency-years have several reports, and the first few of them."""
        shared = [g for g in self._group_list if g.count > 1]
        notes = [
            f"{g.agency} {g.year}: {g.count} reports, first {g.first} (all kept / 均保留)"
            for g in sorted(shared, key=lambda g: (g.agency, g.year))[:NOTES_SHOWN]
        ]
        return len(shared), notes
