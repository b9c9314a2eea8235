"""Pages do not move under the reader when the script starts (Cumulative Layout Shift).

On a phone, GOV.UK Frontend's script folds the service navigation behind its "Menu" button. The
page is drawn folded from the start (static/js/supported.js marks <html> before the first
paint), so where the content sits does not depend on when app.js runs."""

from __future__ import annotations

import os

import pytest

from bench.layout_shift import VIEWPORT, measure
from tests.jobs.factories import LiveVacancyFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(chromium):
    return chromium


def pages() -> list[str]:
    vacancy = LiveVacancyFactory()
    return ["/", "/jobs/", vacancy.get_absolute_url()]


def heading_top(browser, url: str, *, with_app_js: bool) -> float:
    context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    page = context.new_page()
    if not with_app_js:
        page.route("**/js/app.js", lambda route: route.abort())
    page.goto(url)
    if with_app_js:
        page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    top = page.locator("main h1").first.bounding_box()["y"]
    context.close()
    return top


def test_the_page_is_drawn_where_the_script_leaves_it_on_a_phone(browser, live_server):
    for path in pages():
        url = live_server.url + path
        before = heading_top(browser, url, with_app_js=False)
        after = heading_top(browser, url, with_app_js=True)
        assert before == after, path


def test_layout_shift_on_a_phone_is_within_the_good_threshold(browser, live_server):
    for path in pages():
        result = measure(browser, live_server.url + path, None)
        assert result["cls"] <= 0.1, (path, result["shifts"])
