"""The two-factor pages, emails and messages speak in the portal's own words: none of allauth's
default wording ("Two-Factor Authentication", "Enter an authenticator code:") reaches a
person, and every form still posts what allauth's views need."""

import re
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from goodwork.core.mfa import session_used_mfa
from tests.conftest import _add_totp
from tests.goodwork.core.factories import PASSWORD, CouncilAdminFactory
from tests.goodwork.core.test_account_wording import (
    _TAGS,
    DEFAULTS,
    EMAIL_CONTEXT,
    OURS,
    _phrases_of,
    assert_portal_wording,
    request_for,
)
from tests.residents.factories import CoachFactory, ResidentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

CODE_HEADING = "Enter the 6-digit code from your authenticator app"


def _served(path: Path) -> bool:
    """Whether the portal's settings let allauth show or send this template."""
    relative = path.relative_to(DEFAULTS / "mfa")
    if "webauthn" in relative.name or relative.parts[0] == "webauthn":
        return "webauthn" in mfa_settings.SUPPORTED_TYPES
    if relative.name == "trust.html":
        return mfa_settings.TRUST_ENABLED
    # base_entrance.html and base_manage.html only point at the layouts, which carry no words.
    return relative.name not in ("base_entrance.html", "base_manage.html")


SERVED = sorted(
    str(path.relative_to(DEFAULTS)) for path in (DEFAULTS / "mfa").rglob("*.*") if _served(path)
)
EMAILS = sorted(
    name.removeprefix("mfa/email/").removesuffix("_subject.txt")
    for name in SERVED if name.endswith("_subject.txt")
)
MESSAGES = sorted(name for name in SERVED if name.startswith("mfa/messages/"))


def _mfa_wording() -> tuple[set[str], set[str], set[str]]:
    """allauth's two-factor wording: its sentences, its short Title Case headings ("Recovery
    Codes", "Sign In"), and its one-word buttons ("Activate", "Generate")."""
    phrases: set[str] = set()
    headings: set[str] = set()
    buttons: set[str] = set()
    for path in (DEFAULTS / "mfa").rglob("*.*"):
        source = path.read_text()
        phrases |= _phrases_of(source)
        for match in _TAGS.finditer(source):
            text = (match.group("one") or match.group("block")).strip().rstrip(":")
            if "{" in text:
                continue
            words = text.split()
            if len(words) == 1:
                buttons.add(text)
            elif all(word[0].isupper() for word in words if word[0].isalpha()):
                headings.add(text)
    # The account pages say "Cancel" too: it is plain English, not allauth's wording.
    buttons.discard("Cancel")
    return phrases, headings, buttons


MFA_PHRASES, MFA_HEADINGS, MFA_BUTTONS = _mfa_wording()
_MAIN = re.compile(r"<main\b.*?</main>", re.S)
_CONTROLS = re.compile(r"<(button|a)\b[^>]*>(.*?)</\1>", re.S)


def assert_mfa_wording(text: str, where: str) -> None:
    assert_portal_wording(text, where)
    flat = " ".join(text.split())
    assert MFA_PHRASES and MFA_HEADINGS and MFA_BUTTONS, "allauth's templates were not found"
    leaked = sorted(p for p in MFA_PHRASES | MFA_HEADINGS if p in flat)
    assert not leaked, f"{where} shows allauth's wording: {leaked}"
    main = _MAIN.search(text)
    for _, label in _CONTROLS.findall(main.group() if main else text):
        label = " ".join(re.sub(r"<[^>]+>", " ", label).split())
        assert label not in MFA_BUTTONS, f"{where} has allauth's button {label!r}"


