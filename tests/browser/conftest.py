"""Playwright driving Debian's Chromium, with an axe-core audit of every page visited."""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
import urllib.parse
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


WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
VIEWPORTS = {"1280": WIDE, "320": NARROW}


def _page(chromium, live_server, viewport: dict[str, int]) -> Iterator:
    context = chromium.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page(chromium, live_server):
    yield from _page(chromium, live_server, WIDE)


@pytest.fixture
def narrow_page(chromium, live_server):
    yield from _page(chromium, live_server, NARROW)


@pytest.fixture(params=list(VIEWPORTS), ids=[f"{width}px" for width in VIEWPORTS])
def journey_page(request, chromium, live_server):
    """A journey runs on a desktop screen (1280x800) and on a small phone (320x640)."""
    yield from _page(chromium, live_server, VIEWPORTS[request.param])


def path(page) -> str:
    """Where the browser is, without the query: after signing in, say."""
    return urllib.parse.urlsplit(page.url).path


def narrow(page) -> bool:
    return page.viewport_size["width"] <= NARROW["width"]


def fits(page) -> None:
    """Nothing pushes the page sideways: WCAG 1.4.10 reflow."""
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        wide = page.evaluate(
            "w => [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > w)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)",
            width,
        )
        raise AssertionError(f"{page.url} scrolls sideways at {width}px: {scroll}px, {wide}")


@pytest.fixture
def no_js_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False,
                                   viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def date_group(page, legend: str):
    """A GOV.UK date input: Day, Month and Year boxes in a fieldset named by its legend."""
    return page.locator("fieldset").filter(has=page.locator("legend", has_text=legend))


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = date_group(page, legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def shown_date(page, legend: str) -> datetime.date:
    """The date a GOV.UK date input shows."""
    group = date_group(page, legend)
    day, month, year = (
        int(group.get_by_label(box).input_value()) for box in ("Day", "Month", "Year")
    )
    return datetime.date(year, month, day)


@functools.cache
def axe_source() -> str:
    return AXE_SOURCE.read_text()


class Audit:
    """Counts what the accessibility audits saw in this run, for the summary at the end."""

    pages = 0
    violations = 0


def audit(page, name: str, javascript: bool = True, screenshot: bool = True,
          rules: list[str] | None = None) -> None:
    """Screenshot the page and assert axe-core finds no WCAG 2.2 AA violations.

    A page open with JavaScript turned off cannot run axe itself: its HTML is audited in a
    second tab, served at the same origin so that the same stylesheet applies.
    """
    if screenshot:
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
        target.evaluate(axe_source())
        result = target.evaluate(
            # Only the violations are reported: axe skips writing up what passed.
            "async ([type, values]) => await axe.run(document, "
            "{runOnly: {type, values}, resultTypes: ['violations']})",
            ["rule", rules] if rules else ["tag", AXE_TAGS],
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
