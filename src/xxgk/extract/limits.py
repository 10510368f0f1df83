"""Input limits of `xxgk extract` — 输入限制.

One file must never stall or exhaust a corpus run. Each limit has a default, an option of
`xxgk extract` and an environment variable; a file over a limit is rejected with a reason that
names the limit, its value and how to change it (one line in the log, the run goes on):

| limit | default | option | environment |
|---|---|---|---|
| file size | 50 MB | `--max-file-mb` | `XXGK_MAX_FILE_MB` |
| PDF pages | 300 | `--max-pages` | `XXGK_MAX_PDF_PAGES` |
| DOCX, decompressed | 200 MB | `--max-docx-mb` | `XXGK_MAX_DOCX_MB` |
| HTML nesting depth | 200 | `--max-html-depth` | `XXGK_MAX_HTML_DEPTH` |
| time per file | 60 s | `--timeout` | `XXGK_EXTRACT_TIMEOUT` |
| memory per worker | 2000 MB | `--max-memory-mb` | `XXGK_MAX_WORKER_MB` |

The HTML parser (libxml2) stops at a depth of 255 elements whatever the limit says, so the
depth limit is at most 250; a page nested deeper is rejected, never read in part. The memory
limit is the address space of each worker process (`RLIMIT_AS`): a file that needs more is
rejected with that reason and the worker goes on (or, if a library dies of it, is restarted).
每项限制都有默认值、命令行选项和环境变量；超限的文件被拒绝，原因写明限制、取值及修改方法。
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

MB = 1_000_000
HTML_PARSER_DEPTH = 255  # libxml2's own limit without XML_PARSE_HUGE
MAX_HTML_DEPTH = 250


class LimitExceeded(Exception):
    """A file over one of the limits. 文件超出限制。"""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Limits:
    """The limits one run applies to every file."""

    max_file_mb: float = 50.0
    max_pdf_pages: int = 300
    max_docx_mb: float = 200.0
    max_html_depth: int = 200
    timeout: float = 60.0
    max_worker_mb: float = 2000.0

    def __post_init__(self) -> None:
        if not 1 <= self.max_html_depth <= MAX_HTML_DEPTH:
            raise ValueError(f"max_html_depth: 1 to {MAX_HTML_DEPTH}, not {self.max_html_depth}")
        for name in ("max_file_mb", "max_pdf_pages", "max_docx_mb", "timeout", "max_worker_mb"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be above 0")

    def out_of_memory(self) -> LimitExceeded:
        return LimitExceeded(
            f"处理此文件所需内存超过每个工作进程的上限 {self.max_worker_mb:g} MB"
            "（--max-memory-mb / XXGK_MAX_WORKER_MB），已跳过",
            f"needed more memory than the limit of {self.max_worker_mb:g} MB per worker "
            "(--max-memory-mb / XXGK_MAX_WORKER_MB): skipped",
        )

    def apply_memory_limit(self) -> None:
        """Cap this process's address space (in a worker; never above the hard limit)."""
        import resource

        wanted = int(self.max_worker_mb * MB)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))

    def check_file_size(self, size: int) -> None:
        if size > self.max_file_mb * MB:
            raise LimitExceeded(
                f"文件大小 {size / MB:.1f} MB，超过上限 {self.max_file_mb:g} MB"
                "（--max-file-mb / XXGK_MAX_FILE_MB），未读取",
                f"file of {size / MB:.1f} MB, above the limit of {self.max_file_mb:g} MB "
                "(--max-file-mb / XXGK_MAX_FILE_MB): not read",
            )

    def check_pdf_pages(self, pages: int) -> None:
        if pages > self.max_pdf_pages:
            raise LimitExceeded(
                f"PDF 共 {pages} 页，超过上限 {self.max_pdf_pages} 页"
                "（--max-pages / XXGK_MAX_PDF_PAGES），未读取",
                f"PDF of {pages} pages, above the limit of {self.max_pdf_pages} "
                "(--max-pages / XXGK_MAX_PDF_PAGES): not read",
            )

    def check_docx(self, data: bytes) -> None:
        """The members' declared sizes, summed (Python's zipfile never inflates a member
        beyond its declared size, so this bounds what reading the document unpacks)."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, EOFError):
            return  # not a readable zip: the DOCX reader says so
        if total > self.max_docx_mb * MB:
            raise LimitExceeded(
                f"DOCX 解压后 {total / MB:.1f} MB（压缩包 {len(data) / MB:.2f} MB），超过上限 "
                f"{self.max_docx_mb:g} MB（--max-docx-mb / XXGK_MAX_DOCX_MB；疑为压缩炸弹），"
                "未读取",
                f"DOCX of {total / MB:.1f} MB decompressed ({len(data) / MB:.2f} MB packed), "
                f"above the limit of {self.max_docx_mb:g} MB "
                "(--max-docx-mb / XXGK_MAX_DOCX_MB; a zip bomb?): not read",
            )

    def check_html_depth(self, text: str) -> None:
        depth = html_depth(text)
        if depth > self.max_html_depth:
            shown = f"{depth}" if depth < HTML_PARSER_DEPTH else f"{HTML_PARSER_DEPTH} 以上"
            shown_en = f"{depth}" if depth < HTML_PARSER_DEPTH else f"over {HTML_PARSER_DEPTH}"
            raise LimitExceeded(
                f"HTML 元素嵌套 {shown} 层，超过上限 {self.max_html_depth} 层"
                "（--max-html-depth / XXGK_MAX_HTML_DEPTH），未读取",
                f"HTML elements nested {shown_en} deep, above the limit of "
                f"{self.max_html_depth} (--max-html-depth / XXGK_MAX_HTML_DEPTH): not read",
            )


def html_depth(text: str) -> int:
    """The deepest element nesting of the page as lxml parses it (linear in the page's size);
    HTML_PARSER_DEPTH when the parser itself stopped at its limit."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except MemoryError:
        raise
    except Exception:  # empty document: nothing nested
        return 0
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        return HTML_PARSER_DEPTH
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


ENVIRONMENT = {
    "max_file_mb": "XXGK_MAX_FILE_MB",
    "max_pdf_pages": "XXGK_MAX_PDF_PAGES",
    "max_docx_mb": "XXGK_MAX_DOCX_MB",
    "max_html_depth": "XXGK_MAX_HTML_DEPTH",
    "timeout": "XXGK_EXTRACT_TIMEOUT",
    "max_worker_mb": "XXGK_MAX_WORKER_MB",
}


def limits_from_environment(environ: dict[str, str] | None = None, **given: float | None) -> Limits:
    """Limits from the options given (not None), else the environment, else the defaults."""
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, float] = {}
    defaults = Limits()
    for name, variable in ENVIRONMENT.items():
        value = given.get(name)
        if value is None and environ.get(variable, "").strip():
            try:
                value = float(environ[variable])
            except ValueError:
                raise ValueError(f"{variable}={environ[variable]!r}: not a number") from None
        if value is None:
            value = getattr(defaults, name)
        values[name] = value
    return Limits(
        max_file_mb=values["max_file_mb"],
        max_pdf_pages=int(values["max_pdf_pages"]),
        max_docx_mb=values["max_docx_mb"],
        max_html_depth=int(values["max_html_depth"]),
        timeout=values["timeout"],
        max_worker_mb=values["max_worker_mb"],
    )