def one_time_code(secret: str) -> str:
    """The current code, from a 30-second window that lasts until the form is posted."""
    if time.time() % 30 > 28:
        time.sleep(30 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "the page has no heading"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def error_summary(html: str) -> list[tuple[str, str]]:
    """(link, message) for each item in the GOV.UK error summary."""
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "the page shows no error summary"
    return re.findall(r'<li><a href="([^"]*)">(.*?)</a></li>', summary.group())


def sign_in_with_password(client, user):
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_authenticate")), response.url
    return client.get(response.url)


def confirm_with_code(client, response, secret: str):
    """From a page that asked for the person to confirm it is them, to the page they wanted."""
    assert response.status_code == 302
    page = client.get(response.url, follow=True)
    if page.request["PATH_INFO"] != reverse("mfa_reauthenticate"):
        # allauth asks for the password first; the page offers the code as another way.
        html = page.content.decode()
        link = re.search(r'href="(/accounts/2fa/reauthenticate/[^"]*)"', html)
        assert link, html
        assert "Use a code from your authenticator app or a recovery code" in html
        page = client.get(link.group(1).replace("&amp;", "&"))
    html = page.content.decode()
    assert h1(html) == "Confirm it is you"
    assert_mfa_wording(html, "mfa_reauthenticate")
    action = page.request["PATH_INFO"] + (
        f"?{page.request['QUERY_STRING']}" if page.request.get("QUERY_STRING") else ""
    )
    next_url = re.search(r'name="next" value="([^"]*)"', html)
    data = {"code": one_time_code(secret)}
    if next_url:
        data["next"] = next_url.group(1).replace("&amp;", "&")
    done = client.post(action, data)
    assert done.status_code == 302, done.content.decode()[:2000]
    return client.get(done.url)


# -- Every override is the portal's ------------------------------------------------------------


def test_only_allauth_templates_the_portal_can_serve_are_checked():
    assert "mfa/authenticate.html" in SERVED and "mfa/recovery_codes/download.txt" in SERVED
    assert not [name for name in SERVED if "webauthn" in name or "trust" in name]
    assert EMAILS == ["recovery_codes_generated", "totp_activated", "totp_deactivated"]


@pytest.mark.parametrize("name", SERVED)
def test_the_portal_overrides_each_two_factor_template(name):
    assert Path(get_template(name).origin.name).is_relative_to(OURS), name


@pytest.mark.parametrize("kind", EMAILS)
def test_each_two_factor_email_is_in_the_portals_words(kind):
    subject = render_to_string(f"mfa/email/{kind}_subject.txt", EMAIL_CONTEXT)
    body = render_to_string(f"mfa/email/{kind}_message.txt", EMAIL_CONTEXT, request_for())
    assert_mfa_wording(subject, f"{kind} subject")
    assert_mfa_wording(body, f"{kind} body")
    assert subject.strip() and "\n" not in subject.strip()
    assert subject.strip()[0].isupper() and not subject.strip().istitle()
    assert "Good Work Camden account" in body and EMAIL_CONTEXT["portal_url"] in body
    # Someone who did not make the change is told how to take the account back.
    assert EMAIL_CONTEXT["reset_password_url"] in body
    assert "on 2 March 2026 at 2:05pm" in body


@pytest.mark.parametrize("message", MESSAGES)
@pytest.mark.parametrize("show_once", [False, True])
def test_each_two_factor_message_is_in_the_portals_words(message, show_once):
    text = render_to_string(message, {"MFA_RECOVERY_CODES_SHOW_ONCE": show_once}).strip()
    assert text and text.endswith(".") and "\n" not in text
    assert_mfa_wording(text, message)


def test_recovery_codes_shown_once_are_said_to_be_shown_once():
    name = "mfa/messages/recovery_codes_generated.txt"
    assert "not be able to see them again" in render_to_string(
        name, {"MFA_RECOVERY_CODES_SHOW_ONCE": True})
    assert "again" not in render_to_string(name, {"MFA_RECOVERY_CODES_SHOW_ONCE": False})


# -- Signing in with a code --------------------------------------------------------------------


def test_a_coach_is_asked_for_the_code_in_plain_words(client):
    coach = CoachFactory().user
    secret = _add_totp(coach)
    page = sign_in_with_password(client, coach)
    html = page.content.decode()
    assert h1(html) == CODE_HEADING
    assert f"<title>{CODE_HEADING} – Good Work Camden</title>" in html
    assert 'name="code"' in html and 'autocomplete="one-time-code"' in html
    assert "I cannot use my authenticator app" in html
    assert_mfa_wording(html, "mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": one_time_code(secret)})
    assert response.url == reverse("coaching:caseload")
    assert session_used_mfa(response.wsgi_request)


