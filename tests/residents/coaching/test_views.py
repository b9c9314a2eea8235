"""Coaching pages as a coach and a resident use them: forms, errors, audit rows, query counts."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from goodwork.core.models import AuditEvent
from jobs.letters import CHANGE_MISSING, EMPLOYER_MISSING, START_MISSING
from residents.coaching import forms, views
from residents.coaching.models import (
    Action,
    BarrierKind,
    CaseNote,
    FlexibleWorkingRequest,
    JobOutcome,
    Referral,
)
from residents.coaching.services import caseload as services
from residents.coaching.services import consent as consent_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from tests.formclient import FormClient
from tests.goodwork.core.factories import UserFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.factories import (
    BarrierFactory,
    FlexibleWorkingRequestFactory,
    JobOutcome13WeekCheckDueFactory,
)
from tests.residents.coaching.helpers import days, on_caseload
from tests.residents.factories import CoachFactory, ManagerCoachFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(coach):
    return coach.coach_roles.get()


@pytest.fixture
def entry(post):
    return on_caseload(post)


@pytest.fixture
def coach_mfa(client, mfa_login, post):
    return mfa_login(client, post.user)


def url(name, entry, **kwargs):
    return reverse(name, kwargs={"pk": entry.resident_id, **kwargs})


def audits(entry, action):
    return AuditEvent.objects.filter(resident_id=entry.resident_id, action=action)


def typed(name, day):
    """A date as a person types it into a GOV.UK date input."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def date_boxes(page, name):
    """What the day, month and year boxes of a date input show."""
    return [
        re.search(rf'name="{name}_{part}"[^>]*value="([^"]*)"', page).group(1)
        for part in ("day", "month", "year")
    ]


def test_opening_the_record_writes_an_audit_row(coach_mfa, post, entry):
    response = coach_mfa.get(url("coaching:record", entry))
    assert (
        response.status_code == 200
        and escape(entry.resident.full_name) in response.content.decode()
    )
    (event,) = audits(entry, "view")
    assert (event.actor, event.subject_type, event.subject_id) == (
        post.user,
        "residents.resident",
        str(entry.resident_id),
    )


def test_record_shows_health_only_with_consent_to_share_it(client, mfa_login, post):
    from django.utils import timezone

    entry = on_caseload(post)
    entry.resident.health_condition, entry.resident.health_consent_at = "Long covid", timezone.now()
    entry.resident.save()
    mfa_login(client, post.user)
    assert "Long covid" not in client.get(url("coaching:record", entry)).content.decode()
    consent_services.consent_record(
        resident=entry.resident, provider=post.provider, by=post.user, shares_health=True
    )
    assert "Long covid" in client.get(url("coaching:record", entry)).content.decode()


def test_record_hides_plan_without_consent_to_share_it(client, mfa_login, post):
    entry = on_caseload(post, shares_plan=False)
    mfa_login(client, post.user)
    page = client.get(url("coaching:record", entry)).content.decode()
    assert "Action plan" not in page
    assert client.get(url("coaching:referral_add", entry)).status_code == 403
    assert client.get(url("coaching:flexible_request_add", entry)).status_code == 403


def test_flexible_working_requests_stay_with_their_provider_and_need_plan_consent(
    client, mfa_login, post
):
    resident_entry = on_caseload(post)
    request = plan_services.flexible_working_request_create(
        resident=resident_entry.resident, coach=post,
        data={
            "employer_name": "Camden Cafe",
            "start_date": days(40),
            "requested_change": "Term-time",
        },
        letter="Statutory request",
    )
    # The same resident also works with another provider, without sharing their plan there.
    elsewhere = CoachFactory()
    elsewhere_entry = on_caseload(elsewhere, resident_entry.resident, shares_plan=False)
    mfa_login(client, elsewhere.user)
    page = url("coaching:flexible_request", elsewhere_entry, request_pk=request.pk)
    assert client.get(page).status_code == 404
    # With consent, still not: the letter was prepared by the first provider.
    consent_services.consent_record(resident=resident_entry.resident, provider=elsewhere.provider,
                            by=elsewhere.user, shares_plan=True)
    assert client.get(page).status_code == 404


def _fill_record(post, entry, n):
    for i in range(n):
        services.case_note_create(
            resident=entry.resident,
            coach=post,
            contact_on=days(0),
            contact_type="phone",
            text=f"note {i}",
        )
        plan_services.action_create(
            resident=entry.resident,
            coach=post,
            description=f"a{i}",
            owner="resident",
            due_on=days(i),
        )
        referral_services.referral_create(
            resident=entry.resident, coach=post, vacancy=LiveVacancyFactory()
        )
        outcome_services.job_outcome_record(
            resident=entry.resident,
            coach=post,
            start_date=days(-i),
            employer_name="E",
            job_title="T",
            hours_per_week=Decimal("20"),
            hourly_pay=Decimal("16"),
            contract_type="permanent",
            flexible_options=[],
        )


def test_record_query_count_is_pinned(coach_mfa, post, entry, django_assert_num_queries):
    _fill_record(post, entry, 1)
    plan_services.barrier_record(resident=entry.resident, coach=post, kind=BarrierKind.DEBT)
    with django_assert_num_queries(19):
        assert coach_mfa.get(url("coaching:record", entry)).status_code == 200
    _fill_record(post, entry, 4)
    plan_services.barrier_record(resident=entry.resident, coach=post, kind=BarrierKind.HOUSING)
    with django_assert_num_queries(19):
        assert coach_mfa.get(url("coaching:record", entry)).status_code == 200


