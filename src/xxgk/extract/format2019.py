"""The 2019 trial format (国办公开办函〔2019〕60号) — 2019 试行格式.

Reports for 2019 and 2020 (and some later ones) use the trial template. Against the 2021
template (国办公开办函〔2021〕30号):

- table 三: the same 25 rows and 7 columns except （六）其他处理, which is **one row** with cells
  of its own in 2019 (the 2021 template splits it into 1. 逾期不补正, 2. 逾期未缴费, 3. 其他).
  It maps onto the group code `other` (`FileResult.group_cells`), its three 2021 leaves are
  `grouped`; every other row maps onto its 2021 code unchanged;
- table 四: identical (15 cells);
- table 二: a different table — other columns and one more item — read here with its own codes
  (`TABLE2_2019`, read from `seeds/reference/template_2019_codes.csv`, the one home of these
  codes, which the models load too) into `FileResult.table2_2019`, never onto the 2021 codes:

  | item | columns |
  |---|---|
  | 第二十条第（一）项 规章, 规范性文件 | 本年新制作数量, 本年新公开数量, 对外公开总数量 |
  | 第（五）项 行政许可, 其他对外管理服务事项 | 上一年项目数量, 本年增/减, 处理决定数量 |
  | 第（六）项 行政处罚, 行政强制 | 上一年项目数量, 本年增/减, 处理决定数量 |
  | 第（八）项 行政事业性收费 | 上一年项目数量, 本年增/减 |
  | 第（九）项 政府集中采购 | 采购项目数量, 采购总金额 |

  本年增/减 is legitimately negative ("-18538"); 采购总金额 is an amount (decimals allowed,
  the unit as printed, e.g. "元", kept in the cell text).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.extract.cells import Cell, Line, tokenize
from xxgk.extract.glued import GluedReport
from xxgk.extract.results import Placed, fit
from xxgk.extract.rowlabels import label_runs
from xxgk.extract.segment import folded_section, numeric_tokens, ref_at, segment
from xxgk.extract.template import Row, find_labels, find_template_file, norm_label

TEMPLATE_VERSION = "2019"

SEED_FILE = "template_2019_codes.csv"  # beside template_codes.csv: the one home of these codes
_KIND = {"count": "int", "signed_count": "signed", "amount": "decimal"}


def _load_seed() -> tuple[
    dict[str, tuple[str, str, str]], dict[str, tuple[str, tuple[str, ...], str]]
]:
    path = find_template_file().with_name(SEED_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        records = sorted(csv.DictReader(handle), key=lambda r: int(r["position"]))
    metrics = {
        r["code"]: (r["label_zh"], _KIND[r["value_type"]], r["label_en"])
        for r in records
        if r["dimension"] == "t2_2019_metric"
    }
    items = {
        r["code"]: (r["label_zh"], tuple(r["cell_columns"].split("|")), r["label_en"])
        for r in records
        if r["dimension"] == "t2_2019_item"
    }
    return metrics, items


# metric code -> (label as printed, value kind: int | signed | decimal, English label);
# item code -> (label as printed, metric codes, English label): from the seed
METRICS_2019, TABLE2_2019 = _load_seed()


@lru_cache(maxsize=1)
def rows_2019() -> tuple[Row, ...]:
    return tuple(
        Row("t2_2019", code, i, label, metrics, (norm_label(label),))
        for i, (code, (label, metrics, _)) in enumerate(TABLE2_2019.items(), start=1)
    )


@dataclass
class Table2019:
    cells: dict[tuple[str, str], Placed] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # "t2_2019:item×metric"


def read_table2_2019(lines: list[Line], glued: bool, report: GluedReport) -> Table2019:
    """Table 二 of the 2019 format: rows by their label only; where the digits run together,
    a row is segmented only when one cut exists (no constraint relates its columns)."""
    rows = rows_2019()
    out = Table2019()
    runs = tokenize(lines)
    for run, lab in zip(runs, label_runs(runs, rows), strict=True):
        if lab.places and lab.row is not None:
            row = rows[lab.row]
            cells = fit(run, len(row.columns))
            if cells is not None and not any(k[0] == row.code for k in out.cells):
                for col, cell in zip(row.columns, cells, strict=True):
                    out.cells[(row.code, col)] = Placed(cell)
    if glued:
        folded, cuts, starts = folded_section(lines)
        hits = find_labels(folded, rows)
        for k, hit in enumerate(hits):
            row = rows[hit.row]
            if any(key[0] == row.code for key in out.cells):
                continue
            end = hits[k + 1].start if k + 1 < len(hits) else len(folded)
            tokens = numeric_tokens(folded, cuts, hit.end, end)
            if not tokens:
                continue
            ref = ref_at(starts, hit.end)
            seg = segment(tokens, [METRICS_2019[m][1] for m in row.columns], None, "")
            if seg.parts is None:
                report.notes_zh.append(f"{ref}：2019 格式表二“{row.label}”一行：{seg.zh}")
                report.notes_en.append(f"{ref}: 2019-format table 2 row {row.code}: {seg.en}")
                report.refused.setdefault("t2_2019", {})[row.code] = (ref, seg.zh, seg.en)
                continue
            where = f"{ref} (segmented: {seg.constraint})"
            for col, part in zip(row.columns, seg.parts, strict=True):
                out.cells[(row.code, col)] = Placed(Cell(part, "num", where), "inferred")
                report.segmented[f"t2_2019:{row.code}×{col}"] = seg.constraint
    for row in rows:
        for col in row.columns:
            if (row.code, col) not in out.cells:
                out.missing.append(f"t2_2019:{row.code}×{col}")
    return out


def seed_rows() -> list[dict[str, str]]:
    """The 2019 table 二 as rows of its codes seed (the shape of template_codes.csv), as this
    module reads them: items (t2_2019_item, with their metric columns) and metrics (t2_2019_metric,
    with their value type: count, signed_count, amount)."""
    value_type = {"int": "count", "signed": "signed_count", "decimal": "amount"}
    rows: list[dict[str, str]] = []
    for i, (code, (label, metrics, label_en)) in enumerate(TABLE2_2019.items(), start=1):
        rows.append(
            {
                "dimension": "t2_2019_item",
                "code": code,
                "position": str(i),
                "value_type": "",
                "cell_columns": "|".join(metrics),
                "label_zh": label,
                "label_en": label_en,
            }
        )
    for i, (code, (label, kind, label_en)) in enumerate(METRICS_2019.items(), start=1):
        rows.append(
            {
                "dimension": "t2_2019_metric",
                "code": code,
                "position": str(i),
                "value_type": value_type[kind],
                "cell_columns": "",
                "label_zh": label,
                "label_en": label_en,
            }
        )
    return rows
