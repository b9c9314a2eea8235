"""Every view of a resident by a coach is on the resident's "who has viewed or changed your
record" page, named with the provider it was seen through: the record, the caseload list and
the caseload download."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from goodwork.core.models import AuditEvent
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_caseload_list_and_download_are_seen_by_each_resident_listed(client, mfa_login):
    coach = CoachFactory()
    residents = [ResidentFactory() for _ in range(3)]
    for resident in residents:
        on_caseload(coach, resident)
    someone_else = ResidentFactory()
    on_caseload(CoachFactory(), someone_else)
    mfa_login(client, coach.user)
    client.get(reverse("coaching:caseload"))
    client.get(reverse("coaching:caseload_export"))
    client.get(reverse("coaching:record", kwargs={"pk": residents[0].pk}))
    label = f"{coach.user.display_name}, {coach.provider.name}"
    for resident in residents:
        rows = AuditEvent.objects.filter(resident_id=resident.pk, action="view", actor=coach.user)
        assert {r.detail for r in rows} >= {
            "Listed on the caseload page",
            "In a caseload download (CSV)",
        }
        assert {r.actor_label for r in rows} == {label}
    assert not AuditEvent.objects.filter(resident_id=someone_else.pk, actor=coach.user).exists()

    client.force_login(residents[0].user)
    page = client.get(reverse("coaching:record_views")).content.decode()
    assert escape(label) in page and coach.user.email not in page
    assert "Listed on the caseload page" in page and "Opened the resident record" in page
