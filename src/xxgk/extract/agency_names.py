"""Agency names as the registry matches them — 机关名称规范化与登记表匹配.

A printed agency name matches a registry row when, after normalisation, it equals the row's
full name or one of its aliases (`aliases`, separated by `|`). Normalisation is Unicode NFKC
(full-width letters, digits and brackets become ASCII: `（` → `(`) followed by the removal of
whitespace, control characters (Cc) and invisible format characters (Cf: zero-width space and
joiners, direction marks, BOM), so that `焦作市\u200b人民政府` is 焦作市人民政府 and not a new
agency. The dbt models apply the same rule (macros/normalize_agency_name.sql).
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

ALIAS_SEPARATOR = "|"


def normalize_agency_name(name: str) -> str:
    """The name NFKC-normalised, without whitespace, control or format characters."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(
        char
        for char in folded
        if not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")
    )


def registry_names(path: Path) -> set[str] | None:
    """Every normalised name the registry knows (full names and aliases); None without one."""
    if not path.is_file():
        return None
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            printed = [row.get("agency_name") or ""]
            printed += (row.get("aliases") or "").split(ALIAS_SEPARATOR)
            names |= {normalize_agency_name(name) for name in printed if name.strip()}
    return names


def unregistered(agencies: list[str], known: set[str]) -> list[str]:
    """The printed names that match no registry name, normalised, each once, in input order."""
    missing: dict[str, None] = {}
    for agency in agencies:
        name = normalize_agency_name(agency)
        if name and name not in known:
            missing.setdefault(name)
    return list(missing)
