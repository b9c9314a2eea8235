"""Owners make and revoke their organisation's keys; the key is shown once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from employers.forms.apikeys import KEY_NAME_MISSING
from employers.models import ApiKey
from goodwork.core.models import AuditEvent
from tests.employers.api.helpers import put_vacancy
from tests.employers.factories import ApiKeyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _page(organisation) -> str:
    return reverse("employers:api_keys", kwargs={"org": organisation.pk})


def test_an_owner_makes_a_key_sees_it_once_and_it_works(client, employer_member, organisation):
    client.force_login(employer_member)
    page = _page(organisation)
    client.get(page)
    response = client.post(page, {"name": "Our recruitment system"})
    assert response.status_code == 201
    html = response.content.decode()
    key = re.search(r'id="new-key">(gwc_[^<]+)<', html).group(1)
    api_key = ApiKey.objects.get(organisation=organisation)
    assert api_key.name == "Our recruitment system"
    assert key not in api_key.key_hash and api_key.prefix == key[:12]
    again = client.get(page).content.decode()
    assert key not in again and api_key.prefix in again
    assert put_vacancy(client, key, "REQ-1").status_code == 201
    made = AuditEvent.objects.filter(subject_type="employers.apikey", actor=employer_member)
    assert made.exists()


def test_a_key_needs_a_name(client, employer_member, organisation):
    client.force_login(employer_member)
    client.get(_page(organisation))
    response = client.post(_page(organisation), {"name": "  "})
    assert response.status_code == 200
    assert KEY_NAME_MISSING in response.content.decode()
    assert not ApiKey.objects.exists()


def test_an_owner_revokes_a_key_and_it_stops_working(client, employer_member, organisation):
    api_key = ApiKeyFactory(organisation=organisation)
    client.force_login(employer_member)
    client.get(_page(organisation))
    revoke = reverse("employers:api_key_revoke", kwargs={"org": organisation.pk, "pk": api_key.pk})
    response = client.post(revoke)
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None and api_key.revoked_by == employer_member
    assert "Revoked" in client.get(_page(organisation)).content.decode()
    assert put_vacancy(client, api_key.key, "REQ-1").status_code == 401


def test_a_member_who_is_not_an_owner_cannot_see_make_or_revoke_keys(client, organisation):
    member = MembershipFactory(organisation=organisation).user
    api_key = ApiKeyFactory(organisation=organisation)
    client.force_login(member)
    assert client.get(_page(organisation)).status_code == 403
    assert client.post(_page(organisation), {"name": "Mine"}, forged=True).status_code == 403
    revoke = reverse("employers:api_key_revoke", kwargs={"org": organisation.pk, "pk": api_key.pk})
    assert client.post(revoke, forged=True).status_code == 403
    api_key.refresh_from_db()
    assert api_key.revoked_at is None and ApiKey.objects.count() == 1
    dashboard = client.get(reverse("employers:dashboard")).content.decode()
    assert "Recruitment systems" not in dashboard


def test_another_organisations_key_cannot_be_revoked_here(client, employer_member, organisation):
    theirs = ApiKeyFactory()
    client.force_login(employer_member)
    revoke = reverse("employers:api_key_revoke", kwargs={"org": organisation.pk, "pk": theirs.pk})
    assert client.post(revoke, forged=True).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