def test_add_resident(coach_mfa, post):
    response = coach_mfa.post(
        reverse("coaching:resident_add"),
        {
            "first_name": "Amina",
            "last_name": "Begum",
            "email": "amina@example.net",
            "ward": "camden_town",
            "barriers": ["childcare"],
            "shares": ["profile", "plan"],
            "method": "in_person",
        },
    )
    entry = post.caseload_entries.get()
    assert response["Location"] == reverse("coaching:record", kwargs={"pk": entry.resident_id})
    assert entry.resident.full_name == "Amina Begum"
    assert AuditEvent.objects.filter(resident_id=entry.resident_id, action="create").exists()


def test_add_resident_errors(coach_mfa):
    response = coach_mfa.post(reverse("coaching:resident_add"), {"email": "not-an-email"})
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(forms.FIRST_NAME_MISSING) in page and escape(forms.CONSENT_MISSING) in page
    assert "govuk-error-summary" in page


def test_case_note(coach_mfa, post, entry):
    response = coach_mfa.post(
        url("coaching:note_add", entry),
        {**typed("contact_on", days(0)), "contact_type": "in_person", "text": "Met"},
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.author, note.contact_type) == (post, "in_person")
    assert audits(entry, "create").filter(subject_type="residents.casenote").exists()


def test_case_note_errors(coach_mfa, entry):
    page = coach_mfa.post(url("coaching:note_add", entry), {}).content.decode()
    for message in (forms.NOTE_DATE_MISSING, forms.NOTE_TYPE_MISSING, forms.NOTE_TEXT_MISSING):
        assert escape(message) in page
    page = coach_mfa.post(
        url("coaching:note_add", entry), typed("contact_on", days(1))
    ).content.decode()
    assert escape(forms.NOTE_DATE_IN_FUTURE) in page
    page = coach_mfa.post(
        url("coaching:note_add", entry), {"contact_on_day": "3", "contact_on_year": "2026"}
    ).content.decode()
    assert escape("The date of the contact must include a month.") in page
    # What was typed stays in the boxes, to be corrected.
    assert date_boxes(page, "contact_on") == ["3", "", "2026"]


def test_note_form_offers_today_in_date_boxes(coach_mfa, entry):
    page = coach_mfa.get(url("coaching:note_add", entry)).content.decode()
    today = days(0)
    assert date_boxes(page, "contact_on") == [str(today.day), str(today.month), str(today.year)]
    assert 'type="date"' not in page


def test_action_and_errors(coach_mfa, entry):
    page = coach_mfa.post(
        url("coaching:action_add", entry), typed("due_on", days(-1))
    ).content.decode()
    for message in (
        forms.ACTION_DESCRIPTION_MISSING,
        forms.ACTION_OWNER_MISSING,
        forms.ACTION_DUE_IN_PAST,
    ):
        assert escape(message) in page
    coach_mfa.post(
        url("coaching:action_add", entry),
        {"description": "Apply for 2 jobs", "owner": "resident", **typed("due_on", days(7))},
    )
    action = Action.objects.get()
    response = coach_mfa.post(url("coaching:action_done", entry, action_pk=action.pk))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_at is not None
    assert audits(entry, "change").filter(subject_type="residents.action").exists()


def test_nothing_changes_on_get(coach_mfa, entry, post):
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description="x", owner="coach", due_on=days(1)
    )
    assert (
        coach_mfa.get(url("coaching:action_done", entry, action_pk=action.pk)).status_code == 405
    )
    assert coach_mfa.get(url("coaching:invite", entry)).status_code == 405
    assert coach_mfa.get(url("coaching:consent_withdraw_by_coach", entry)).status_code == 405


def test_barrier_add_resolve_and_errors(coach_mfa, entry):
    assert (
        forms.BARRIER_MISSING
        in coach_mfa.post(url("coaching:barrier_add", entry), {}).content.decode()
    )
    coach_mfa.post(url("coaching:barrier_add", entry), {"kind": "transport"})
    page = coach_mfa.post(
        url("coaching:barrier_add", entry), {"kind": "transport"}
    ).content.decode()
    assert "already recorded as current" in page
    barrier = entry.resident.barriers.get()
    coach_mfa.post(
        url("coaching:barrier_resolve", entry, barrier_pk=barrier.pk),
        from_page=url("coaching:record", entry),
    )
    barrier.refresh_from_db()
    assert barrier.resolved_on is not None


def test_status_change(coach_mfa, entry):
    assert (
        forms.STATUS_MISSING
        in coach_mfa.post(url("coaching:status_change", entry), {}).content.decode()
    )
    coach_mfa.post(url("coaching:status_change", entry), {"status": "in_work_looking"})
    entry.refresh_from_db()
    assert entry.status == "in_work_looking"


