"""Playwright driving Debian's Chromium, with an axe-core audit of every page visited."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (factories, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = ARTIFACTS / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: "
            "run `apt-get install -y chromium` "
            "(CI's .ci/run installs it).", pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def narrow_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def no_js_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False,
                                   viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class Audit:
    """Counts what the accessibility audits saw in this run, for the summary at the end."""

    pages = 0
    violations = 0


def audit(page, name: str, javascript: bool = True) -> None:
    """Screenshot the page and assert axe-core finds no WCAG 2.2 AA violations.

    A page open with JavaScript turned off cannot run axe itself: its HTML is audited in a
    second tab, served at the same origin so that the same stylesheet applies.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    page.screenshot(path=str(SCREENSHOTS / f"{safe}.png"), full_page=True)
    target, context = page, None
    if not javascript:
        html, origin = page.content(), re.match(r"https?://[^/]+", page.url).group(0)
        context = page.context.browser.new_context(viewport=page.viewport_size)
        target = context.new_page()
        target.route(
            f"{origin}/__audit__",
            lambda route: route.fulfill(body=html, content_type="text/html"),
        )
        target.goto(f"{origin}/__audit__")
    try:
        # Injected through the DevTools protocol, so the page's own CSP is left as it is.
        target.evaluate(AXE_SOURCE.read_text())
        result = target.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
    finally:
        if context is not None:
            context.close()
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    Audit.pages += 1
    Audit.violations += len(violations)
    assert not violations, f"{name}: {json.dumps(violations, indent=2)}"
