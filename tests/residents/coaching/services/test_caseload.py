from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwork.core.models import AuditEvent
from jobs.models import LivingWageRate
from residents.coaching.models import (
    Barrier,
    BarrierKind,
    CaseloadEntry,
    Consent,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)
from residents.coaching.selectors.caseload import referral_counts_for_vacancies
from residents.coaching.selectors.reports import provider_report
from residents.coaching.services import caseload as services
from residents.coaching.services import consent as consent_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory
from tests.residents.coaching.helpers import days, on_caseload
from tests.residents.factories import CoachFactory, ProviderFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(coach):
    return coach.coach_roles.get()


@pytest.fixture
def entry(post):
    return on_caseload(post)


def test_add_resident_records_consent_entry_barriers_and_audit(post):
    entry = services.caseload_add_resident(
        coach=post,
        first_name="Amina",
        last_name="Begum",
        barriers=[BarrierKind.CHILDCARE, BarrierKind.DEBT],
        shares_health=True,
    )
    resident = entry.resident
    assert resident.user is None and resident.created_by == post.user
    consent = Consent.objects.get(resident=resident)
    assert (consent.provider, consent.given_by, consent.shares_health) == (
        post.provider,
        post.user,
        True,
    )
    assert set(resident.barriers.values_list("kind", flat=True)) == {"childcare", "debt"}
    assert (
        AuditEvent.objects.filter(resident_id=resident.pk, actor=post.user, action="create").count()
        == 5
    )


def test_same_provider_cannot_take_a_resident_twice(post, entry):
    with pytest.raises(ValidationError, match=services.ALREADY_ON_CASELOAD):
        services._open_entry(resident=entry.resident, coach=post)


def test_request_support_goes_to_the_least_busy_coach(
    post, entry, django_capture_on_commit_callbacks
):
    quiet = CoachFactory(provider=post.provider)
    resident = ResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.resident_request_support(
            resident=resident, provider=post.provider, goals="Part-time work in a school"
        )
    assert new.coach == quiet
    (message,) = mail.outbox
    assert message.to == [quiet.user.email] and "Part-time work in a school" in message.body
    assert Consent.objects.current().get(resident=resident).given_by == resident.user


def test_request_support_refused_when_provider_takes_none(resident):
    provider = ProviderFactory(accepts_self_referrals=False)
    with pytest.raises(ValidationError, match=services.PROVIDER_NOT_TAKING_REFERRALS):
        services.resident_request_support(resident=resident, provider=provider)
    with pytest.raises(ValidationError, match=services.PROVIDER_HAS_NO_COACHES):
        services.resident_request_support(resident=resident, provider=ProviderFactory())


def test_withdrawal_closes_the_entry_but_keeps_history(post, entry):
    consent_services.consent_withdraw(consent=entry.resident.consents.get(), by=post.user)
    entry.refresh_from_db()
    assert entry.ended_at is not None and entry.end_reason == "Consent withdrawn"
    assert CaseloadEntry.objects.filter(resident=entry.resident).count() == 1
    with pytest.raises(ValidationError, match=consent_services.CONSENT_ALREADY_WITHDRAWN):
        consent_services.consent_withdraw(consent=entry.resident.consents.get(), by=post.user)


def test_changing_consent_keeps_the_earlier_terms(post, entry):
    consent_services.consent_record(
        resident=entry.resident, provider=post.provider, by=post.user, shares_health=True
    )
    rows = Consent.objects.filter(resident=entry.resident).order_by("given_at")
    assert [c.withdrawn_at is None for c in rows] == [False, True]
    assert rows.last().shares_health


def test_transfer_within_provider_keeps_history(post, entry):
    colleague = CoachFactory(provider=post.provider)
    new = services.resident_transfer(entry=entry, to_coach=colleague, by=post.user)
    entries = CaseloadEntry.objects.filter(resident=entry.resident).order_by("started_at")
    assert [e.coach for e in entries] == [post, colleague]
    assert entries.first().ended_at is not None and new.ended_at is None


