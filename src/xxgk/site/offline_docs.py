"""GX Data Docs that open with no network: CDN assets served from the docs directory.

GX Data Docs 离线化：页面引用的 CDN 静态文件改为 Data Docs 目录中的本地副本（随本包提供，见
`vendor/README.md`），GX 徽标改用 GX 自带的图片而不是带数据上下文编号的云端地址。

Great Expectations writes pages that load Bootstrap, jQuery, Vega, Font Awesome, … from public
CDNs and a logo from a cloud bucket whose URL carries the data context id. Without network the
pages render as bare text; with network every opening is reported to third parties. After GX
has written its site, `make_offline` copies the vendored files into `static/vendor/` of the
site and rewrites every page to reference them (relative paths, so the site works from the file
system and from any server). A remote asset this module does not know (a newer GX) is removed
from the page and reported, never left to load from the internet.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

VENDOR_DIR = Path(__file__).with_name("vendor")
VENDOR_PREFIX = ("static", "vendor")

# CDN address as GX's templates write it → file under vendor/
_JSDELIVR = "https://cdn.jsdelivr.net/npm/"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
_TABLE = "https://unpkg.com/bootstrap-table@"
_FILTER = "dist/extensions/filter-control/bootstrap-table-filter-control"
_LOCAL_FILTER = "bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control"
CDN_FILES: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap-4.3.1/css/bootstrap.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap-4.3.1/js/bootstrap.min.js"
    ),
    f"{_JSDELIVR}@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (
        "bootstrap-dark-1.1.0/css/bootstrap-prefers-dark.css"
    ),
    f"{_CDNJS}bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker-1.9.0/css/bootstrap-datepicker.min.css"
    ),
    f"{_CDNJS}bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker-1.9.0/js/bootstrap-datepicker.min.js"
    ),
    f"{_TABLE}1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table-1.19.1/bootstrap-table.min.css"
    ),
    f"{_TABLE}1.19.1/dist/bootstrap-table.min.js": "bootstrap-table-1.19.1/bootstrap-table.min.js",
    f"{_TABLE}1.19.0/{_FILTER}.min.css": f"{_LOCAL_FILTER}.min.css",
    f"{_TABLE}1.19.0/{_FILTER}.css": f"{_LOCAL_FILTER}.css",
    f"{_TABLE}1.19.1/{_FILTER}.min.js": f"{_LOCAL_FILTER}.min.js",
    f"{_CDNJS}font-awesome/6.6.0/css/all.min.css": "fontawesome-free-6.6.0/css/all.min.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    f"{_CDNJS}popper.js/1.12.9/umd/popper.min.js": "popper.js-1.12.9/umd/popper.min.js",
    f"{_JSDELIVR}vega@5": "vega-5.33.1/vega.min.js",
    f"{_JSDELIVR}vega-lite@5": "vega-lite-5.23.0/vega-lite.min.js",
    f"{_JSDELIVR}vega-embed@6": "vega-embed-6.29.0/vega-embed.min.js",
}

# GX's logo in its cloud bucket (the URL carries the data context id) → GX's own copy in static/
_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3[^\"'\s]*?/(?P<name>[\w.-]+\.(?:png|svg))[^\"'\s]*"
)
# integrity/crossorigin only make sense for the CDN copies (and block file:// loads)
_SRI = re.compile(r'\s+(?:integrity="[^"]*"|crossorigin="[^"]*")')
# any tag that would still make the browser fetch something remote
_REMOTE_ASSET = re.compile(
    r"<(?:script|img|iframe)\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)


@dataclass
class OfflineReport:
    """What `make_offline` did: pages rewritten and remote assets it had to drop."""

    pages: int = 0
    dropped: list[str] = field(default_factory=list)


def _relative(page: Path, root: Path, *parts: str) -> str:
    return Path(os.path.relpath(root.joinpath(*parts), page.parent)).as_posix()


def rewrite_page(text: str, page: Path, root: Path) -> tuple[str, list[str]]:
    """The page with every known CDN address replaced by the local copy; unknown remote
    assets removed (returned, so the caller can say so)."""
    for url, local in CDN_FILES.items():
        if url in text:
            text = text.replace(f'"{url}"', f'"{_relative(page, root, *VENDOR_PREFIX, local)}"')
    text = _LOGO.sub(lambda match: _relative(page, root, "static", "images", match["name"]), text)
    text = re.sub(
        r"<(?:script|link)\b[^>]*>",
        lambda match: _SRI.sub("", match.group(0)),
        text,
    )
    dropped = [match.group(0) for match in _REMOTE_ASSET.finditer(text)]
    if dropped:
        text = _REMOTE_ASSET.sub("", text)
    return text, dropped


def copy_vendor(root: Path) -> None:
    """Copy the vendored files (with their licences) into the site's static/vendor/."""
    destination = root.joinpath(*VENDOR_PREFIX)
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(VENDOR_DIR, destination)


def make_offline(docs_dir: Path) -> OfflineReport:
    """Make a GX Data Docs site load nothing from the network (see the module docstring)."""
    report = OfflineReport()
    copy_vendor(docs_dir)
    for page in sorted(docs_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new_text, dropped = rewrite_page(text, page, docs_dir)
        report.dropped.extend(f"{page.relative_to(docs_dir)}: {tag}" for tag in dropped)
        if new_text != text:
            page.write_text(new_text, encoding="utf-8")
        report.pages += 1
    return report
