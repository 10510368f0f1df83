"""Agency names matched to the registry: the normalisation, in Python and in SQL, and the
registry's names and aliases as `xxgk extract` reads them.

机关名称规范化（Python 与 SQL 两侧一致）以及抽取时读取登记表的全称与别名。
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import jinja2
import pytest
from dbt_harness import REPO

from xxgk.extract.agency_names import normalize_agency_name, registry_names, unregistered

pytestmark = pytest.mark.unit

NAMES = [
    "焦作市人民政府",
    "焦作市\u200b人民政府",  # zero-width space
    "焦作市\u200d人民政府\ufeff",  # zero-width joiner, BOM
    " 焦作市　人民政府\n",  # spaces, ideographic space, line break
    "焦作市人民政府\x07",  # a control character
    "ＸＸ局（ＸＸ办）",  # full-width letters and brackets
    "第１２３号\u2060",  # full-width digits, word joiner
    "\u200b",  # nothing left: NULL in SQL, "" in Python
]


def test_normalisation_removes_invisible_characters_and_folds_full_width() -> None:
    assert {normalize_agency_name(name) for name in NAMES[:5]} == {"焦作市人民政府"}
    assert normalize_agency_name("ＸＸ局（ＸＸ办）") == "XX局(XX办)"
    assert normalize_agency_name("第１２３号\u2060") == "第123号"
    assert normalize_agency_name("\u200b") == ""


class _DuckDBAdapter:
    """What dbt's `adapter.dispatch` does on DuckDB: the macro's duckdb__ form."""

    module: Any = None

    def dispatch(self, name: str) -> Any:
        return getattr(self.module, f"duckdb__{name}")


def _sql_macro() -> str:
    """The SQL the dbt macro writes on DuckDB for a column `name`."""
    source = (REPO / "macros" / "normalize_agency_name.sql").read_text(encoding="utf-8")
    adapter = _DuckDBAdapter()
    environment = jinja2.Environment()
    macros = environment.from_string(source, globals={"adapter": adapter}).module
    adapter.module = macros
    return str(macros.normalize_agency_name("name"))


def test_the_sql_macro_normalises_as_python_does() -> None:
    with duckdb.connect() as connection:
        connection.execute("create table names (position integer, name varchar)")
        connection.executemany("insert into names values (?, ?)", list(enumerate(NAMES)))
        rows = connection.execute(f"select {_sql_macro()} from names order by position").fetchall()
    assert [row[0] for row in rows] == [normalize_agency_name(name) or None for name in NAMES]


def test_registry_names_are_full_names_and_aliases_normalised(tmp_path: Path) -> None:
    registry = tmp_path / "agency_registry.csv"
    registry.write_text(
        "agency_id,agency_name,aliases\n"
        "hongze,淮安市洪泽区人民政府,洪泽区人民政府| 洪泽区政府 \n"
        "jiaozuo,焦作市\u200b人民政府,\n",
        encoding="utf-8",
    )
    known = registry_names(registry)
    assert known == {"淮安市洪泽区人民政府", "洪泽区人民政府", "洪泽区政府", "焦作市人民政府"}
    assert registry_names(tmp_path / "absent.csv") is None
    # printed names: matched after normalisation, unmatched ones proposed once each
    printed = ["洪泽区人民政府", "焦作市人民政府\u200b", "淮安市人民政府", "淮安市\u200b人民政府"]
    assert unregistered(printed, known) == ["淮安市人民政府"]


def test_the_committed_registry_knows_the_reference_agencies() -> None:
    known = registry_names(REPO / "seeds" / "registry" / "agency_registry.csv")
    assert known is not None
    assert {"西大街", "许衡办事处", "焦作市人民政府", "新华区焦店镇人民政府"} <= known