def test_referral_and_status(coach_mfa, entry, django_capture_on_commit_callbacks):
    vacancy = LiveVacancyFactory()
    assert (
        forms.VACANCY_MISSING
        in coach_mfa.post(url("coaching:referral_add", entry), {}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        coach_mfa.post(
            url("coaching:referral_add", entry), {"vacancy": vacancy.pk, "message": "Good fit"}
        )
    referral = Referral.objects.get()
    assert len(mail.outbox) == 1
    coach_mfa.post(
        url("coaching:referral_status", entry, referral_pk=referral.pk), {"status": "started"}
    )
    referral.refresh_from_db()
    assert referral.status == "suggested"
    coach_mfa.post(
        url("coaching:referral_status", entry, referral_pk=referral.pk), {"status": "applied"}
    )
    referral.refresh_from_db()
    assert referral.status == "applied"


def test_job_outcome_and_errors(coach_mfa, entry):
    page = coach_mfa.post(
        url("coaching:outcome_add", entry), {"hours_per_week": "90"}
    ).content.decode()
    for message in (
        forms.OUTCOME_START_MISSING,
        forms.OUTCOME_EMPLOYER_MISSING,
        forms.OUTCOME_TITLE_MISSING,
        forms.OUTCOME_HOURS_MISSING,
        forms.OUTCOME_PAY_MISSING,
        forms.OUTCOME_CONTRACT_MISSING,
    ):
        assert escape(message) in page
    coach_mfa.post(
        url("coaching:outcome_add", entry),
        {
            **typed("start_date", days(-1)),
            "employer_name": "Camden Cafe",
            "job_title": "Barista",
            "hours_per_week": "20",
            "hourly_pay": "9.50",
            "contract_type": "permanent",
            "flexible_options": ["part_time"],
        },
    )
    outcome = JobOutcome.objects.get()
    assert outcome.below_living_wage
    assert (
        "Risk of in-work poverty" in coach_mfa.get(url("coaching:record", entry)).content.decode()
    )


def test_sustainment_record_and_errors(coach_mfa, post, entry):
    from decimal import Decimal

    outcome = outcome_services.job_outcome_record(
        resident=entry.resident,
        coach=post,
        start_date=days(-95),
        employer_name="E",
        job_title="T",
        hours_per_week=Decimal("20"),
        hourly_pay=Decimal("16"),
        contract_type="permanent",
        flexible_options=[],
    )
    check = outcome.sustainment_checks.get(weeks=13)
    target = url("coaching:sustainment_record", entry, check_pk=check.pk)
    assert forms.SUSTAINMENT_ANSWER_MISSING in coach_mfa.post(target, {}).content.decode()
    page = coach_mfa.post(target, {"still_in_work": "yes"}).content.decode()
    assert (
        escape(forms.SUSTAINMENT_HOURS_MISSING) in page
        and escape(forms.SUSTAINMENT_PAY_MISSING) in page
    )
    coach_mfa.post(target, {"still_in_work": "yes", "hours_per_week": "24", "hourly_pay": "16.50"})
    check.refresh_from_db()
    assert check.still_in_work and check.hours_per_week == Decimal("24")
    week26 = outcome.sustainment_checks.get(weeks=26)
    page = coach_mfa.post(
        url("coaching:sustainment_record", entry, check_pk=week26.pk), {"still_in_work": "no"}
    ).content.decode()
    assert escape(outcome_services.SUSTAINMENT_NOT_DUE) in page


def test_flexible_working_request_reuses_the_letter(coach_mfa, entry):
    page = coach_mfa.post(
        url("coaching:flexible_request_add", entry), {"full_name": ""}
    ).content.decode()
    for message in (CHANGE_MISSING, EMPLOYER_MISSING, START_MISSING):
        assert escape(message) in page
    response = coach_mfa.post(
        url("coaching:flexible_request_add", entry),
        {
            "full_name": entry.resident.full_name,
            "employer_name": "Camden Cafe",
            "requested_change": "Term-time only",
            "start_date_day": days(40).day,
            "start_date_month": days(40).month,
            "start_date_year": days(40).year,
            "previous_requests": "0",
        },
    )
    saved = FlexibleWorkingRequest.objects.get()
    assert "statutory request" in saved.letter.lower() and "Term-time only" in saved.letter
    page = coach_mfa.get(response["Location"]).content.decode()
    assert "Term-time only" in page
    assert audits(entry, "view").filter(subject_type="residents.flexibleworkingrequest").exists()


def test_transfer(coach_mfa, post, entry):
    colleague = CoachFactory(provider=post.provider)
    assert (
        forms.TRANSFER_COACH_MISSING
        in coach_mfa.post(url("coaching:transfer", entry), {}).content.decode()
    )
    response = coach_mfa.post(url("coaching:transfer", entry), {"to_coach": colleague.pk})
    assert response["Location"] == reverse("coaching:caseload")
    assert coach_mfa.get(url("coaching:record", entry)).status_code == 404


def test_invite_sends_a_claim_link(
    coach_mfa, post, django_capture_on_commit_callbacks, client, user
):
    entry = services.caseload_add_resident(coach=post, first_name="Sam", email=user.email)
    with django_capture_on_commit_callbacks(execute=True):
        coach_mfa.post(url("coaching:invite", entry), from_page=url("coaching:record", entry))
    (message,) = mail.outbox
    path = (
        message.body.split("testserver")[-1].split()[0]
        if "testserver" in message.body
        else "/" + message.body.split("/", 3)[3].split()[0]
    )
    client.force_login(user)
    assert client.get(path).status_code == 200
    assert client.post(path)["Location"] == reverse("coaching:plan")
    entry.resident.refresh_from_db()
    assert entry.resident.user == user


def test_a_claim_link_opened_by_another_account_does_not_take_the_record(
    coach_mfa, post, django_capture_on_commit_callbacks, client, user
):
    entry = services.caseload_add_resident(coach=post, first_name="Sam", email=user.email)
    with django_capture_on_commit_callbacks(execute=True):
        coach_mfa.post(url("coaching:invite", entry), from_page=url("coaching:record", entry))
    path = "/" + mail.outbox[0].body.split("://", 1)[1].split("/", 1)[1].split()[0]
    someone_else = UserFactory(email="someone.else@example.net")
    client.force_login(someone_else)
    page = client.get(path).content.decode()
    assert escape(services.INVITE_FOR_ANOTHER_ADDRESS) in page and "Link my record" not in page
    client.post(path, forged=True)
    entry.resident.refresh_from_db()
    assert entry.resident.user is None


def test_coach_records_withdrawal(coach_mfa, entry):
    coach_mfa.post(
        url("coaching:consent_withdraw_by_coach", entry), from_page=url("coaching:record", entry)
    )
    assert coach_mfa.get(url("coaching:record", entry)).status_code == 404


# -- The caseload page ------------------------------------------------------------------------


def _populate(post, n):
    # With consent to health information too, so every kind of barrier can be recorded.
    entries = [on_caseload(post, shares_health=True) for _ in range(n)]
    for i, entry in enumerate(entries):
        services.case_note_create(
            resident=entry.resident, coach=post, contact_on=days(-i), contact_type="phone", text="x"
        )
        plan_services.action_create(
            resident=entry.resident, coach=post, description="x", owner="coach", due_on=days(i)
        )
        plan_services.barrier_record(
            resident=entry.resident, coach=post, kind=BarrierKind.values[i % 9]
        )
    return entries


def test_caseload_lists_only_own_residents_with_summary(coach_mfa, post):
    mine = _populate(post, 2)
    on_caseload(CoachFactory(provider=post.provider))
    Action.objects.filter(resident=mine[1].resident).update(due_on=days(-3))
    response = coach_mfa.get(reverse("coaching:caseload"))
    rows = {e.resident_id: e for e in response.context["object_list"]}
    assert set(rows) == {e.resident_id for e in mine}
    assert rows[mine[1].resident_id].is_overdue and not rows[mine[0].resident_id].is_overdue
    assert rows[mine[0].resident_id].open_barriers == ["childcare"]
    assert "Overdue" in response.content.decode()


def test_caseload_query_count_does_not_grow(coach_mfa, post, django_assert_num_queries):
    _populate(post, 2)
    with django_assert_num_queries(8) as small:
        coach_mfa.get(reverse("coaching:caseload"))
    _populate(post, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        coach_mfa.get(reverse("coaching:caseload"))


def test_caseload_filters_sort_and_search(coach_mfa, post):
    entries = _populate(post, 3)
    target = entries[2].resident
    response = coach_mfa.get(
        reverse("coaching:caseload"), {"name": f"{target.first_name} {target.last_name}"}
    )
    assert [e.resident_id for e in response.context["object_list"]] == [target.pk]
    response = coach_mfa.get(reverse("coaching:caseload"), {"barrier": "health"})
    assert [e.resident_id for e in response.context["object_list"]] == [entries[2].resident_id]
    response = coach_mfa.get(reverse("coaching:caseload"), {"sort": "-next_action"})
    assert [e.resident_id for e in response.context["object_list"]] == [
        e.resident_id for e in reversed(entries)
    ]
    Action.objects.filter(resident=entries[0].resident).update(due_on=days(-1))
    response = coach_mfa.get(reverse("coaching:caseload"), {"overdue": "true"})
    assert [e.resident_id for e in response.context["object_list"]] == [entries[0].resident_id]


def test_manager_sees_every_coach_on_the_caseload(client, mfa_login, post):
    _populate(post, 1)
    on_caseload(CoachFactory(provider=post.provider))
    manager = ManagerCoachFactory(provider=post.provider)
    mfa_login(client, manager.user)
    assert client.get(reverse("coaching:caseload")).context["paginator"].count == 2


def test_csv_export(coach_mfa, post):
    entries = _populate(post, 2)
    entries[0].resident.first_name = "=HYPERLINK(1)"
    entries[0].resident.save()
    response = coach_mfa.get(reverse("coaching:caseload_export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name" and len(rows) == 3
    assert any(row[0].startswith("'=HYPERLINK") for row in rows)
    assert AuditEvent.objects.filter(action="export", actor=post.user).exists()


def test_report_page(client, mfa_login, post, django_assert_max_num_queries):
    _populate(post, 2)
    manager = ManagerCoachFactory(provider=post.provider)
    mfa_login(client, manager.user)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("coaching:report"))
    assert "All work coaches" in response.content.decode()


# -- The resident's own pages -------------------------------------------------------------------


@pytest.fixture
def resident_entry(post, resident):
    return on_caseload(post, resident)


def test_resident_sees_and_ticks_off_their_own_actions(resident_client, post, resident_entry):
    mine = plan_services.action_create(
        resident=resident_entry.resident,
        coach=post,
        description="Update CV",
        owner="resident",
        due_on=days(2),
    )
    coaches = plan_services.action_create(
        resident=resident_entry.resident,
        coach=post,
        description="Call employer",
        owner="coach",
        due_on=days(2),
    )
    page = resident_client.get(reverse("coaching:plan")).content.decode()
    assert "Update CV" in page and "Call employer" in page
    assert (
        resident_client.post(
            reverse("coaching:plan_action_done", kwargs={"action_pk": coaches.pk}), forged=True
        ).status_code
        == 404
    )
    resident_client.post(reverse("coaching:plan_action_done", kwargs={"action_pk": mine.pk}))
    mine.refresh_from_db()
    assert mine.completed_by == resident_entry.resident.user


def test_resident_cannot_touch_another_residents_plan(client, post, resident_entry, other_resident):
    action = plan_services.action_create(
        resident=resident_entry.resident,
        coach=post,
        description="x",
        owner="resident",
        due_on=days(2),
    )
    client.force_login(other_resident.user)
    assert "x</strong>" not in client.get(reverse("coaching:plan")).content.decode()
    assert (
        client.post(
            reverse("coaching:plan_action_done", kwargs={"action_pk": action.pk}), forged=True
        ).status_code
        == 404
    )


def test_resident_responds_to_a_referral(resident_client, post, resident_entry):
    referral = referral_services.referral_create(
        resident=resident_entry.resident, coach=post, vacancy=LiveVacancyFactory()
    )
    page = resident_client.get(reverse("coaching:plan")).content.decode()
    assert referral.vacancy.title in page and "Suggested" in page
    target = reverse("coaching:plan_referral_respond", kwargs={"referral_pk": referral.pk})
    resident_client.post(target, {"response": "bogus"})
    referral.refresh_from_db()
    assert referral.response == ""
    resident_client.post(target, {"response": "interested"})
    referral.refresh_from_db()
    assert referral.response == "interested"


def test_resident_sees_who_viewed_their_record(client, mfa_login, post, resident_entry):
    mfa_login(client, post.user)
    client.get(reverse("coaching:record", kwargs={"pk": resident_entry.resident_id}))
    client.force_login(resident_entry.resident.user)
    page = client.get(reverse("coaching:record_views")).content.decode()
    assert escape(f"{post.user.display_name}, {post.provider.name}") in page and "Viewed" in page
    assert post.user.email not in page


def test_resident_withdraws_consent(resident_client, post, resident_entry):
    consent = resident_entry.resident.consents.get()
    resident_client.post(
        reverse("coaching:consent_withdraw", kwargs={"consent_pk": consent.pk}),
        from_page=reverse("coaching:plan"),
    )
    from residents.models import Resident

    assert not Resident.objects.visible_to(post.user).exists()


def test_resident_asks_for_support_and_errors(resident_client, post):
    page = resident_client.post(reverse("coaching:support_request"), {}).content.decode()
    assert escape(forms.PROVIDER_MISSING) in page and escape(forms.CONSENT_MISSING) in page
    response = resident_client.post(
        reverse("coaching:support_request"),
        {"provider": post.provider.pk, "shares": ["profile", "plan"]},
    )
    assert response["Location"] == reverse("coaching:plan")
    assert post.caseload_entries.count() == 1


def test_plan_query_count_is_pinned(
    resident_client, post, resident_entry, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            plan_services.action_create(
                resident=resident_entry.resident,
                coach=post,
                description=f"a{i}",
                owner="resident",
                due_on=days(i),
            )
            referral_services.referral_create(
                resident=resident_entry.resident, coach=post, vacancy=LiveVacancyFactory()
            )

    add(1)
    with django_assert_num_queries(10):
        resident_client.get(reverse("coaching:plan"))
    add(4)
    with django_assert_num_queries(10):
        resident_client.get(reverse("coaching:plan"))


def test_record_views_query_count_is_pinned(
    client, mfa_login, post, resident_entry, django_assert_num_queries
):
    mfa_login(client, post.user)
    client.get(reverse("coaching:record", kwargs={"pk": resident_entry.resident_id}))
    client.force_login(resident_entry.resident.user)
    with django_assert_num_queries(7):
        client.get(reverse("coaching:record_views"))
    mfa_login(client, post.user)
    for _ in range(3):
        client.get(reverse("coaching:record", kwargs={"pk": resident_entry.resident_id}))
    client.force_login(resident_entry.resident.user)
    with django_assert_num_queries(7):
        assert len(client.get(reverse("coaching:record_views")).context["events"]) == 5


# -- Changing what was saved: each form reopens showing exactly what was saved -----------------


def test_status_change_round_trip(coach_mfa, entry):
    page = coach_mfa.get(url("coaching:status_change", entry)).content.decode()
    assert re.search(r'value="looking" checked', page)
    coach_mfa.post(url("coaching:status_change", entry), {"status": "paused"})
    page = coach_mfa.get(url("coaching:status_change", entry)).content.decode()
    assert re.search(r'value="paused" checked', page) and not re.search(
        r'value="looking" checked', page
    )
    record = coach_mfa.get(url("coaching:record", entry)).content.decode()
    assert f"Paused</strong> since {days(0):%-d %B %Y}" in record


def test_action_change_round_trip(coach_mfa, post, entry):
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description="Update CV", owner="resident",
        due_on=days(3),
    )
    edit = url("coaching:action_edit", entry, action_pk=action.pk)
    page = coach_mfa.get(url("coaching:record", entry)).content.decode()
    assert f'href="{edit}"' in page
    page = coach_mfa.get(edit).content.decode()
    assert date_boxes(page, "due_on") == [str(days(3).day), str(days(3).month), str(days(3).year)]
    changed = {"description": "Update CV and cover letter", "owner": "coach"}
    response = coach_mfa.post(edit, {**changed, **typed("due_on", days(40))})
    assert response.status_code == 302
    page = coach_mfa.get(edit).content.decode()
    assert 'value="Update CV and cover letter"' in page
    assert re.search(r'value="coach" checked', page)
    due = days(40)
    assert date_boxes(page, "due_on") == [str(due.day), str(due.month), str(due.year)]
    action.refresh_from_db()
    assert (action.description, action.owner, action.due_on) == (
        "Update CV and cover letter", "coach", days(40)
    )
    assert audits(entry, "change").filter(subject_type="residents.action").exists()


def test_an_overdue_action_keeps_its_date_but_cannot_move_into_the_past(coach_mfa, post, entry):
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description="Call", owner="coach", due_on=days(1)
    )
    Action.objects.filter(pk=action.pk).update(due_on=days(-5))
    edit = url("coaching:action_edit", entry, action_pk=action.pk)
    coach_mfa.get(edit)
    assert coach_mfa.post(
        edit, {"description": "Call back", "owner": "coach", **typed("due_on", days(-5))}
    ).status_code == 302
    page = coach_mfa.post(
        edit, {"description": "Call back", "owner": "coach", **typed("due_on", days(-6))}
    ).content.decode()
    assert escape(forms.ACTION_DUE_IN_PAST) in page
    assert Action.objects.get(pk=action.pk).due_on == days(-5)


def test_a_done_action_is_not_offered_for_change_and_its_old_link_leads_back(
    coach_mfa, post, entry
):
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description="Call", owner="coach", due_on=days(1)
    )
    edit = url("coaching:action_edit", entry, action_pk=action.pk)
    record = url("coaching:record", entry)
    assert f'href="{edit}"' in coach_mfa.get(record).content.decode()
    plan_services.action_complete(action=action, by=post.user)
    assert f'href="{edit}"' not in coach_mfa.get(record).content.decode()
    # A link opened before the action was done leads back to the record, saying why.
    response = coach_mfa.get(edit)
    assert response.status_code == 302 and response["Location"] == record
    done = views.ACTION_DONE_NOT_CHANGED.format(action="Call", day=f"{days(0):%-d %B %Y}")
    assert escape(done) in coach_mfa.get(record).content.decode()


def test_an_action_done_while_its_change_form_is_open_stays_as_it_was_done(
    coach_mfa, post, resident_entry
):
    action = plan_services.action_create(
        resident=resident_entry.resident, coach=post, description="Update CV", owner="resident",
        due_on=days(3),
    )
    edit = url("coaching:action_edit", resident_entry, action_pk=action.pk)
    coach_mfa.get(edit)
    # The resident ticks it off on their plan meanwhile.
    plan_services.action_complete(action=action, by=resident_entry.resident.user)
    response = coach_mfa.post(
        edit, {"description": "Update CV and cover letter", "owner": "resident",
               **typed("due_on", days(9))},
    )
    assert response["Location"] == url("coaching:record", resident_entry)
    action.refresh_from_db()
    assert (action.description, action.due_on) == ("Update CV", days(3))
    assert not audits(resident_entry, "change").filter(detail__startswith="Action changed").exists()


def test_another_providers_action_is_not_linked_and_cannot_be_changed(coach_mfa, post, entry):
    elsewhere = CoachFactory()
    on_caseload(elsewhere, entry.resident)
    theirs = plan_services.action_create(
        resident=entry.resident, coach=elsewhere, description="Their call", owner="coach",
        due_on=days(2),
    )
    edit = url("coaching:action_edit", entry, action_pk=theirs.pk)
    page = coach_mfa.get(url("coaching:record", entry)).content.decode()
    assert "Their call" not in page and f'href="{edit}"' not in page
    assert coach_mfa.get(edit).status_code == 404
    response = coach_mfa.post(
        edit, {"description": "Mine now", "owner": "coach", **typed("due_on", days(4))},
        forged=True,
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.description == "Their call"


def record_links(page, entry):
    """The record's links to the resident's own pages (the record itself and its lists aside)."""
    own = url("coaching:record", entry)
    return sorted({href for href in re.findall(r'href="([^"]+)"', page) if href.startswith(own)
                   and href != own})


def test_every_link_on_a_full_record_opens(coach_mfa, post, entry):
    """Open and done actions (the resident's and the coach's), a barrier, a job start with a
    check due, a letter and a suggested move: each link the record shows answers 200."""
    resident = entry.resident
    for owner, due in (("resident", days(3)), ("coach", days(-2))):
        plan_services.action_create(
            resident=resident, coach=post, description=f"For the {owner}", owner=owner, due_on=due
        )
    done = plan_services.action_create(
        resident=resident, coach=post, description="Done one", owner="resident", due_on=days(1)
    )
    plan_services.action_complete(action=done, by=post.user)
    made_by = {"resident": resident, "provider": post.provider}
    BarrierFactory(recorded_by=post, **made_by)
    JobOutcome13WeekCheckDueFactory(coach=post, **made_by)
    FlexibleWorkingRequestFactory(prepared_by=post, **made_by)
    CoachFactory()  # a provider to suggest a move to
    links = record_links(coach_mfa.get(url("coaching:record", entry)).content.decode(), entry)
    assert url("coaching:transfer_propose", entry) in links
    assert url("coaching:action_edit", entry, action_pk=done.pk) not in links
    assert len([link for link in links if link.endswith("/change/")]) == 3  # 2 actions, 1 job
    assert {link: coach_mfa.get(link).status_code for link in links} == dict.fromkeys(links, 200)


def test_the_move_link_opens_and_suggests_a_move_the_record_then_shows(coach_mfa, post, entry):
    receiving = CoachFactory()
    move = url("coaching:transfer_propose", entry)
    assert f'href="{move}"' in coach_mfa.get(url("coaching:record", entry)).content.decode()
    coach_mfa.get(move)
    response = coach_mfa.post(
        move, {"to_provider": receiving.provider.pk, "reason": "Closer to home"}
    )
    assert response["Location"] == url("coaching:record", entry)
    page = coach_mfa.get(url("coaching:record", entry)).content.decode()
    assert escape(f"To {receiving.provider.name}, suggested") in page
    assert "Cancel the move" in page


def test_after_a_transfer_to_a_colleague_the_move_is_theirs_to_suggest(
    client, coach_mfa, mfa_login, post, entry
):
    """The resident leaves the coach's caseload: the record and everything linked from it
    (the move page too) is no longer theirs to open; the new coach's record offers it."""
    colleague = CoachFactory(provider=post.provider)
    transfer = url("coaching:transfer", entry)
    coach_mfa.get(transfer)
    coach_mfa.post(transfer, {"to_coach": colleague.pk})
    move = url("coaching:transfer_propose", entry)
    assert coach_mfa.get(url("coaching:record", entry)).status_code == 404
    assert coach_mfa.get(move).status_code == 404
    mfa_login(client, colleague.user)
    assert f'href="{move}"' in client.get(url("coaching:record", entry)).content.decode()
    assert client.get(move).status_code == 200


JOB_START = {
    "employer_name": "Camden Libraries",
    "job_title": "Library assistant",
    "hours_per_week": "22.5",
    "hourly_pay": "15.10",
    "contract_type": "permanent",
    "flexible_options": ["part_time", "term_time"],
}


def test_job_start_from_a_suggested_job_moves_the_status_and_round_trips(
    coach_mfa, post, entry
):
    referral = referral_services.referral_create(
        resident=entry.resident, coach=post, vacancy=LiveVacancyFactory(title="Library assistant")
    )
    page = coach_mfa.get(url("coaching:outcome_add", entry)).content.decode()
    assert "Library assistant" in page and "No, they found it another way" in page
    response = coach_mfa.post(
        url("coaching:outcome_add", entry),
        {**JOB_START, "referral": str(referral.pk), **typed("start_date", days(-3))},
    )
    assert response.status_code == 302
    outcome = JobOutcome.objects.get()
    assert outcome.referral == referral
    referral.refresh_from_db()
    entry.refresh_from_db()
    assert referral.status == "started" and entry.status == "in_work"
    record = coach_mfa.get(response["Location"]).content.decode()
    assert "Status changed from looking for work to in work." in record
    assert "In work</strong> since" in record
    assert "From the suggested job" in record
    assert "22.5 hours a week at £15.10 an hour" in record
    assert "13-week check, due" in record and "52-week check, due" in record

    edit = url("coaching:outcome_edit", entry, outcome_pk=outcome.pk)
    page = coach_mfa.get(edit).content.decode()
    start = days(-3)
    assert date_boxes(page, "start_date") == [str(start.day), str(start.month), str(start.year)]
    assert re.search(rf'value="{referral.pk}" checked', page)
    assert 'value="Camden Libraries"' in page and 'value="22.5"' in page
    assert 'value="15.10"' in page
    assert re.search(r'value="term_time" checked', page)


def test_changing_a_job_start_moves_its_checks_and_round_trips(coach_mfa, post, entry):
    outcome = outcome_services.job_outcome_record(
        resident=entry.resident, coach=post, start_date=days(-10), employer_name="E",
        job_title="T", hours_per_week=Decimal("20"), hourly_pay=Decimal("16"),
        contract_type="permanent", flexible_options=[],
    )
    edit = url("coaching:outcome_edit", entry, outcome_pk=outcome.pk)
    coach_mfa.get(edit)
    new_start = days(-20)
    response = coach_mfa.post(
        edit, {**JOB_START, "hours_per_week": "30", **typed("start_date", new_start)}
    )
    assert response.status_code == 302
    page = coach_mfa.get(edit).content.decode()
    assert date_boxes(page, "start_date") == [
        str(new_start.day), str(new_start.month), str(new_start.year)
    ]
    assert 'value="30"' in page and 'value="Library assistant"' in page
    assert sorted(outcome.sustainment_checks.values_list("weeks", "due_on")) == [
        (weeks, new_start + timezone_weeks(weeks)) for weeks in (13, 26, 52)
    ]


def test_job_start_found_elsewhere_is_not_linked(coach_mfa, post, entry):
    referral_services.referral_create(
        resident=entry.resident, coach=post, vacancy=LiveVacancyFactory()
    )
    coach_mfa.post(
        url("coaching:outcome_add", entry),
        {**JOB_START, "referral": forms.FOUND_ELSEWHERE, **typed("start_date", days(-1))},
    )
    outcome = JobOutcome.objects.get()
    assert outcome.referral is None
    edit = url("coaching:outcome_edit", entry, outcome_pk=outcome.pk)
    page = coach_mfa.get(edit).content.decode()
    assert re.search(rf'value="{forms.FOUND_ELSEWHERE}" checked', page)


def test_job_start_offers_only_this_providers_referrals(coach_mfa, post, entry):
    elsewhere = CoachFactory()
    on_caseload(elsewhere, entry.resident)
    theirs = referral_services.referral_create(
        resident=entry.resident, coach=elsewhere, vacancy=LiveVacancyFactory(title="Their job")
    )
    page = coach_mfa.get(url("coaching:outcome_add", entry)).content.decode()
    assert "Their job" not in page and 'name="referral"' not in page
    coach_mfa.post(
        url("coaching:outcome_add", entry),
        {**JOB_START, "referral": str(theirs.pk), **typed("start_date", days(-1))},
    )
    assert JobOutcome.objects.get().referral is None
    theirs.refresh_from_db()
    assert theirs.status == "suggested"


def timezone_weeks(weeks):
    import datetime

    return datetime.timedelta(weeks=weeks)


# -- Suggest a job -----------------------------------------------------------------------------


def test_suggest_a_job_search_and_button(coach_mfa, entry, django_capture_on_commit_callbacks):
    wanted = LiveVacancyFactory(title="Library assistant", pay_min=Decimal("23088"),
                                pay_max=Decimal("23088"), pay_period="year",
                                hours_min=Decimal("20"), hours_max=Decimal("20"))
    LiveVacancyFactory(title="Care assistant")
    page = coach_mfa.get(url("coaching:referral_add", entry), {"q": "library"}).content.decode()
    assert "1 live job</strong> match" in page
    assert "Library assistant" in page and "Care assistant" not in page
    assert "£23,088 a year" in page and "20 hours a week" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coach_mfa.post(
            url("coaching:referral_add", entry),
            {"vacancy": wanted.pk, "q": "library", "message": "Near home"},
        )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.vacancy, referral.message) == (wanted, "Near home")
    page = coach_mfa.get(url("coaching:referral_add", entry), {"q": "library"}).content.decode()
    assert "Already suggested" in page


def test_a_job_that_closed_while_the_page_was_open_is_not_suggested(coach_mfa, entry):
    vacancy = LiveVacancyFactory(title="Library assistant")
    coach_mfa.get(url("coaching:referral_add", entry))
    vacancy.closing_date = days(-1)
    vacancy.save()
    page = coach_mfa.post(
        url("coaching:referral_add", entry), {"vacancy": vacancy.pk}
    ).content.decode()
    assert escape(forms.VACANCY_MISSING) in page and "govuk-error-summary" in page
    assert not Referral.objects.exists()


def test_suggest_a_job_query_count_does_not_grow(coach_mfa, entry, django_assert_num_queries):
    # The fit ranking and the keywords are one query; the page of vacancies is read in full once.
    LiveVacancyFactory.create_batch(2)
    with django_assert_num_queries(11) as small:
        coach_mfa.get(url("coaching:referral_add", entry))
    LiveVacancyFactory.create_batch(8)
    with django_assert_num_queries(len(small.captured_queries)):
        coach_mfa.get(url("coaching:referral_add", entry))


# -- The manager's report ----------------------------------------------------------------------


@pytest.fixture
def manager_client(client, mfa_login, post):
    manager = ManagerCoachFactory(provider=post.provider)
    mfa_login(client, manager.user)
    client.manager = manager
    return client


def test_report_is_in_the_navigation_for_managers_only(manager_client, mfa_login, post):
    nav_link = f'service-navigation__link" href="{reverse("coaching:report")}"'
    assert nav_link in manager_client.get(reverse("coaching:caseload")).content.decode()
    coach_client = mfa_login(FormClient(), post.user)
    assert nav_link not in coach_client.get(reverse("coaching:caseload")).content.decode()


def test_report_has_no_wide_table_and_defaults_to_three_months(manager_client, post):
    page = manager_client.get(reverse("coaching:report")).content.decode()
    assert "<table" not in page and "govuk-summary-card" in page
    from residents.coaching.selectors.reports import default_period

    start, end = default_period()
    assert date_boxes(page, "start") == [str(start.day), str(start.month), str(start.year)]
    assert date_boxes(page, "end") == [str(end.day), str(end.month), str(end.year)]
    assert start.day == 1 and (end.year * 12 + end.month) - (start.year * 12 + start.month) == 2


def test_report_period_counts_only_its_job_starts(manager_client, post, entry):
    for start in (days(-400), days(-5)):
        outcome_services.job_outcome_record(
            resident=entry.resident, coach=post, start_date=start, employer_name="E",
            job_title="T", hours_per_week=Decimal("20"), hourly_pay=Decimal("16"),
            contract_type="permanent", flexible_options=[],
        )
    response = manager_client.get(
        reverse("coaching:report"), {**typed("start", days(-30)), **typed("end", days(0))}
    )
    totals = response.context["reports"][0][1]["totals"]
    assert totals["starts"] == 1
    response = manager_client.get(
        reverse("coaching:report"), {**typed("start", days(-500)), **typed("end", days(0))}
    )
    assert response.context["reports"][0][1]["totals"]["starts"] == 2


def test_report_period_errors(manager_client):
    page = manager_client.get(
        reverse("coaching:report"), {**typed("start", days(0)), **typed("end", days(-1))}
    ).content.decode()
    assert "govuk-error-summary" in page and escape(forms.PERIOD_END_BEFORE_START) in page
    assert "govuk-summary-card" not in page
    page = manager_client.get(
        reverse("coaching:report"), {"start_day": "31", "start_month": "2", "start_year": "2026"}
    ).content.decode()
    assert escape("The first day of the period must be a real date.") in page
    assert escape(forms.PERIOD_END_MISSING) in page


def test_report_csv_has_the_same_figures_and_is_audited(manager_client, post, entry):
    entry.resident.first_name = "=cmd"
    entry.resident.save()
    post.user.first_name = "=HYPERLINK(1)"
    post.user.save()
    outcome_services.job_outcome_record(
        resident=entry.resident, coach=post, start_date=days(-5), employer_name="E",
        job_title="T", hours_per_week=Decimal("20"), hourly_pay=Decimal("16"),
        contract_type="permanent", flexible_options=["part_time"],
    )
    query = {**typed("start", days(-30)), **typed("end", days(0))}
    page = manager_client.get(reverse("coaching:report"), query)
    assert reverse("coaching:report_export") + "?" in page.content.decode()
    response = manager_client.get(reverse("coaching:report_export"), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    by_coach = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    coach_row = next(row for name, row in by_coach.items() if name.startswith("'=HYPERLINK"))
    assert coach_row["Job starts"] == "1" and coach_row["Job starts with flexible options"] == "1"
    assert coach_row["From"] == days(-30).isoformat() and coach_row["To"] == days(0).isoformat()
    assert by_coach["All work coaches"]["Job starts"] == "1"
    assert len(header) <= len(set(header))
    event = AuditEvent.objects.get(action="export", actor=manager_client.manager.user)
    assert "Caseload report exported as CSV" in event.detail


def test_report_csv_with_a_wrong_period_goes_back_to_the_report(manager_client):
    query = {**typed("start", days(0)), **typed("end", days(-1))}
    response = manager_client.get(reverse("coaching:report_export"), query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("coaching:report"))
    assert not AuditEvent.objects.filter(action="export").exists()