def test_a_coach_cannot_transfer_to_another_provider_alone(post, entry):
    elsewhere = CoachFactory()
    with pytest.raises(ValidationError, match="needs the resident's agreement"):
        services.resident_transfer(entry=entry, to_coach=elsewhere, by=post.user)
    assert not Consent.objects.filter(resident=entry.resident, provider=elsewhere.provider).exists()
    entry.refresh_from_db()
    assert entry.ended_at is None


def test_transfer_rejects_same_or_inactive_coach(post, entry):
    with pytest.raises(ValidationError, match=services.TRANSFER_TO_SAME_COACH):
        services.resident_transfer(entry=entry, to_coach=post, by=post.user)
    inactive = CoachFactory(provider=post.provider, active=False)
    with pytest.raises(ValidationError, match=services.TRANSFER_COACH_INACTIVE):
        services.resident_transfer(entry=entry, to_coach=inactive, by=post.user)


def test_barriers_change_by_rows_with_dates(post, entry):
    barrier = plan_services.barrier_record(
        resident=entry.resident, coach=post, kind=BarrierKind.HOUSING, identified_on=days(-30)
    )
    plan_services.barrier_resolve(barrier=barrier, coach=post)
    plan_services.barrier_record(resident=entry.resident, coach=post, kind=BarrierKind.HOUSING)
    rows = Barrier.objects.filter(resident=entry.resident).order_by("identified_on")
    assert [(b.identified_on, b.resolved_on) for b in rows] == [
        (days(-30), days(0)),
        (days(0), None),
    ]


def test_action_complete_once(post, entry):
    action = plan_services.action_create(
        resident=entry.resident,
        coach=post,
        description="Update CV",
        owner="resident",
        due_on=days(3),
    )
    plan_services.action_complete(action=action, by=post.user)
    with pytest.raises(ValidationError, match=plan_services.ACTION_ALREADY_DONE):
        plan_services.action_complete(action=action, by=post.user)


def test_referral_emails_the_resident_after_commit(post, entry, django_capture_on_commit_callbacks):
    vacancy = LiveVacancyFactory()
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_services.referral_create(
            resident=entry.resident, coach=post, vacancy=vacancy, message="Near you"
        )
    assert referral.status == ReferralStatus.SUGGESTED
    (message,) = mail.outbox
    assert message.to == [entry.resident.email] and vacancy.title in message.subject
    assert "Near you" in message.body and vacancy.get_absolute_url() in message.alternatives[0][0]


def test_referral_only_to_live_vacancies_and_once(post, entry):
    with pytest.raises(ValidationError, match=referral_services.VACANCY_NOT_LIVE):
        referral_services.referral_create(
            resident=entry.resident, coach=post, vacancy=DraftVacancyFactory()
        )
    vacancy = LiveVacancyFactory()
    referral_services.referral_create(resident=entry.resident, coach=post, vacancy=vacancy)
    with pytest.raises(ValidationError, match=referral_services.ALREADY_REFERRED):
        referral_services.referral_create(resident=entry.resident, coach=post, vacancy=vacancy)


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        (["applied", "interview", "offer", "started"], True),
        (["applied", "offer", "started"], True),
        (["applied", "unsuccessful"], True),
        (["withdrawn"], True),
        (["interview"], False),
        (["started"], False),
        (["applied", "started"], False),
        (["applied", "unsuccessful", "applied"], False),
        (["withdrawn", "applied"], False),
    ],
)
def test_referral_status_transitions(post, entry, path, ok):
    referral = referral_services.referral_create(
        resident=entry.resident, coach=post, vacancy=LiveVacancyFactory()
    )
    try:
        for status in path:
            referral = referral_services.referral_update_status(
                referral=referral, coach=post, status=status
            )
    except ValidationError as error:
        assert not ok, error
        assert "cannot move from" in error.messages[0]
    else:
        assert ok
        assert Referral.objects.get(pk=referral.pk).status == path[-1]


