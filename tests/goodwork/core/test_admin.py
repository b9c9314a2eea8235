"""The core's admin pages: what council officers may see and change."""

from __future__ import annotations

import csv
import io

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from goodwork.core.models import AuditEvent
from tests.conftest import _add_totp
from tests.residents.factories import ResidentFactory


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


@pytest.mark.django_db
def test_the_audit_log_names_the_kind_of_record_not_its_code(admin_client_):
    resident = ResidentFactory()
    admin_client_.get(reverse("admin:residents_resident_change", args=[resident.pk]))
    listing = admin_client_.get(reverse("admin:goodwork_auditevent_changelist"))
    cells = listing.content.decode()
    assert '<td class="field-record_kind">Resident</td>' in cells
    assert ">residents.resident<" not in cells  # as a cell or a filter link


@pytest.mark.django_db
def test_exporting_every_user_the_list_matches_is_audited(admin_client_, council_admin):
    residents = ResidentFactory.create_batch(3)
    listing = admin_client_.get(reverse("admin:goodwork_user_changelist"), {"role": "resident"})
    assert listing.context["cl"].result_count == 3
    response = admin_client_.post(reverse("admin:goodwork_user_export") + "?role=resident")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(row[0] for row in rows[1:]) == sorted(r.user.email for r in residents)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == council_admin and event.detail.startswith("Exported 3 as CSV: ")
