"""The audit log is append-only in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from goodwork.core.audit import audit_record
from goodwork.core.models import AuditEvent
from residents.models import Resident
from tests.residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(council_admin):
    resident = ResidentFactory()
    return audit_record(
        actor=council_admin, action=AuditEvent.Action.VIEW, subject=resident, resident=resident
    )


def test_rows_cannot_be_changed(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="someone else")


def test_rows_cannot_be_deleted(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_actor_cannot_be_changed_to_someone_else(event, user):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor=user)


def test_deleting_the_user_keeps_the_row_with_their_label(event, council_admin):
    label = council_admin.email
    council_admin.delete()
    event.refresh_from_db()
    assert event.actor is None and event.actor_label == label


def test_deleting_the_resident_keeps_the_row(event):
    Resident.objects.get(pk=event.resident_id).delete()
    event.refresh_from_db()
    assert event.resident_id is None and event.subject_type == "residents.resident"


def test_admin_filters_the_audit_log(
    client, mfa_login, council_admin, event, django_assert_max_num_queries
):
    from django.urls import reverse

    mfa_login(client, council_admin)
    response = client.get(
        reverse("admin:goodwork_auditevent_changelist"), {"action__exact": "view"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = client.get(
        reverse("admin:goodwork_auditevent_changelist"), {"action__exact": "export"}
    )
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize(
    "model", ["caseloadentry", "consent", "referral", "joboutcome", "provider", "coach"]
)
def test_coaching_admin_pages_open(client, mfa_login, council_admin, model):
    from django.urls import reverse

    from tests.residents.coaching.helpers import on_caseload
    from tests.residents.factories import CoachFactory

    on_caseload(CoachFactory())
    mfa_login(client, council_admin)
    assert client.get(reverse(f"admin:residents_{model}_changelist")).status_code == 200


@pytest.mark.django_db
def test_what_the_portal_does_by_itself_is_written_with_no_actor():
    resident = ResidentFactory()
    event = audit_record(
        actor=None, action=AuditEvent.Action.CHANGE, subject=resident, resident=resident
    )
    assert event.actor is None and event.actor_label == "system"
    assert event.resident_id == resident.pk