def _outcome(post, entry, pay: str, hours: str = "30", start: datetime.date | None = None):
    return outcome_services.job_outcome_record(
        resident=entry.resident,
        coach=post,
        start_date=start or days(-1),
        employer_name="Camden Cafe",
        job_title="Barista",
        hours_per_week=Decimal(hours),
        hourly_pay=Decimal(pay),
        contract_type="permanent",
        flexible_options=["part_time"],
    )


def test_job_outcome_flags_pay_below_the_living_wage_in_force_on_the_start_date(post, entry):
    LivingWageRate.objects.all().delete()
    LivingWageRate.objects.create(
        hourly_rate=Decimal("13.15"),
        effective_from=datetime.date(2023, 11, 1),
        announced_on=datetime.date(2023, 10, 20),
    )
    LivingWageRate.objects.create(
        hourly_rate=Decimal("14.80"),
        effective_from=datetime.date(2025, 11, 1),
        announced_on=datetime.date(2025, 10, 20),
    )
    before = _outcome(post, entry, "14.00", start=datetime.date(2024, 6, 1))
    after = _outcome(post, entry, "14.00", start=datetime.date(2026, 6, 1))
    assert (before.living_wage_rate, before.below_living_wage) == (Decimal("13.15"), False)
    assert (after.living_wage_rate, after.below_living_wage) == (Decimal("14.80"), True)
    assert after.in_work_poverty_risk


def test_job_outcome_flags_fewer_hours_than_wanted(post, entry):
    entry.resident.hours_min = Decimal("25")
    entry.resident.save()
    assert _outcome(post, entry, "20.00", hours="16").fewer_hours_than_wanted
    assert not _outcome(post, entry, "20.00", hours="30").in_work_poverty_risk


def test_job_outcome_schedules_13_26_and_52_week_checks(post, entry):
    start = datetime.date(2026, 1, 5)
    outcome = _outcome(post, entry, "20", start=start)
    assert list(outcome.sustainment_checks.order_by("weeks").values_list("weeks", "due_on")) == [
        (13, datetime.date(2026, 4, 6)),
        (26, datetime.date(2026, 7, 6)),
        (52, datetime.date(2027, 1, 4)),
    ]


def test_sustainment_check_recorded_once_and_only_when_due(post, entry):
    outcome = _outcome(post, entry, "20", start=days(-100))
    week13, week26, _week52 = outcome.sustainment_checks.order_by("weeks")
    with pytest.raises(ValidationError, match=outcome_services.SUSTAINMENT_NOT_DUE):
        outcome_services.sustainment_check_record(
            check=week26,
            coach=post,
            still_in_work=True,
            hours_per_week=Decimal("30"),
            hourly_pay=Decimal("20"),
        )
    outcome_services.sustainment_check_record(
        check=week13,
        coach=post,
        still_in_work=True,
        hours_per_week=Decimal("30"),
        hourly_pay=Decimal("21"),
    )
    with pytest.raises(ValidationError, match=outcome_services.SUSTAINMENT_ALREADY_RECORDED):
        outcome_services.sustainment_check_record(check=week13, coach=post, still_in_work=False)
    assert SustainmentCheck.objects.get(pk=week13.pk).hourly_pay == Decimal("21")


def test_invite_and_claim(post, user):
    entry = services.caseload_add_resident(coach=post, first_name="Sam", email=user.email)
    token = services.resident_invite(resident=entry.resident, coach=post)
    resident = services.resident_claim(token=token, user=user)
    assert resident.user == user
    with pytest.raises(ValidationError, match=services.INVITE_INVALID):
        services.resident_claim(token=token, user=user)


def test_invite_rejects_tampered_tokens_and_missing_email(post, user):
    entry = services.caseload_add_resident(coach=post, first_name="Sam")
    with pytest.raises(ValidationError, match=services.RESIDENT_HAS_NO_EMAIL):
        services.resident_invite(resident=entry.resident, coach=post)
    with pytest.raises(ValidationError, match=services.INVITE_INVALID):
        services.resident_claim(token="nonsense", user=user)


