"""Helpers for the extraction tests: truth, filled DOCX/HTML fixtures, varied text reports.

抽取测试辅助：真值读取、按模板填写的 DOCX/HTML 样例、改数字的文本报告。
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

from xxgk.extract.outcome import Outcome
from xxgk.extract.template import Template, load_template

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = ROOT / "data" / "reports" / "reference"
REAL_DIR = ROOT / "data" / "reports" / "real"
TRUTH_DIR = ROOT / "tests" / "data" / "truth"
RAW_DIR = ROOT / "data" / "raw"
RAW_FILES = (
    "raw_reports.csv",
    "raw_cells.csv",
    "raw_table2_2019.csv",
    "raw_narrative_figures.csv",
    "raw_extraction_log.csv",
)

Cells = dict[tuple[str, str, str], str]  # (table, row, column) -> cell_text


def template() -> Template:
    return load_template(ROOT / "seeds" / "reference" / "template_codes.csv")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def truth_cells() -> dict[str, Cells]:
    """source_file -> cells, from tests/data/truth (key and value columns as the table level
    of the template, seeds/reference/template_tables.csv, names them)."""
    truth_files = {
        "t2": "table2_active_disclosure.csv",
        "t3": "table3_requests.csv",
        "t4": "table4_review_litigation.csv",
    }
    out: dict[str, Cells] = {}
    for level in read_csv(ROOT / "seeds" / "reference" / "template_tables.csv"):
        table = level["table_code"]
        row_key, column_key, value = level["row_key"], level["column_key"], level["value_column"]
        for rec in read_csv(TRUTH_DIR / truth_files[table]):
            cells = out.setdefault(rec["source_file"], {})
            cells[(table, rec[row_key], rec[column_key])] = rec[value]
    return out


def extracted_cells(out_dir: Path) -> dict[str, dict[tuple[str, str, str], dict[str, str]]]:
    """source_file -> (table,row,col) -> the written cell row (of raw_cells.csv)."""
    reports = {r["report_id"]: r["source_file"] for r in read_csv(out_dir / "raw_reports.csv")}
    result: dict[str, dict[tuple[str, str, str], dict[str, str]]] = {}
    for rec in read_csv(out_dir / "raw_cells.csv"):
        key = (rec["table_code"], rec["row_code"], rec["column_code"])
        cells = result.setdefault(reports[rec["report_id"]], {})
        assert key not in cells, (rec["report_id"], key)
        cells[key] = rec
    return result


def log_by_file(out_dir: Path) -> dict[str, dict[str, str]]:
    return {r["source_file"]: r for r in read_csv(out_dir / "raw_extraction_log.csv")}


def all_keys() -> list[tuple[str, str, str]]:
    tpl = template()
    return [
        (t, row.code, col) for t in ("t2", "t3", "t4") for row in tpl.rows(t) for col in row.columns
    ]


def random_cells(seed: int) -> Cells:
    rnd = random.Random(seed)
    cells: Cells = {}
    for key in all_keys():
        if key[2] == "amount_10k_yuan":
            cells[key] = f"{rnd.randint(0, 99999)}.{rnd.randint(0, 9999):04d}"
        else:
            cells[key] = str(rnd.choice([0, 0, 1, 2, 7, 13, 250, 4096]))
    return cells


def fill_docx(
    path: Path, cells: Cells, title: str = "测试县人民政府2024年政府信息公开工作年度报告"
) -> None:
    """Fill the blank Word template of the 2021 format with `cells`."""
    import docx

    tpl = template()
    document = docx.Document(str(REAL_DIR / "template_2021_format.docx"))
    document.paragraphs[0].text = title

    def unique(row):
        seen, out = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                out.append(cell)
        return out

    t2_rows = {
        "regulation": 2,
        "normative_document": 3,
        "administrative_license": 6,
        "administrative_penalty": 9,
        "administrative_coercion": 10,
        "administrative_fee": 13,
    }
    for row in tpl.t2:
        targets = unique(document.tables[0].rows[t2_rows[row.code]])[1:]
        for cell, col in zip(targets, row.columns, strict=False):
            cell.text = cells[("t2", row.code, col)]
    for i, row in enumerate(tpl.t3):
        targets = unique(document.tables[1].rows[3 + i])[-7:]
        for cell, col in zip(targets, row.columns, strict=True):
            cell.text = cells[("t3", row.code, col)]
    targets = unique(document.tables[2].rows[3])
    values = [cells[("t4", r.code, c)] for r in tpl.t4 for c in r.columns]
    for cell, value in zip(targets, values, strict=True):
        cell.text = value
    document.save(str(path))


def html_report(cells: Cells, title: str = "示例市人民政府2024年政府信息公开工作年度报告") -> str:
    """An HTML page with the three tables (rowspan/colspan headers as on government sites)."""
    tpl = template()
    t2 = "".join(
        f"<tr><td>{row.label}</td>"
        + "".join(f"<td>{cells[('t2', row.code, c)]}</td>" for c in row.columns)
        + "</tr>"
        for row in tpl.t2
    )
    t3 = "".join(
        f"<tr><td colspan='3'>{row.label}</td>"
        + "".join(f"<td>{cells[('t3', row.code, c)]}</td>" for c in row.columns)
        + "</tr>"
        for row in tpl.t3
    )
    t4 = "".join(f"<td>{cells[('t4', r.code, c)]}</td>" for r in tpl.t4 for c in r.columns)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>一、总体情况</p><p>本年度共收到申请 3 件。</p>"
        "<p>二、主动公开政府信息情况</p>"
        "<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        f"{t2}</table><p>三、收到和处理政府信息公开申请情况</p>"
        "<table><tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，"
        "等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td>"
        "<td rowspan='2'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
        f"{t3}</table><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>"
        "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
        "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>"
        f"<tr>{t4}</tr></table><p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    )


def huaian_truth() -> dict[tuple[str, str, str], str]:
    """The table cells of huaian_shi_2024.pdf-cells.tsv, read independently of the extractor:
    rows whose trailing fields are numbers, in order: 6 rows of table 二, 25 of 三, 1 of 四."""
    tpl = template()
    numeric_rows: list[list[str]] = []
    for line in (
        (REAL_DIR / "huaian_shi_2024.pdf-cells.tsv").read_text(encoding="utf-8").splitlines()
    ):
        fields = line.split("\t", 1)[1].split("|")
        values = [f for f in fields if f.strip()]
        tail = []
        for f in reversed(values):
            try:
                Decimal(f)
            except ArithmeticError:
                break
            tail.insert(0, f)
        if tail:
            numeric_rows.append(tail)
    assert len(numeric_rows) == 6 + 25 + 1
    cells: dict[tuple[str, str, str], str] = {}
    for row, values in zip(tpl.t2, numeric_rows[:6], strict=True):
        for col, v in zip(row.columns, values, strict=True):
            cells[("t2", row.code, col)] = v
    for row, values in zip(tpl.t3, numeric_rows[6:31], strict=True):
        for col, v in zip(row.columns, values, strict=True):
            cells[("t3", row.code, col)] = v
    flat = iter(numeric_rows[31])
    for row in tpl.t4:
        for col in row.columns:
            cells[("t4", row.code, col)] = next(flat)
    return cells


# --- work functions for the tests of the pool wrapper (run inside the worker processes) ----


def sleepy_work(path: Path) -> Outcome:
    """The real extractor, except that a file named slow* sleeps first, inside the time
    limit (a sleep the worker's timer interrupts)."""
    import time

    from xxgk.extract import pool

    def slow(p: Path, data: bytes, sha: str) -> Outcome:
        time.sleep(30)
        return pool._extract(p, data, sha)

    return pool.extract_path(path, slow if path.name.startswith("slow") else pool._extract)


def stuck_work(path: Path):
    """A file named stuck* hangs where the worker's timer cannot reach it (SIGALRM blocked),
    as inside C code; the others are extracted for real."""
    import signal
    import time

    from xxgk.extract.pool import extract_path

    if path.name.startswith("stuck"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return extract_path(path)


def crash_work(path: Path) -> Outcome:
    """A file named crash* kills its worker process (as a segfault in a PDF library would)."""
    import os
    import signal

    from xxgk.extract.pool import extract_path

    if path.name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_path(path)
