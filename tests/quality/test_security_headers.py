"""Every page carries the security headers production sends, and no template needs inline code."""

import re
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse

from tests.conftest import ROOT
from tests.quality.authz_expectations import entry_for as expectation_for
from tests.quality.urlwalk import RoleClients, first_role_with, walked_urls

HSTS_SECONDS = 31536000
# Templates of pages served under the CSP, from the project's templates folder and any the
# portal's own apps keep beside their code. Email bodies are not served under it: mail clients
# ignore stylesheets, so their styles are inline by necessity (and they carry no script).
TEMPLATES = sorted(
    path
    for path in [*(ROOT / "templates").rglob("*.html"),
                 *(path for app in ("goodwork", "jobs", "employers", "residents")
                   for path in (ROOT / app / "templates").rglob("*.html"))]
    if "email" not in path.parts
)


@pytest.fixture
def production_security(settings):
    # The test overlay turns these off so plain-HTTP test clients keep their cookies.
    settings.SECURE_HSTS_SECONDS = HSTS_SECONDS
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    assert headers.get("Strict-Transport-Security") == \
        f"max-age={HSTS_SECONDS}; includeSubDomains; preload", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", where
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert headers.get("Cross-Origin-Resource-Policy") == "same-origin", where
    permissions = headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, f"{where}: Permissions-Policy lacks {feature}"
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    assert csp.get("default-src") == ["'self'"], where
    assert csp.get("frame-ancestors") == ["'none'"], where
    assert csp.get("object-src") == ["'none'"], where
    for directive in ("script-src", "style-src"):
        assert directive in csp, f"{where}: no {directive}"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(csp[directive]), \
            f"{where}: {directive} {csp[directive]}"
    for morsel in SimpleCookie(headers.get("Set-Cookie", "")).values():
        assert morsel["secure"], f"{where}: cookie {morsel.key} is not Secure"
        assert morsel["samesite"] in ("Lax", "Strict"), f"{where}: cookie {morsel.key} SameSite"
    for cookie in response.cookies.values():
        assert cookie["secure"] and cookie["httponly"], f"{where}: cookie {cookie.key}"
        assert cookie["samesite"] in ("Lax", "Strict"), f"{where}: cookie {cookie.key}"


def _role_that_reads(entry) -> str:
    return first_role_with(entry, "GET", 200) or "anonymous"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", walked_urls())
def test_every_page_sends_the_security_headers(url_name, request, production_security):
    entry = expectation_for(url_name)
    if entry is None:
        pytest.skip("no authorisation entry yet: test_authorisation_matrix fails for it")
    roles = RoleClients(request)
    role = _role_that_reads(entry) if "GET" in entry.methods else "anonymous"
    method = "GET" if "GET" in entry.methods else "POST"
    url = roles.url(url_name, entry)
    response = roles.send(roles.client(role), method, url, entry, secure=True)
    where = f"{method} {url_name} as {role} ({response.status_code})"
    assert_security_headers(response, where)
    if role != "anonymous" and response.status_code == 200:
        assert "no-store" in response.get("Cache-Control", ""), f"{where}: cacheable"


@pytest.mark.django_db
def test_public_pages_stay_cacheable_for_visitors(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


@pytest.mark.django_db
def test_signed_in_pages_are_kept_out_of_shared_caches(client, resident):
    client.force_login(resident.user)
    cache_control = client.get(reverse("home")).get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control


@pytest.mark.django_db
def test_error_pages_send_the_security_headers(client, production_security):
    assert_security_headers(client.get("/no-such-page/", secure=True), "404 page")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(
    client, user, production_security
):
    from tests.goodwork.core.factories import PASSWORD

    client.get(reverse("account_login"), secure=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD},
                           secure=True)
    assert response.status_code == 302
    assert {"sessionid", "csrftoken"} <= set(response.cookies)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>",
                           re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_CODE = {
    "an inline <script>": INLINE_SCRIPT,
    "a <style> block": STYLE_BLOCK,
    "a style attribute": STYLE_ATTRIBUTE,
    "an inline event handler": EVENT_HANDLER,
    "a javascript: URL": JAVASCRIPT_URL,
}


def inline_code(html: str) -> list[str]:
    return [f"{what}: {match.group(0)[:80]}" for what, pattern in INLINE_CODE.items()
            for match in pattern.finditer(html)]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(template):
    # The CSP forbids them: the browser would ignore them, so the page would silently break.
    found = inline_code(template.read_text())
    assert not found, f"{template.relative_to(ROOT)}: " + "; ".join(found)


@pytest.mark.parametrize("html, expected", [
    ("<script>alert(1)</script>", 1),
    ('<script type="module" src="/static/js/app.js"></script>', 0),
    ('<script type="application/ld+json">{}</script>', 0),
    ('<p style="color:red">', 1),
    ("<style>p{}</style>", 1),
    ('<a href="#" onclick="go()">', 1),
    ('<a href="javascript:go()">', 1),
    ('<p class="govuk-body">Stylish, on time</p>', 0),
])
def test_inline_code_detection(html, expected):
    assert len(inline_code(html)) == expected
