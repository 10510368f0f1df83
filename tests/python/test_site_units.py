"""The review site's parts that need no build: offline Data Docs rewriting, escaping, grouping.

无需构建的部分：Data Docs 离线改写、脚本中 JSON 的转义、整改清单的分组与公式防护。
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xxgk.site import offline_docs
from xxgk.site.rectify import NATIONAL, UNREGISTERED, RectifyRow, superior_office, write_workbook
from xxgk.site.render import script_json

pytestmark = pytest.mark.unit

GX_PAGE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js" integrity="sha384-x" crossorigin="anonymous"></script>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdn.example.invalid/analytics.js"></script>
</head><body>
<img class="NO-CACHE" src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1&dataContextId=abc" />
<a href="https://greatexpectations.io">Great Expectations</a>
</body></html>"""  # noqa: E501


def test_gx_pages_load_vendored_copies_and_nothing_remote(tmp_path: Path) -> None:
    page = tmp_path / "validations" / "suite" / "run" / "x.html"
    page.parent.mkdir(parents=True)
    text, dropped = offline_docs.rewrite_page(GX_PAGE, page, tmp_path)
    assert 'href="../../../static/vendor/bootstrap-4.3.1/css/bootstrap.min.css"' in text
    assert 'src="../../../static/vendor/popper.js-1.12.9/umd/popper.min.js"' in text
    assert "integrity" not in text and "crossorigin" not in text
    assert 'src="../../../static/vendor/vega-5.33.1/vega.min.js"' in text
    assert 'src="../../../static/images/logo-long.png"' in text  # GX's own copy, no context id
    assert "dataContextId" not in text and "amazonaws" not in text
    assert dropped == ['<script src="https://cdn.example.invalid/analytics.js"></script>']
    assert "analytics.js" not in text
    assert '<a href="https://greatexpectations.io">' in text  # a link is not a request


def test_every_vendored_file_is_there_with_its_licence() -> None:
    for local in offline_docs.CDN_FILES.values():
        assert (offline_docs.VENDOR_DIR / local).is_file(), local
    packages = {local.split("/")[0] for local in offline_docs.CDN_FILES.values()}
    for package in packages:
        licences = list((offline_docs.VENDOR_DIR / package).glob("LICENSE*"))
        assert licences, package
    readme = (offline_docs.VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    assert all(f"`{package}`" in readme for package in packages)


def test_make_offline_copies_the_vendor_directory(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(GX_PAGE, encoding="utf-8")
    report = offline_docs.make_offline(tmp_path)
    assert report.pages == 1 and len(report.dropped) == 1
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "static/vendor/jquery" not in text  # not referenced by this page
    assert (tmp_path / "static" / "vendor" / "jquery-3.7.1" / "jquery.min.js").is_file()


@pytest.mark.parametrize(
    "text",
    ["</script><script>alert(1)</script>", "<!--", "a\u2028b", "&lt;"],
)
def test_json_in_scripts_cannot_end_the_script(text: str) -> None:
    encoded = str(script_json({"agency": text}))
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded
    assert json.loads(encoded) == {"agency": text}


@pytest.mark.parametrize(
    ("level", "region", "office"),
    [
        ("township", ("河南省", "焦作市", "中站区"), "河南省焦作市中站区政务公开主管部门"),
        ("department", ("河南省", "焦作市", None), "河南省焦作市政务公开主管部门"),
        ("county", ("河南省", "焦作市", "中站区"), "河南省焦作市政务公开主管部门"),
        ("prefecture", ("河南省", "焦作市", None), "河南省政务公开主管部门"),
        ("province", ("河南省", None, None), NATIONAL),
        (None, (None, None, None), UNREGISTERED),
    ],
)
def test_superior_office(level: str | None, region: tuple, office: str) -> None:
    row = dict(zip(("province", "city", "county"), region, strict=True), agency_level=level)
    assert superior_office(row) == office


def test_workbook_never_turns_report_text_into_a_formula(tmp_path: Path) -> None:
    hostile = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]
    rows = [
        RectifyRow(text, 2023, "表", "格", "0", text, "说明", "line 1", "R", "error", "f", "", "")
        for text in hostile
    ]
    path = tmp_path / "book.xlsx"
    write_workbook(path, "t", rows)
    sheet = load_workbook(path)["整改清单"]
    cells = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert sorted(cell.value for cell in cells) == sorted(hostile)
    assert {cell.data_type for cell in cells} == {"s"}
