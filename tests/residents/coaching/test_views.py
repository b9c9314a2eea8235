"""Coaching pages as a coach and a resident use them: forms, errors, audit rows, query counts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from goodwork.core.models import AuditEvent
from jobs.letters import CHANGE_MISSING, EMPLOYER_MISSING, START_MISSING
from residents.coaching import forms
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
from tests.goodwork.core.factories import UserFactory
from tests.jobs.factories import LiveVacancyFactory
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
        {"contact_on": days(0).isoformat(), "contact_type": "in_person", "text": "Met"},
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
        url("coaching:note_add", entry), {"contact_on": days(1).isoformat()}
    ).content.decode()
    assert escape(forms.NOTE_DATE_IN_FUTURE) in page


def test_action_and_errors(coach_mfa, entry):
    page = coach_mfa.post(
        url("coaching:action_add", entry), {"due_on": days(-1).isoformat()}
    ).content.decode()
    for message in (
        forms.ACTION_DESCRIPTION_MISSING,
        forms.ACTION_OWNER_MISSING,
        forms.ACTION_DUE_IN_PAST,
    ):
        assert escape(message) in page
    coach_mfa.post(
        url("coaching:action_add", entry),
        {"description": "Apply for 2 jobs", "owner": "resident", "due_on": days(7).isoformat()},
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
            "start_date": days(-1).isoformat(),
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
