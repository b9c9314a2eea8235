"""axe-core on every public page, with JavaScript on and off and at 320 pixels, and keyboard use."""

import pytest

from tests.browser.conftest import audit
from tests.jobs.factories import LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    ("home", "/"),
    ("search", "/jobs/"),
    ("job", None),  # a live vacancy's own page
    ("flexible-working", "/flexible-working/"),
    ("accessibility-statement", "/accessibility/"),
    ("privacy", "/privacy/"),
    ("sign-in", "/accounts/login/"),
    ("create-an-account", "/accounts/signup/"),
    ("reset-password", "/accounts/password/reset/"),
    ("not-found", "/no-such-page/"),
]

# Is the focused element's focus indicator visible? GOV.UK Frontend draws it with an outline
# (form controls, buttons) or a yellow background and a box-shadow underline (links).
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                  && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return {text: (el.textContent || el.name || el.id || el.tagName).trim().slice(0, 40),
          tag: el.tagName, visible: outline || shadow};
}"""


@pytest.fixture
def vacancy():
    return LiveVacancyFactory(title="Teaching assistant, term-time only")


@pytest.mark.parametrize("name, path", PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_public_page_is_accessible(name, path, vacancy, page, no_js_page, narrow_page):
    path = path or vacancy.get_absolute_url()
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text)
            if message.type == "error" and "404" not in message.text else None)
    page.goto(path)
    audit(page, f"{name}-js")
    # A CSP violation or an unknown Permissions-Policy feature shows up here.
    assert not console_errors, console_errors
    no_js_page.goto(path)
    audit(no_js_page, f"{name}-no-js", javascript=False)
    narrow_page.goto(path)
    # WCAG 1.4.10 reflow: nothing scrolls sideways at 320 CSS pixels.
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320, name
    audit(narrow_page, f"{name}-320")


def tab_to(page, predicate: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tabbing {limit} times never reached: {predicate}")


def test_failed_sign_in_moves_focus_to_the_error_summary_and_its_links_to_the_fields(page):
    page.goto("/accounts/login/")
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    audit(page, "sign-in-errors-js")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_login"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_login'")


def test_every_error_summary_link_points_at_a_field(no_js_page):
    no_js_page.goto("/accounts/signup/")
    no_js_page.get_by_role("button", name="Create an account").click()
    links = no_js_page.locator(".govuk-error-summary__list a")
    assert links.count() >= 4
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert no_js_page.locator(href).count() == 1, f"{href} targets no field"
    audit(no_js_page, "create-an-account-errors-no-js", javascript=False)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/jobs/"])
def test_focus_is_always_visible(page, vacancy, path):
    page.goto(path)
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused is None:
            break
        seen.append(focused)
    assert len(seen) >= 3, f"too few tab stops on {path}: {seen}"
    hidden = [f for f in seen if not f["visible"]]
    assert not hidden, f"focus is not visible on {path}: {hidden}"


def sign_in_browser(page, live_server, user) -> None:
    """Give the browser a session made by Django's test client, skipping the sign-in form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def test_admin_pages_run_under_the_content_security_policy(page, live_server, council_admin):
    # Django's admin is not the portal's markup, but council admins need it to work with the
    # strict policy: no inline script or style may be blocked.
    sign_in_browser(page, live_server, council_admin)
    errors = []
    # (The browser's own request for /favicon.ico is a 404 the admin does not care about.)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "404" not in message.text else None)
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and "favicon" not in response.url else None)
    for path in ["/admin/", "/admin/jobs/vacancy/", "/admin/jobs/vacancy/add/"]:
        response = page.goto(path)
        assert response.status == 200, path
    assert not errors, errors