def test_claim_refused_when_account_already_has_a_record(post, resident):
    entry = services.caseload_add_resident(coach=post, first_name="Sam", email="sam@example.net")
    token = services.resident_invite(resident=entry.resident, coach=post)
    with pytest.raises(ValidationError, match=services.USER_ALREADY_A_RESIDENT):
        services.resident_claim(token=token, user=resident.user)


def test_referral_counts_for_vacancies_by_status(post):
    one, two, none = LiveVacancyFactory(), LiveVacancyFactory(), LiveVacancyFactory()
    for _ in range(3):
        referral_services.referral_create(
            resident=on_caseload(post).resident, coach=post, vacancy=one
        )
    referral = referral_services.referral_create(
        resident=on_caseload(post).resident, coach=post, vacancy=two
    )
    referral_services.referral_update_status(referral=referral, coach=post, status="applied")
    counts = referral_counts_for_vacancies([one.pk, two.pk, none.pk])
    assert counts == {one.pk: {"total": 3, "suggested": 3}, two.pk: {"total": 1, "applied": 1}}


def test_provider_report_counts_per_coach_and_overall(post, django_assert_max_num_queries):
    colleague = CoachFactory(provider=post.provider)
    mine, theirs = on_caseload(post), on_caseload(colleague)
    on_caseload(CoachFactory())  # another provider's: not counted
    services.case_note_create(
        resident=mine.resident, coach=post, contact_on=days(0), contact_type="phone", text="x"
    )
    plan_services.action_create(
        resident=theirs.resident, coach=colleague, description="x", owner="coach", due_on=days(0)
    )
    from residents.coaching.models import Action

    Action.objects.update(due_on=days(-2))
    _outcome(post, mine, "10.00")
    _outcome(post, mine, "30.00")
    referral = referral_services.referral_create(
        resident=mine.resident, coach=post, vacancy=LiveVacancyFactory()
    )
    referral_services.referral_update_status(referral=referral, coach=post, status="applied")
    with django_assert_max_num_queries(8):
        report = provider_report(provider=post.provider)
    rows = {row["coach"]: row for row in report["rows"]}
    assert (
        rows[post]["caseload"],
        rows[post]["contacts"],
        rows[post]["starts"],
        rows[post]["llw_share"],
    ) == (1, 1, 2, 50)
    assert rows[post]["flexible_share"] == 100
    assert rows[colleague]["overdue"] == 1 and rows[colleague]["llw_share"] is None
    assert report["totals"]["caseload"] == 2 and report["totals"]["referrals"]["applied"] == 1


def test_barrier_already_current_is_refused(post, entry):
    plan_services.barrier_record(resident=entry.resident, coach=post, kind=BarrierKind.DEBT)
    with pytest.raises(ValidationError, match=plan_services.BARRIER_ALREADY_OPEN):
        plan_services.barrier_record(resident=entry.resident, coach=post, kind=BarrierKind.DEBT)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.sampled_from(ReferralStatus.values), max_size=5))
def test_referral_moves_follow_the_transition_table(post, entry, moves):
    from residents.coaching.models import REFERRAL_TRANSITIONS

    referral = referral_services.referral_create(
        resident=entry.resident, coach=post, vacancy=LiveVacancyFactory()
    )
    expected = ReferralStatus.SUGGESTED
    for move in moves:
        allowed = move in REFERRAL_TRANSITIONS[expected]
        try:
            referral_services.referral_update_status(referral=referral, coach=post, status=move)
        except ValidationError:
            assert not allowed
        else:
            assert allowed
            expected = move
        assert Referral.objects.get(pk=referral.pk).status == expected


def test_claim_refused_for_an_account_with_another_address(post, user):
    entry = services.caseload_add_resident(coach=post, first_name="Sam", email="sam@example.net")
    token = services.resident_invite(resident=entry.resident, coach=post)
    with pytest.raises(ValidationError, match=services.INVITE_FOR_ANOTHER_ADDRESS):
        services.resident_claim(token=token, user=user)
    entry.resident.refresh_from_db()
    assert entry.resident.user is None
