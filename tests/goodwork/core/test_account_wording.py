"""The account pages, emails and messages speak in the portal's own words: none of allauth's
default wording ("Hello from example.com!", "Please Confirm Your Email Address") reaches a
person."""

import datetime
import re
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core import mail
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.goodwork.core.factories import PASSWORD, UserFactory
from tests.residents.factories import CoachFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

DEFAULTS = Path(allauth.__file__).parent / "templates"
OURS = Path(settings.BASE_DIR) / "templates"

# What allauth can send or show with the portal's settings, besides the pages reached below.
EMAILS = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (DEFAULTS / "account" / "email").glob("*_subject.txt")
)
MESSAGES = sorted(path.name for path in (DEFAULTS / "account" / "messages").glob("*.txt"))
# Pages no URL of the portal's leads to without a sign-in in progress, rendered on their own.
TEMPLATES_ONLY = [
    "account/base_reauthenticate.html",
    "account/base_confirm_code.html",
    "account/confirm_login_code.html",
    "account/confirm_email_verification_code.html",
    "account/signup_closed.html",
    "account/verified_email_required.html",
    "account/snippets/already_logged_in.html",
    "account/snippets/warn_no_email.html",
]

_TAGS = re.compile(
    r"{%\s*(?:trans|translate)\s+\"(?P<one>[^\"]+)\"[^%]*%}"
    r"|{%\s*(?:blocktrans|blocktranslate)\b[^%]*%}(?P<block>.*?){%\s*end(?:blocktrans|blocktranslate)\s*%}",
    re.S,
)


def _phrases_of(source: str) -> set[str]:
    """The wording of a default template: each run of three or more words between its
    placeholders, as it would read on the page."""
    phrases = set()
    for match in _TAGS.finditer(source):
        text = match.group("one") or match.group("block")
        text = re.sub(r"<[^>]+>", " ", text)
        for part in re.split(r"{{[^}]*}}|[\n:]|(?<=[.!?])\s", text):
            words = part.split()
            if len(words) >= 3:
                phrases.add(" ".join(words))
    return phrases


def default_phrases() -> set[str]:
    phrases = set()
    for folder in ("account", "allauth"):
        for path in (DEFAULTS / folder).rglob("*.*"):
            phrases |= _phrases_of(path.read_text())
    return phrases


PHRASES = default_phrases()
GREETINGS = ("Hello from", "Thank you for using", "You're receiving")
# The Sites framework's default name and domain, as allauth's templates name the site.
SITE_DEFAULT = re.compile(r"(?<![@.\w])example\.com")


def assert_portal_wording(text: str, where: str) -> None:
    flat = " ".join(text.split())
    assert PHRASES, "allauth's templates were not found"
    leaked = sorted(p for p in PHRASES if p in flat)
    assert not leaked, f"{where} shows allauth's wording: {leaked}"
    for greeting in GREETINGS:
        assert greeting not in flat, f"{where}: {greeting}"
    assert not SITE_DEFAULT.search(flat), f"{where} names the site example.com"


