"""Sign-in, sign-up and password reset: rate limited, and they do not reveal who has an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from goodwork import settings as production
from tests.goodwork.core.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

TOO_MANY_FAILED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def rate_limits_on(settings):
    # The test overlay turns allauth's limits off; these tests use the production limits.
    assert production.ACCOUNT_RATE_LIMITS, "production settings must rate-limit accounts"
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS


def limit(action: str, per: str) -> int:
    """The amount allowed for `action` per `per` ("ip" or "key") in production settings."""
    for part in production.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _period, *rest = part.split("/")
        if (rest[0] if rest else "ip") == per:
            return int(amount)
    raise AssertionError(f"no {per} limit for {action}")


def sign_in(client, email, password, ip="198.51.100.1"):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=ip)


def test_repeated_wrong_passwords_lock_the_account_even_from_other_addresses(client, user):
    for attempt in range(limit("login_failed", "key")):
        response = sign_in(client, user.email, "wrong-password", ip=f"198.51.100.{attempt + 10}")
        assert response.status_code == 200
        assert TOO_MANY_FAILED not in response.content.decode()
    # The right password no longer works until the window passes: guessing is slowed down.
    response = sign_in(client, user.email, PASSWORD, ip="198.51.100.99")
    assert response.status_code == 200
    assert TOO_MANY_FAILED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_cannot_keep_posting_the_sign_in_form(client):
    allowed = limit("login", "ip")
    answers = [sign_in(client, f"nobody{n}@example.com", "x", ip="198.51.100.2").status_code
               for n in range(allowed + 1)]
    assert answers[-1] == 429
    assert 429 not in answers[:allowed]


def test_one_address_cannot_keep_creating_accounts(client):
    allowed = limit("signup", "ip")
    url = reverse("account_signup")
    answers = [client.post(url, {"email": "x"}, REMOTE_ADDR="198.51.100.3").status_code
               for _ in range(allowed + 1)]
    assert answers[-1] == 429
    assert 429 not in answers[:allowed]


def test_password_reset_for_one_address_is_limited(client, user):
    allowed = limit("reset_password", "key")
    answers = [
        client.post(reverse("account_reset_password"), {"email": user.email},
                    REMOTE_ADDR=f"198.51.100.{n + 20}").status_code
        for n in range(allowed + 1)
    ]
    assert answers[-1] == 429
    assert 429 not in answers[:allowed]
    assert len(mail.outbox) == allowed


def test_the_limited_page_is_the_portals_own(client):
    for _ in range(limit("signup", "ip") + 1):
        response = client.post(reverse("account_signup"), {}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'class="govuk-skip-link"' in response.content.decode()


# -- Account enumeration ---------------------------------------------------------------------

def page_text(response) -> str:
    """The visible wording of a page, without tokens that differ on every request."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_enumeration_protection_is_on():
    assert production.ACCOUNT_PREVENT_ENUMERATION is True


def test_sign_in_says_the_same_for_an_unknown_email_and_a_wrong_password(client, user):
    unknown = sign_in(client, "no-such-person@example.com", "wrong-password")
    known = sign_in(client, user.email, "wrong-password")
    assert unknown.status_code == known.status_code == 200
    assert page_text(unknown).replace("no-such-person@example.com", user.email) == page_text(known)


def test_sign_up_answers_the_same_for_a_taken_email(client, user):
    def sign_up(email, ip):
        return client.post(reverse("account_signup"), {
            "first_name": "Sam", "last_name": "Person", "email": email,
            "password1": "a-Long-new-passw0rd", "password2": "a-Long-new-passw0rd",
        }, REMOTE_ADDR=ip, follow=True)

    taken = sign_up(user.email, "198.51.100.5")
    client.logout()
    new = sign_up("brand-new-person@example.com", "198.51.100.6")
    assert taken.redirect_chain == new.redirect_chain
    assert taken.redirect_chain, "sign-up should move on to the 'check your email' page"
    assert page_text(taken).replace(user.email, "EMAIL") == \
        page_text(new).replace("brand-new-person@example.com", "EMAIL")


def test_password_reset_answers_the_same_for_an_unknown_email(client, user):
    known = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"},
                          follow=True)
    assert known.redirect_chain == unknown.redirect_chain == \
        [(reverse("account_reset_password_done"), 302)]
    assert page_text(known) == page_text(unknown)


@pytest.mark.parametrize("next_url", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)",
])
def test_signing_in_never_redirects_off_site(client, user, next_url):
    response = client.post(f"{reverse('account_login')}?next={next_url}",
                           {"login": user.email, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith("//")
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


@pytest.mark.django_db
def test_a_password_reset_link_goes_to_the_portal_whatever_host_the_request_named(
    client, user, settings
):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    client.get(reverse("account_reset_password"))
    client.post(
        reverse("account_reset_password"),
        {"email": user.email},
        HTTP_HOST="localhost",
    )
    (message,) = mail.outbox
    assert "https://goodwork.camden.gov.uk/accounts/password/reset/key/" in message.body
    assert "localhost" not in message.body and "testserver" not in message.body
