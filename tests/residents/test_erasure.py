"""Deleting an account erases the person from the audit log's free text too, while the events
stay append-only and the job starts and sustainment results keep being counted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_plus

import pytest
from allauth.account.models import EmailAddress
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from goodwork.core.audit import AUDIT_REDACTED, audit_redact, audit_write
from goodwork.core.models import AuditEvent, User
from goodwork.reporting.council import CouncilDashboard, DashboardFilters
from jobs.choices import ContractType, TimeOption
from jobs.letters import render_flexible_working_request
from residents.coaching.figures import job_starts, providers_by_name, sustainment_checks_due
from residents.coaching.models import (
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    JobOutcome,
    Referral,
    SustainmentCheck,
)
from residents.coaching.selectors.reports import provider_report
from residents.coaching.services import caseload as caseload_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from residents.coaching.services import transfers as transfer_services
from residents.models import Resident, Shortlist
from residents.services.account import DELETED_ACTOR
from tests.goodwork.core.factories import PASSWORD, CouncilAdminFactory, UserFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import (
    CoachFactory,
    OwnedSavedSearchFactory,
    ProviderFactory,
    SavedSearchFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Person:
    user: User
    resident: Resident
    coach_provider_id: int
    # Everything they or their coach typed, and every way of naming them.
    texts: dict[str, str]

    # What the services and the admin wrote into the log itself, before any erasure.
    LOGGED = (
        "action", "employer", "job_title", "flexible_employer", "search", "email",
        "email_in_a_query", "full_name", "full_name_in_a_query", "first_name", "last_name",
    )


def _weeks_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=n)


def _build(first: str, last: str, coach) -> Person:
    """A resident added by a coach, invited by email, who claimed the record with their own
    account, and every kind of record about them made through the portal's services."""
    email = f"{first.lower()}.{last.lower()}@example.org"
    texts = {
        "goals": f"{first} wants evening shifts near Kentish Town",
        "note": f"{first} talked about leaving the warehouse job",
        "childcare": f"{first}'s twins start nursery in September",
        "health": f"{first} has epilepsy, controlled by medication",
        "convictions": f"{first} has a caution from 2019 for shoplifting",
        "action": f"{first} to email Mrs Okafor at the library about volunteering",
        "referral": f"{first} asked for school-hours work only",
        "employer": f"{last} Family Bakery",
        "job_title": f"Counter assistant for {first}",
        "flexible_employer": f"{last} Cleaning Co-operative",
        "reason": f"{first} moves to Gospel Oak in spring",
        "search": f"{first} {last} lived at 12 Leighton Road",
    }
    entry = caseload_services.caseload_add_resident(
        coach=coach,
        first_name=first,
        last_name=last,
        email=email,
        phone="020 7974 1234",
        goals=texts["goals"],
        shares_health=True,
    )
    resident = entry.resident
    token = caseload_services.resident_invite(resident=resident, coach=coach)
    user = UserFactory(email=email, first_name=first, last_name=last)
    EmailAddress.objects.create(user=user, email=f"{first.lower()}@old.example.net", verified=True)
    caseload_services.resident_claim(token=token, user=user)
    resident.refresh_from_db()

    caseload_services.case_note_create(
        resident=resident,
        coach=coach,
        contact_on=timezone.localdate(),
        contact_type=CaseNote.Contact.PHONE,
        text=texts["note"],
    )
    for kind, note in [
        (BarrierKind.CHILDCARE, texts["childcare"]),
        (BarrierKind.HEALTH, texts["health"]),
        (BarrierKind.CONVICTIONS, texts["convictions"]),
    ]:
        plan_services.barrier_record(resident=resident, coach=coach, kind=kind, note=note)
    action = plan_services.action_create(
        resident=resident,
        coach=coach,
        description=texts["action"],
        owner="resident",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    plan_services.action_complete(action=action, by=user)
    referral = referral_services.referral_create(
        resident=resident,
        coach=coach,
        vacancy=LiveVacancyFactory(title="Bakery counter assistant"),
        message=texts["referral"],
    )
    referral_services.referral_respond(
        referral=referral, by=user, response=Referral.Response.INTERESTED
    )
    # Two job starts: one that lasted 26 weeks, one that ended before 13.
    for weeks_ago, lasted in ((30, True), (20, False)):
        outcome = outcome_services.job_outcome_record(
            resident=resident,
            coach=coach,
            start_date=_weeks_ago(weeks_ago),
            employer_name=texts["employer"],
            job_title=texts["job_title"],
            hours_per_week=Decimal("20"),
            hourly_pay=Decimal("15.50"),
            contract_type=ContractType.PERMANENT,
            flexible_options=[TimeOption.TERM_TIME],
        )
        for check in outcome.sustainment_checks.filter(due_on__lte=timezone.localdate()):
            outcome_services.sustainment_check_record(
                check=check,
                coach=coach,
                still_in_work=lasted,
                hours_per_week=Decimal("20") if lasted else None,
                hourly_pay=Decimal("15.50") if lasted else None,
            )
    answers = {
        "full_name": resident.full_name,
        "job_title": "Cleaner",
        "employer_name": texts["flexible_employer"],
        "manager_name": "",
        "current_pattern": "Early mornings",
        "requested_change": "Start at 9am after the school run",
        "start_date": timezone.localdate() + datetime.timedelta(days=60),
        "previous_requests": "0",
        "previous_request_date": None,
        "how_it_could_work": "",
    }
    plan_services.flexible_working_request_create(
        resident=resident,
        coach=coach,
        data=answers,
        letter=render_flexible_working_request(answers),
    )
    entry = CaseloadEntry.objects.get(resident=resident, provider=coach.provider)
    transfer_services.transfer_propose(
        entry=entry, coach=coach, to_provider=ProviderFactory(), reason=texts["reason"]
    )
    caseload_services.resident_record_view(resident=resident, viewer=coach.user)
    Shortlist.objects.create(resident=resident, vacancy=LiveVacancyFactory())
    OwnedSavedSearchFactory(owner=user)
    SavedSearchFactory(owner=None, email=email)

    # Rows about no one resident that still name them: admin searches, written as the
    # search's query string, and a free-text note.
    officer = CouncilAdminFactory()
    for detail in (
        f"Listed in the admin: q={quote_plus(email)}",
        f"Listed in the admin: q={quote_plus(resident.full_name)}",
        f"Searched for {texts['search']}",
    ):
        audit_write(
            actor=officer,
            action=AuditEvent.Action.VIEW,
            subject_type="residents.resident",
            subject_id="list",
            detail=detail,
        )
    # A row the portal wrote by itself, labelled with their address.
    AuditEvent.objects.create(
        actor=None,
        actor_label=email,
        action=AuditEvent.Action.CHANGE,
        subject_type="goodwork.user",
        subject_id=str(user.pk),
    )
    return Person(
        user=user,
        resident=resident,
        coach_provider_id=coach.provider_id,
        texts={
            **texts,
            "email": email,
            "old_email": f"{first.lower()}@old.example.net",
            "email_in_a_query": quote_plus(email),
            "full_name": resident.full_name,
            "full_name_in_a_query": quote_plus(resident.full_name),
            "first_name": first,
            "last_name": last,
        },
    )


@pytest.fixture
def coach():
    return CoachFactory(user__first_name="Morwenna", user__last_name="Trelawney")


@pytest.fixture
def person(coach) -> Person:
    return _build("Zephyrine", "Quillfeather", coach)


@pytest.fixture
def other(coach) -> Person:
    return _build("Ignatius", "Brackenbury", coach)


def _audit_rows_holding(text: str) -> int:
    """Rows with ``text`` in any column, the whole row read as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM goodwork_auditevent t WHERE t::text ILIKE %s", [f"%{text}%"]
        )
        return cursor.fetchone()[0]


def _figures(provider_id: int) -> dict:
    start, end = _weeks_ago(52), timezone.localdate()
    starts = job_starts(start=start, end=end)
    provider = next(p for p in providers_by_name() if p.pk == provider_id)
    dashboard = CouncilDashboard(
        filters=DashboardFilters(start=start, end=end), providers=providers_by_name()
    )
    report = provider_report(provider=provider)["totals"]
    return {
        "job_starts": (
            sum(row.starts for row in starts),
            sum(row.llw for row in starts),
            sum(row.flexible for row in starts),
        ),
        "job_starts_at_the_provider": sum(
            row.starts for row in job_starts(start=start, end=end, provider=provider)
        ),
        "sustainment": sustainment_checks_due(start=start, end=end),
        "dashboard_starts": dashboard.starts_total,
        "dashboard_sustainment": dashboard.sustainment,
        "provider_report": {
            key: report[key]
            for key in ("starts", "llw", "flexible", "due_13", "sustained_13", "due_26",
                        "sustained_26")
        },
    }


def _delete_through_the_page(client, user: User) -> None:
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    client.get(reverse("residents:your_data"))
    assert client.get(reverse("residents:account_delete")).status_code == 200
    response = client.post(reverse("residents:account_delete"), {"confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_after_deletion_no_audit_row_names_the_person_or_holds_what_was_written(
    client, person, other
):
    for key in Person.LOGGED:
        assert _audit_rows_holding(person.texts[key]) > 0, key
    others_rows = {
        row.pk: (row.detail, row.actor_label)
        for row in AuditEvent.objects.filter(resident_id=other.resident.pk)
    }
    events_before = AuditEvent.objects.count()

    _delete_through_the_page(client, person.user)

    assert not User.objects.filter(pk=person.user.pk).exists()
    assert not Resident.objects.filter(pk=person.resident.pk).exists()
    for key, text in person.texts.items():
        assert _audit_rows_holding(text) == 0, key
    # Every event is still there; the redacted ones say when they were.
    assert AuditEvent.objects.count() == events_before
    redacted = AuditEvent.objects.filter(detail=AUDIT_REDACTED)
    assert redacted.exists() and not redacted.filter(redacted_at__isnull=True).exists()
    assert AuditEvent.objects.filter(actor_label=DELETED_ACTOR, actor=None).exists()
    # The other resident's log is as it was.
    assert {
        row.pk: (row.detail, row.actor_label)
        for row in AuditEvent.objects.filter(resident_id=other.resident.pk)
    } == others_rows
    for key in Person.LOGGED:
        assert _audit_rows_holding(other.texts[key]) > 0, key


def test_job_starts_and_sustainment_are_counted_the_same_after_deletion(client, person, other):
    before = _figures(person.coach_provider_id)
    assert before["job_starts"][0] == before["job_starts_at_the_provider"] == 4
    assert before["provider_report"]["due_13"] == 4
    assert before["provider_report"]["sustained_26"] == 2

    _delete_through_the_page(client, person.user)

    assert JobOutcome.objects.filter(resident__isnull=True).count() == 2
    assert SustainmentCheck.objects.filter(job_outcome__resident__isnull=True).count() == 6
    assert _figures(person.coach_provider_id) == before


def test_the_log_still_refuses_any_other_change_after_an_erasure(client, person, other):
    _delete_through_the_page(client, person.user)
    redacted = AuditEvent.objects.filter(detail=AUDIT_REDACTED).first()
    untouched = AuditEvent.objects.filter(resident_id=other.resident.pk).first()
    for row in (redacted, untouched):
        for change in (
            {"detail": "Something else"},
            {"actor_label": "Someone else"},
            {"action": AuditEvent.Action.DELETE},
            {"subject_type": "jobs.vacancy"},
            {"subject_id": "999"},
            {"at": timezone.now() - datetime.timedelta(days=400)},
            {"redacted_at": None},
            {"redacted_at": timezone.now()},
            {"resident_id": other.resident.pk + 1000},
        ):
            if row.redacted_at is None and change == {"redacted_at": None}:
                continue
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                AuditEvent.objects.filter(pk=row.pk).update(**change)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=row.pk).delete()
    # An erasure cannot be undone by putting the text back.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=redacted.pk).update(detail="Action agreed: restored")


def test_redaction_changes_only_the_text_and_the_database_stamps_it(person):
    row = AuditEvent.objects.filter(resident_id=person.resident.pk).first()
    before = AuditEvent.objects.values().get(pk=row.pk)
    audit_redact(resident_id=person.resident.pk)
    after = AuditEvent.objects.values().get(pk=row.pk)
    assert after["detail"] == AUDIT_REDACTED and after["redacted_at"] is not None
    changed = {key for key in before if before[key] != after[key]}
    assert changed <= {"detail", "redacted_at"}


def test_a_short_name_redacts_only_itself_not_the_words_it_is_part_of(coach):
    for detail in ("Referral to 12: Suggested to Applied", "Al asked about hours", "Sal called"):
        audit_write(
            actor=coach.user,
            action=AuditEvent.Action.CHANGE,
            subject_type="x",
            subject_id="1",
            detail=detail,
        )
    audit_redact(mentioning=("Al",))
    assert set(AuditEvent.objects.values_list("detail", flat=True)) == {
        "Referral to 12: Suggested to Applied",
        AUDIT_REDACTED,
        "Sal called",
    }