def request_for(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


EMAIL_CONTEXT = {
    "email": "amina@example.com",
    "user": None,
    "activate_url": "https://goodwork.example/accounts/confirm-email/KEY/",
    "key": "KEY",
    "code": "",
    "password_reset_url": "https://goodwork.example/accounts/password/reset/key/1-KEY/",
    "signup_url": "https://goodwork.example/accounts/signup/",
    "login_url": "https://goodwork.example/accounts/login/",
    "reset_password_url": "https://goodwork.example/accounts/password/reset/",
    "portal_url": "https://goodwork.example/",
    "confirmation_days": 3,
    "timestamp": datetime.datetime(2026, 3, 2, 14, 5, tzinfo=datetime.UTC),
    "ip": "198.51.100.7",
    "user_agent": "Firefox",
    "from_email": "old@example.com",
    "to_email": "new@example.com",
    "deleted_email": "old@example.com",
    "current_site": type("Site", (), {"name": "example.com", "domain": "example.com"})(),
}


# -- Every override is the portal's ------------------------------------------------------------


@pytest.mark.parametrize("name", [
    *(f"account/email/{e}_{part}" for e in EMAILS for part in ("subject.txt", "message.txt")),
    *(f"account/messages/{m}" for m in MESSAGES),
    *TEMPLATES_ONLY,
    # Reached by the pages tested below, or only with codes turned on.
    "account/password_set.html",
    "account/confirm_password_reset_code.html",
])
def test_the_portal_overrides_each_template_allauth_would_use(name):
    assert Path(get_template(name).origin.name).is_relative_to(OURS), name


@pytest.mark.parametrize("kind", EMAILS)
@pytest.mark.parametrize("code", ["", "K7Q2MX"])
def test_each_email_is_in_the_portals_words(kind, code):
    context = {**EMAIL_CONTEXT, "code": code}
    subject = render_to_string(f"account/email/{kind}_subject.txt", context)
    body = render_to_string(f"account/email/{kind}_message.txt", context, request_for())
    assert_portal_wording(subject, f"{kind} subject")
    assert_portal_wording(body, f"{kind} body")
    assert subject.strip() and "\n" not in subject.strip()
    assert subject.strip()[0].isupper() and not subject.strip().istitle()
    assert "Good Work Camden" in body and EMAIL_CONTEXT["portal_url"] in body
    assert "&amp;" not in body and "&#x27;" not in body, "text emails are not HTML-escaped"
    if code:
        assert kind not in ("login_code", "password_reset_code") or code in body


@pytest.mark.parametrize("message", MESSAGES)
def test_each_message_is_in_the_portals_words(message):
    context = {"email": "amina@example.com", "user": UserFactory.build(),
               "recipient": "amina@example.com", "phone": "07700 900123"}
    text = render_to_string(f"account/messages/{message}", context).strip()
    assert text and text.endswith(".")
    assert_portal_wording(text, message)


@pytest.mark.parametrize("name", TEMPLATES_ONLY)
def test_each_page_template_is_in_the_portals_words(name):
    html = render_to_string(
        name, {"email": "amina@example.com", "can_resend": True, "can_change": False},
        request_for(),
    )
    assert_portal_wording(html, name)


# -- Through the pages and flows a person uses -------------------------------------------------

SIGNED_OUT_PAGES = [
    ("account_login", {}),
    ("account_signup", {}),
    ("account_reset_password", {}),
    ("account_reset_password_done", {}),
    ("account_reset_password_from_key", {"uidb36": "zz", "key": "not-a-key"}),
    ("account_reset_password_from_key_done", {}),
    ("account_email_verification_sent", {}),
    ("account_confirm_email", {"key": "not-a-key"}),
    ("account_inactive", {}),
]
SIGNED_IN_PAGES = [
    "account_email", "account_change_password", "account_logout", "account_reauthenticate",
]


@pytest.mark.parametrize("url_name, kwargs", SIGNED_OUT_PAGES)
def test_signed_out_account_pages_are_in_the_portals_words(client, url_name, kwargs):
    response = client.get(reverse(url_name, kwargs=kwargs), follow=True)
    assert response.status_code == 200
    assert_portal_wording(response.content.decode(), url_name)


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_are_in_the_portals_words(client, resident, url_name):
    client.force_login(resident.user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_portal_wording(response.content.decode(), url_name)


def test_choosing_a_first_password_is_in_the_portals_words(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.get(reverse("account_set_password"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>Choose a password</h1>", html)
    assert_portal_wording(html, "account_set_password")


def test_signup_closed_is_in_the_portals_words(client, monkeypatch):
    from goodwork.core.accounts import AccountAdapter

    monkeypatch.setattr(AccountAdapter, "is_open_for_signup", lambda self, request: False)
    html = client.get(reverse("account_signup")).content.decode()
    assert re.search(r"<h1[^>]*>You cannot create an account at the moment</h1>", html)
    assert_portal_wording(html, "signup closed")


def test_a_coach_confirming_it_is_them_sees_the_portals_words(client, mfa_login):
    coach = CoachFactory().user
    mfa_login(client, coach)
    html = client.get(reverse("mfa_reauthenticate")).content.decode()
    assert re.search(r"<h1[^>]*>Confirm it is you</h1>", html)
    for phrase in _phrases_of((DEFAULTS / "account" / "base_reauthenticate.html").read_text()):
        assert phrase not in html


def test_creating_an_account_sends_the_portals_confirmation_email(client, settings):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    client.get(reverse("account_signup"))
    response = client.post(reverse("account_signup"), {
        "first_name": "Amina", "last_name": "Begum", "email": "amina@example.com",
        "password1": PASSWORD, "password2": PASSWORD,
    }, HTTP_HOST="localhost")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == (
        "Good Work Camden: Confirm your email address to finish creating your account"
    )
    assert_portal_wording(message.subject + message.body, "sign-up email")
    assert "https://goodwork.camden.gov.uk/accounts/confirm-email/" in message.body
    assert message.body.endswith("Good Work Camden\nhttps://goodwork.camden.gov.uk/")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["We have sent an email to amina@example.com. Open the link in it to "
                        "confirm your address."]


def test_creating_a_second_account_for_an_address_says_so_by_email(client, user, settings):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    client.get(reverse("account_signup"))
    client.post(reverse("account_signup"), {
        "first_name": "A", "last_name": "B", "email": user.email,
        "password1": PASSWORD, "password2": PASSWORD,
    }, HTTP_HOST="localhost")
    (message,) = mail.outbox
    assert message.subject == "Good Work Camden: You already have an account"
    assert_portal_wording(message.body, "account already exists email")
    assert "https://goodwork.camden.gov.uk/accounts/password/reset/" in message.body
    assert "localhost" not in message.body


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_emails_are_in_the_portals_words(client, user, settings, known):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    client.get(reverse("account_reset_password"))
    client.post(reverse("account_reset_password"),
                {"email": user.email if known else "nobody@example.com"},
                HTTP_HOST="localhost")
    (message,) = mail.outbox
    assert message.subject == ("Good Work Camden: Reset your password" if known else
                               "Good Work Camden: There is no account with this email address")
    assert_portal_wording(message.body, "password reset email")
    assert "localhost" not in message.body
    assert re.search(r"https://goodwork\.camden\.gov\.uk/accounts/(password/reset/key|signup)/",
                     message.body)


def test_adding_an_address_sends_the_portals_confirmation(client, resident):
    client.force_login(resident.user)
    client.get(reverse("account_email"))
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.com"})
    (message,) = mail.outbox
    assert message.subject == "Good Work Camden: Confirm your email address"
    assert_portal_wording(message.body, "add address email")
    page = client.get(reverse("account_email")).content.decode()
    assert "We have sent an email to second@example.com." in page


def test_signing_in_and_out_show_the_portals_messages(client, user):
    client.get(reverse("account_login"))
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "You are signed in." in client.get(reverse("home")).content.decode()
    client.get(reverse("account_logout"))
    client.post(reverse("account_logout"))
    assert "You are signed out." in client.get(reverse("home")).content.decode()


def test_form_errors_are_in_the_portals_words(client, user):
    client.get(reverse("account_login"))
    html = client.post(reverse("account_login"),
                       {"login": user.email, "password": "wrong"}).content.decode()
    assert "The email address or password is not right. Check them and try again." in html
    assert_portal_wording(html, "failed sign-in")


def test_the_sign_in_page_tells_people_with_alerts_they_need_no_account(client):
    html = client.get(reverse("account_login") + "?next=/alerts/").content.decode()
    assert "Use the link at the bottom of any alert email." in html
    assert "alert email" not in client.get(reverse("account_login")).content.decode()


def test_a_notification_names_when_the_change_was_made():
    body = render_to_string("account/email/password_changed_message.txt",
                            {**EMAIL_CONTEXT, "timestamp": timezone.make_aware(
                                datetime.datetime(2026, 7, 1, 9, 30))})
    assert "on 1 July 2026 at 9:30am" in body
    assert EMAIL_CONTEXT["reset_password_url"] in body