def test_a_wrong_code_shows_the_error_summary(client):
    coach = CoachFactory().user
    _add_totp(coach)
    sign_in_with_password(client, coach)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000x"})
    assert response.status_code == 200
    html = response.content.decode()
    message = str(get_mfa_adapter().error_messages["incorrect_code"])
    assert message == "The code is not right. Check it and try again."
    assert error_summary(html) == [("#id_code", message)]
    assert re.search(r'<p id="id_code-error" class="govuk-error-message">.*?'
                     + re.escape(message), html)
    assert "govuk-input--error" in html
    assert f"<title>{CODE_HEADING} (error) – Good Work Camden</title>" in html
    assert h1(html) == CODE_HEADING
    assert_mfa_wording(html, "mfa_authenticate with an error")
    assert "_auth_user_id" not in client.session


def test_an_empty_code_shows_the_error_summary(client):
    officer = CouncilAdminFactory()
    _add_totp(officer)
    sign_in_with_password(client, officer)
    html = client.post(reverse("mfa_authenticate"), {"code": ""}).content.decode()
    ((link, _),) = error_summary(html)
    assert link == "#id_code"
    assert h1(html) == CODE_HEADING
    assert_mfa_wording(html, "mfa_authenticate with no code")


def test_a_recovery_code_signs_in_where_the_page_says_it_does(client):
    coach = CoachFactory().user
    _add_totp(coach)
    (code, *_) = RecoveryCodes.activate(coach).get_unused_codes()
    html = sign_in_with_password(client, coach).content.decode()
    assert "Enter one of your recovery codes in the box instead" in html
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.url == reverse("coaching:caseload")


def test_cancel_on_the_code_page_signs_the_person_out(client):
    coach = CoachFactory().user
    _add_totp(coach)
    html = sign_in_with_password(client, coach).content.decode()
    assert re.search(r'<button type="submit" form="logout-from-stage"[^>]*>Cancel</button>', html)
    response = client.post(reverse("account_logout"), {"next": reverse("account_login")})
    assert response.url == reverse("account_login")
    assert client.get(reverse("mfa_authenticate")).url.startswith(reverse("account_login"))


# -- Managing two-factor authentication, after signing in with both ----------------------------


def test_the_two_factor_page_of_a_coach_with_an_app_and_codes(client, mfa_login):
    coach = CoachFactory().user
    mfa_login(client, coach)
    codes = RecoveryCodes.activate(coach)
    codes.validate_code(codes.get_unused_codes()[0])
    html = client.get(reverse("mfa_index")).content.decode()
    assert h1(html) == "Two-factor authentication"
    assert "Your authenticator app is set up." in html
    assert "You have 9 of your 10 recovery codes left." in html
    for url_name, label in [
        ("mfa_deactivate_totp", "Remove your authenticator app"),
        ("mfa_view_recovery_codes", "See your recovery codes"),
        ("mfa_download_recovery_codes", "Download your recovery codes"),
        ("mfa_generate_recovery_codes", "Get new recovery codes"),
    ]:
        assert re.search(rf'<a href="{reverse(url_name)}"[^>]*>{label}</a>', html), label
    assert_mfa_wording(html, "mfa_index")


def test_the_two_factor_page_of_a_resident_without_an_app(client):
    resident = ResidentFactory().user
    client.force_login(resident)
    html = client.get(reverse("mfa_index")).content.decode()
    assert "You have not set up an authenticator app." in html
    assert "You get recovery codes when you set up an authenticator app." in html
    assert re.search(rf'<a href="{reverse("mfa_activate_totp")}"[^>]*>'
                     r"Set up an authenticator app</a>", html)
    assert reverse("mfa_generate_recovery_codes") not in html
    assert_mfa_wording(html, "mfa_index without an app")


def test_the_two_factor_page_when_every_recovery_code_is_used(client, mfa_login):
    coach = CoachFactory().user
    mfa_login(client, coach)
    codes = RecoveryCodes.activate(coach)
    for code in codes.get_unused_codes():
        codes.validate_code(code)
    html = client.get(reverse("mfa_index")).content.decode()
    assert "You have used all your recovery codes." in html
    assert f'href="{reverse("mfa_view_recovery_codes")}"' not in html
    assert f'href="{reverse("mfa_generate_recovery_codes")}"' in html


