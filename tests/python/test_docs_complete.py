"""Every model, seed and column is described in Chinese and English: in dbt docs and in DuckDB.

Reviewers read the dbt docs site and analysts read the column comments in the DuckDB file
(persist_docs), so an undocumented column is a defect. The descriptions are checked after
`dbt docs generate`, against the columns the warehouse really has (target/catalog.json), with
doc() blocks already rendered (target/manifest.json).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbt_harness import DbtProject, read_csv

pytestmark = pytest.mark.dbt

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
WIDE = "model.xxgk.rpt_request_handling_wide"


@dataclass(frozen=True)
class Docs:
    catalog: dict[str, Any]
    manifest: dict[str, Any]

    def warehouse_nodes(self) -> dict[str, dict[str, Any]]:
        """Models and seeds as the warehouse has them (catalog), by unique id."""
        return {
            uid: node
            for uid, node in self.catalog["nodes"].items()
            if uid.startswith(("model.", "seed."))
        }

    def description(self, uid: str, column: str) -> str:
        node = self.manifest["nodes"][uid]
        columns = {name.lower(): col for name, col in node["columns"].items()}
        return (columns.get(column.lower()) or {}).get("description") or ""


def is_bilingual(text: str) -> bool:
    return bool(text.strip()) and bool(CJK.search(text)) and bool(LATIN.search(text))


@pytest.fixture(scope="module")
def docs(reference_artifacts: Path) -> Docs:
    target = reference_artifacts
    return Docs(
        catalog=json.loads((target / "catalog.json").read_text(encoding="utf-8")),
        manifest=json.loads((target / "manifest.json").read_text(encoding="utf-8")),
    )


def test_catalog_covers_every_model_and_seed(docs: Docs) -> None:
    expected = {
        uid
        for uid, node in docs.manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed")
        and node["package_name"] == "xxgk"
        and node["config"].get("materialized") != "ephemeral"
    }
    assert expected, "no models or seeds in the manifest"
    assert expected <= set(docs.warehouse_nodes()), sorted(expected - set(docs.warehouse_nodes()))


def test_every_column_is_described_in_chinese_and_english(docs: Docs) -> None:
    undocumented = [
        f"{uid}.{column}: {docs.description(uid, column)!r}"
        for uid, node in sorted(docs.warehouse_nodes().items())
        for column in node["columns"]
        if not is_bilingual(docs.description(uid, column))
    ]
    assert not undocumented, f"{len(undocumented)} columns undocumented:\n" + "\n".join(
        undocumented
    )


def test_every_model_and_seed_is_described_in_chinese_and_english(docs: Docs) -> None:
    undocumented = [
        f"{uid}: {node['description']!r}"
        for uid, node in sorted(docs.manifest["nodes"].items())
        if node["resource_type"] in ("model", "seed")
        and node["package_name"] == "xxgk"
        and not is_bilingual(node["description"])
    ]
    assert not undocumented, "\n".join(undocumented)


def test_wide_row_columns_carry_the_template_labels(
    docs: Docs, reference_project: DbtProject
) -> None:
    codes = read_csv(reference_project.root / "seeds" / "reference" / "template_codes.csv")
    rows = [c for c in codes if c["dimension"] == "t3_row" and c["has_cells"] == "yes"]
    assert len(rows) == 25
    columns = {name.lower() for name in docs.catalog["nodes"][WIDE]["columns"]}
    wrong = []
    for row in rows:
        if row["code"] not in columns:
            wrong.append(f"{row['code']}: no such column in rpt_request_handling_wide")
            continue
        description = docs.description(WIDE, row["code"])
        for label in (row["label_zh"], row["label_en"]):
            if label not in description:
                wrong.append(f"{row['code']}: {label!r} not in {description!r}")
    assert not wrong, "\n".join(wrong)


def test_marts_columns_have_comments_in_duckdb(reference_project: DbtProject) -> None:
    rows = reference_project.query(
        "select table_name, column_name, comment from duckdb_columns()"
        " where schema_name = 'marts' order by table_name, column_index"
    )
    assert rows, "no marts columns in the DuckDB file"
    uncommented = [
        f"marts.{table}.{column}: {comment!r}"
        for table, column, comment in rows
        if not is_bilingual(comment or "")
    ]
    assert not uncommented, f"{len(uncommented)} columns without a comment:\n" + "\n".join(
        uncommented
    )
