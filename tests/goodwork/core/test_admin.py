"""The core's admin pages: what council officers may see and change."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import _add_totp


@pytest.mark.django_db
def test_an_authenticators_secret_cannot_be_read_or_changed_in_the_admin(
    client, mfa_login, council_admin, coach
):
    secret = _add_totp(coach)
    authenticator = Authenticator.objects.get(user=coach, type=Authenticator.Type.TOTP)
    before = authenticator.data
    mfa_login(client, council_admin)
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    assert listing.status_code == 200 and coach.email in listing.text
    url = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert secret not in page.text and "secret" not in page.text.lower()
    client.post(url, {"data": '{"secret": "AAAA"}'}, forged=True)
    authenticator.refresh_from_db()
    assert authenticator.data == before
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
