"""The email addresses page offers only what the account allows."""

import pytest
from django.urls import reverse

from tests.formclient import FormClient


@pytest.mark.django_db
def test_an_account_with_an_authenticator_is_not_offered_a_form_it_would_refuse(coach, mfa_login):
    client = FormClient()
    mfa_login(client, coach)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert b'name="action_add"' not in page.content
    assert b"protected by an authenticator app" in page.content


@pytest.mark.django_db
def test_a_resident_can_add_an_address(resident):
    client = FormClient()
    client.force_login(resident.user)
    page = client.get(reverse("account_email"))
    assert b'name="action_add"' in page.content
    assert b"protected by an authenticator app" not in page.content
