import pytest

from tests.browser.conftest import audit
from tests.jobs.factories import LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible_and_styled(page):
    LiveVacancyFactory(title="Teaching assistant")
    csp_errors = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto("/")
    assert page.title().startswith("Find good, flexible work in Camden")
    assert page.locator("h1").inner_text() == "Find good, flexible work in Camden"
    # GOV.UK Frontend's stylesheet loaded and its script ran (no inline script needed).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.govuk-heading-xl')).fontWeight")
        == "700"
    )
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    assert not csp_errors
    audit(page, "home")


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"


def test_sign_in_page_at_320_pixels(narrow_page):
    narrow_page.goto("/accounts/login/")
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320
    audit(narrow_page, "sign-in-320")


def test_sign_in_errors_without_javascript(no_js_page):
    no_js_page.goto("/accounts/login/")
    no_js_page.get_by_role("button", name="Sign In").click()
    assert no_js_page.locator(".govuk-error-summary").is_visible()
    audit(no_js_page, "sign-in-errors-no-js", javascript=False)
