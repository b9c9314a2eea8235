"""Account pages speak like the rest of the portal: GOV.UK sentence case, no leaked markup."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name, heading, button, labels", [
    ("account_login", "Sign in", "Sign in", ["Email address", "Password"]),
    ("account_signup", "Create an account", "Create an account",
     ["First name", "Last name", "Email address", "Create a password", "Confirm your password"]),
    ("account_reset_password", "Reset your password", "Send the link", ["Email address"]),
])
def test_account_forms_use_sentence_case_wording(client, url_name, heading, button, labels):
    html = client.get(reverse(url_name)).content.decode()
    assert re.search(rf"<h1[^>]*>{heading}</h1>", html)
    assert f"<title>{heading} – Good Work Camden</title>" in html
    assert re.search(rf"<button[^>]*>{button}</button>", html)
    for label in labels:
        assert re.search(rf"<label[^>]*>{label}</label>", html), label
    # allauth's help texts are HTML; shown escaped they would read as code.
    assert "&lt;" not in html


@pytest.mark.parametrize("url_name, heading", [
    ("account_reset_password_done", "Check your email"),
    ("account_email_verification_sent", "Check your email"),
    ("account_inactive", "Your account is closed"),
])
def test_account_messages_use_sentence_case_wording(client, url_name, heading):
    assert re.search(rf"<h1[^>]*>{heading}</h1>", client.get(reverse(url_name)).content.decode())


def test_signed_in_account_pages(client, resident):
    client.force_login(resident.user)
    html = client.get(reverse("account_change_password")).content.decode()
    assert re.search(r"<h1[^>]*>Change your password</h1>", html)
    html = client.get(reverse("account_logout")).content.decode()
    assert re.search(r"<h1[^>]*>Sign out</h1>", html)
    html = client.get(reverse("account_email")).content.decode()
    assert re.search(r"<h1[^>]*>Your email addresses</h1>", html)
    assert resident.user.email in html and "Main address. Confirmed" in html
    html = client.get(reverse("account_reauthenticate")).content.decode()
    assert re.search(r"<h1[^>]*>Confirm it is you</h1>", html)


def test_a_failed_sign_in_links_the_error_summary_to_the_field(client):
    html = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "<title>Sign in (error) – Good Work Camden</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_login"' in html and 'id="id_login"' in html
    assert re.search(r'aria-describedby="\s*id_login-error"', html)


def test_an_expired_reset_link_says_so(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    html = client.get(url, follow=True).content.decode()
    assert re.search(r"<h1[^>]*>This link has expired</h1>", html)


def test_adding_an_email_address_still_works_with_the_portals_form(client, resident):
    client.force_login(resident.user)
    response = client.post(reverse("account_email"),
                           {"action_add": "", "email": "second.address@example.com"})
    assert response.status_code == 302
    assert resident.user.emailaddress_set.filter(email="second.address@example.com").exists()