# allauth adds its message and sends its email once the change is committed, as here.
@pytest.mark.django_db(transaction=True)
def test_a_coach_sees_downloads_and_renews_their_recovery_codes(client, mfa_login, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    coach = CoachFactory().user
    secret = _add_totp(coach)
    mfa_login(client, coach)
    old_codes = RecoveryCodes.activate(coach).get_unused_codes()

    page = confirm_with_code(client, client.get(reverse("mfa_view_recovery_codes")), secret)
    html = page.content.decode()
    assert page.request["PATH_INFO"] == reverse("mfa_view_recovery_codes")
    assert h1(html) == "Your recovery codes"
    assert "You have 10 of your 10 recovery codes left." in html
    assert re.findall(r"<li>(\d+)</li>", html) == old_codes
    assert_mfa_wording(html, "mfa_view_recovery_codes")

    download = client.get(reverse("mfa_download_recovery_codes"))
    text = download.content.decode()
    assert download["Content-Type"].startswith("text/plain")
    assert text.startswith("Recovery codes for your Good Work Camden account\n")
    assert text.split("\n\n")[-1].split() == old_codes
    assert_mfa_wording(text, "recovery codes download")

    html = client.get(reverse("mfa_generate_recovery_codes")).content.decode()
    assert h1(html) == "Get new recovery codes"
    assert "including the 10 you have not used" in html
    assert_mfa_wording(html, "mfa_generate_recovery_codes")
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.url == reverse("mfa_view_recovery_codes")
    html = client.get(response.url).content.decode()
    new_codes = re.findall(r"<li>(\d+)</li>", html)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "Your new recovery codes are ready. Keep them somewhere safe." in html

    (email,) = mail.outbox
    assert email.subject == "Good Work Camden: You have new recovery codes"
    assert_mfa_wording(email.body, "recovery codes email")


@pytest.mark.django_db(transaction=True)
def test_a_resident_sets_up_an_authenticator_app(client, mfa_login, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    resident = ResidentFactory().user
    mfa_login(client, resident, with_mfa=False, with_authenticator=False)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.get(response.url)
    response = client.post(response.url, {"password": PASSWORD})
    assert response.url == reverse("mfa_activate_totp")

    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert h1(html) == "Set up an authenticator app"
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="QR code to scan with '
                     r'your authenticator app"', html)
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)</p>', html).group(1)
    assert_mfa_wording(html, "mfa_activate_totp")

    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    html = response.content.decode()
    assert error_summary(html) == [
        ("#id_code", str(get_mfa_adapter().error_messages["incorrect_code"]))
    ]
    assert h1(html) == "Set up an authenticator app"
    assert f'id="authenticator-secret">{secret}</p>' in html, "the key stays the same"
    assert_mfa_wording(html, "mfa_activate_totp with an error")

    response = client.post(reverse("mfa_activate_totp"), {"code": one_time_code(secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    html = client.get(response.url).content.decode()
    assert "Your authenticator app is set up." in html
    assert "Your new recovery codes are ready." in html
    assert len(re.findall(r"<li>(\d+)</li>", html)) == 10
    assert "Your authenticator app is set up." in client.get(reverse("mfa_index")).content.decode()

    (email,) = mail.outbox
    assert email.subject == "Good Work Camden: An authenticator app has been set up"
    assert_mfa_wording(email.body, "authenticator set up email")


def test_a_coach_removes_their_authenticator_app(client, mfa_login, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    coach = CoachFactory().user
    secret = _add_totp(coach)
    mfa_login(client, coach)
    page = confirm_with_code(client, client.get(reverse("mfa_deactivate_totp")), secret)
    html = page.content.decode()
    assert page.request["PATH_INFO"] == reverse("mfa_deactivate_totp")
    assert h1(html) == "Remove your authenticator app"
    assert "You will not be able to see residents' information" in html.replace("&#x27;", "'")
    assert_mfa_wording(html, "mfa_deactivate_totp")

    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.url == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=coach).exists()
    html = client.get(response.url).content.decode()
    assert "You have removed your authenticator app." in html
    assert "You have not set up an authenticator app." in html
    (email,) = mail.outbox
    assert email.subject == "Good Work Camden: Your authenticator app has been removed"
    assert_mfa_wording(email.body, "authenticator removed email")


def test_a_resident_removing_their_app_is_not_warned_about_residents_records(client, mfa_login):
    resident = ResidentFactory().user
    secret = _add_totp(resident)
    mfa_login(client, resident)
    page = confirm_with_code(client, client.get(reverse("mfa_deactivate_totp")), secret)
    html = page.content.decode()
    assert h1(html) == "Remove your authenticator app"
    assert "govuk-warning-text" not in html
