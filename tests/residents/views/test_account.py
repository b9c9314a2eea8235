import json

import pytest
from django.urls import reverse
from django.utils import timezone

from goodwork.core.models import AuditEvent, User
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from residents.models import AlertDelivery, Resident, SavedSearch, Shortlist
from residents.selectors.export import EXPORT_SECTIONS, resident_data_export
from residents.services.account import resident_account_delete
from residents.services.profile import resident_health_update
from residents.views.account import DELETE_NOT_CONFIRMED
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.helpers import days, on_caseload
from tests.residents.factories import CoachFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_record(resident, other_resident):
    resident_health_update(resident=resident, consent=True, condition="Long covid")
    vacancy = LiveVacancyFactory(title="Library assistant")
    Shortlist.objects.create(resident=resident, vacancy=vacancy, applied_at=timezone.now())
    mine = SavedSearchFactory(owner=resident.user, email=resident.user.email, name="Libraries")
    AlertDelivery.objects.create(saved_search=mine, vacancy=vacancy, sent_at=timezone.now())
    # Someone else's data, which must never appear.
    theirs_vacancy = LiveVacancyFactory(title="Their secret job")
    Shortlist.objects.create(resident=other_resident, vacancy=theirs_vacancy)
    theirs = SavedSearchFactory(
        owner=other_resident.user, email=other_resident.user.email, name="Their alert"
    )
    AlertDelivery.objects.create(
        saved_search=theirs, vacancy=theirs_vacancy, sent_at=timezone.now()
    )
    # What a work coach shared with each of them.
    coach = CoachFactory()
    for person, action, job in ((resident, "Update your CV", "Teaching assistant"),
                                (other_resident, "Their secret action", "Their referred job")):
        on_caseload(coach, person)
        plan_services.action_create(
            resident=person, coach=coach, description=action, owner="resident", due_on=days(7)
        )
        referral_services.referral_create(
            resident=person,
            coach=coach,
            vacancy=LiveVacancyFactory(title=job),
            message="Hours fit the school run",
        )
    return resident


def test_export_has_every_section_and_nobody_elses_data(full_record, other_resident):
    sections = {s["key"]: s["data"] for s in resident_data_export(resident=full_record)}
    assert set(sections) == {s.key for s in EXPORT_SECTIONS}
    assert {"account", "profile", "shortlist", "saved_searches", "alerts_sent"} <= set(sections)
    assert sections["account"]["email"] == full_record.user.email
    assert sections["profile"]["health_condition"] == "Long covid"
    assert [e["job"] for e in sections["shortlist"]] == ["Library assistant"]
    assert sections["shortlist"][0]["applied"] is not None
    assert [s["name"] for s in sections["saved_searches"]] == ["Libraries"]
    assert [d["job"] for d in sections["alerts_sent"]] == ["Library assistant"]
    assert [(a["action"], a["done"]) for a in sections["actions"]] == [("Update your CV", None)]
    assert [(r["job"], r["why"], r["status"]) for r in sections["referrals"]] == [
        ("Teaching assistant", "Hours fit the school run", "Suggested")]
    text = json.dumps(sections)
    for secret in ("Their secret job", "Their alert", other_resident.user.email,
                   "Their secret action", "Their referred job"):
        assert secret not in text


def test_download_is_json_and_the_page_is_readable(client, full_record):
    client.force_login(full_record.user)
    response = client.get(reverse("residents:your_data_download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["sections"]["profile"]["health_condition"] == "Long covid"
    page = client.get(reverse("residents:your_data"))
    assert page.status_code == 200
    for text in ("Your saved jobs", "Library assistant", "Long covid", "Libraries"):
        assert text in page.text
    assert "Their secret job" not in page.text


def test_deletion_needs_confirmation(client, full_record):
    client.force_login(full_record.user)
    assert client.get(reverse("residents:account_delete")).status_code == 200
    response = client.post(reverse("residents:account_delete"), {})
    assert DELETE_NOT_CONFIRMED in response.text
    assert Resident.objects.filter(pk=full_record.pk).exists()


def test_deleting_the_account_leaves_no_personal_data(client, full_record, other_resident):
    user = full_record.user
    email = user.email
    SavedSearchFactory(owner=None, email=email.upper(), name="Before I signed up")
    AuditEvent.objects.create(
        actor=user, actor_label=email, action="view", subject_type="x", subject_id="1"
    )
    client.force_login(user)
    response = client.post(reverse("residents:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Resident.objects.filter(pk=full_record.pk).exists()
    assert not SavedSearch.objects.filter(email__iexact=email).exists()
    assert not Shortlist.objects.filter(resident_id=full_record.pk).exists()
    assert not AuditEvent.objects.filter(actor_label=email).exists()
    # The count of alerts sent survives, anonymous.
    assert AlertDelivery.objects.filter(saved_search__isnull=True).count() == 1
    # Nothing in the database still holds the address or the health information.
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # Table names come from the database itself, not from input.
            sql = f'SELECT count(*) FROM "{table}" t WHERE t::text ILIKE %s OR t::text ILIKE %s'  # noqa: S608
            cursor.execute(sql, [f"%{email}%", "%Long covid%"])
            assert cursor.fetchone()[0] == 0, table
    # Other people are untouched.
    assert Resident.objects.filter(pk=other_resident.pk).exists()
    assert SavedSearch.objects.filter(owner=other_resident.user).exists()
    assert client.get(reverse("residents:dashboard")).status_code == 302


def test_service_deletes_only_that_person(full_record, other_resident):
    resident_account_delete(user=full_record.user)
    assert Shortlist.objects.filter(resident=other_resident).count() == 1
