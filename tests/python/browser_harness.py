"""Headless Chromium for the offline browser tests: every request recorded, the network blocked.

无头 Chromium：记录页面发出的每个请求，并阻断网络（域名一律解析失败，http(s) 请求一律中止）。
Pages are opened from the file system (file://), as a reviewer opens the generated sites. A test
asserts `remote_requests == []`: nothing tried to leave the machine. Fonts are read through the
Chrome DevTools Protocol (`CSS.getPlatformFontsForNode`): the font that really drew a node's
text, so Chinese drawn as empty boxes (no CJK font) cannot pass.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# no host name resolves: a request that slipped past the route below still cannot leave
RESOLVER_RULES = "MAP * ~NOTFOUND"
TIMEOUT_MS = 20_000
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = (
        f"{CHROMIUM} 不存在：apt-get install -y chromium / {CHROMIUM} missing: "
        "apt-get install -y chromium"
    )
    if os.environ.get("CI") or os.environ.get("XXGK_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def chromium(*, local_server: bool = False) -> Iterator[Any]:
    """The browser; local_server: pages come from an http server on 127.0.0.1, which then still
    connects (every host name still fails to resolve)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    rules = RESOLVER_RULES + (", EXCLUDE 127.0.0.1" if local_server else "")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"],
            headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OfflinePage:
    """A page with everything it asked for recorded."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def goto(self, path: Path, fragment: str = "") -> None:
        self.page.goto(path.resolve().as_uri() + fragment)

    def fonts(self, selector: str) -> list[tuple[str, int]]:
        """The fonts that drew the text of the first node matching `selector`."""
        session = self.page.context.new_cdp_session(self.page)
        try:
            session.send("DOM.enable")
            session.send("CSS.enable")
            root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            assert node["nodeId"], f"no node for {selector}"
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
        finally:
            session.detach()
        return [(font["familyName"], int(font["glyphCount"])) for font in fonts["fonts"]]


def open_offline(browser: Any) -> OfflinePage:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    recorded = OfflinePage(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        recorded.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(LOCAL_SCHEMES) else route.abort()
        ),
    )
    return recorded
