"""Job starts: the suggested job they came from, the caseload status they lead to, and the
checks that follow from the start date."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goodwork.core.models import AuditEvent
from residents.coaching.models import CaseStatus, ReferralStatus
from residents.coaching.services import caseload as services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from tests.residents.coaching.factories import OfferReferralFactory, ReferralFactory
from tests.residents.coaching.helpers import days, on_caseload
from tests.residents.factories import CoachFactory

pytestmark = pytest.mark.django_db

JOB = {
    "employer_name": "Camden Libraries",
    "job_title": "Library assistant",
    "hours_per_week": Decimal("20"),
    "hourly_pay": Decimal("15.10"),
    "contract_type": "permanent",
    "flexible_options": ["term_time"],
}


@pytest.fixture
def post(coach):
    return coach.coach_roles.get()


@pytest.fixture
def entry(post):
    return on_caseload(post)


def _record(entry, post, **kwargs):
    return outcome_services.job_outcome_record(
        resident=entry.resident, coach=post, **{"start_date": days(-2), **JOB, **kwargs}
    )


def test_a_job_start_moves_the_caseload_to_in_work_and_says_so(entry, post):
    _record(entry, post)
    entry.refresh_from_db()
    assert entry.status == CaseStatus.IN_WORK and entry.status_changed_at is not None
    assert AuditEvent.objects.filter(
        resident_id=entry.resident_id, detail__contains="Looking for work to In work"
    ).exists()


def test_a_job_with_fewer_hours_than_wanted_leaves_them_looking_for_better_work(entry, post):
    entry.resident.hours_min = Decimal("30")
    entry.resident.save()
    _record(entry, post)
    entry.refresh_from_db()
    assert entry.status == CaseStatus.IN_WORK_LOOKING


def test_a_job_start_from_a_suggested_job_marks_it_started(entry, post):
    referral = ReferralFactory(resident=entry.resident, coach=post)
    outcome = _record(entry, post, referral=referral)
    referral.refresh_from_db()
    assert outcome.referral == referral and referral.status == ReferralStatus.STARTED


def test_a_referral_leads_to_one_job_start(entry, post):
    referral = OfferReferralFactory(resident=entry.resident, coach=post)
    _record(entry, post, referral=referral)
    with pytest.raises(ValidationError, match=outcome_services.REFERRAL_ALREADY_STARTED):
        _record(entry, post, referral=referral)


def test_another_providers_or_residents_referral_is_refused(entry, post):
    elsewhere = CoachFactory()
    on_caseload(elsewhere, entry.resident)
    theirs = ReferralFactory(resident=entry.resident, coach=elsewhere)
    someone_else = ReferralFactory(resident=on_caseload(post).resident, coach=post)
    for referral in (theirs, someone_else):
        with pytest.raises(ValidationError, match=outcome_services.REFERRAL_NOT_THEIRS):
            _record(entry, post, referral=referral)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.SUGGESTED


def test_changing_the_start_date_moves_the_checks_not_yet_recorded(entry, post):
    outcome = _record(entry, post, start_date=datetime.date(2026, 1, 5))
    check = outcome.sustainment_checks.get(weeks=13)
    check.reminder_sent_at = timezone.now()
    check.save()
    outcome_services.job_outcome_update(
        outcome=outcome, coach=post, **{**JOB, "start_date": datetime.date(2026, 2, 2)}
    )
    assert sorted(outcome.sustainment_checks.values_list("weeks", "due_on")) == [
        (13, datetime.date(2026, 5, 4)),
        (26, datetime.date(2026, 8, 3)),
        (52, datetime.date(2027, 2, 1)),
    ]
    # The reminder was for the old date: the coach is reminded again when the new one comes.
    check.refresh_from_db()
    assert check.reminder_sent_at is None


def test_the_start_date_stays_once_a_check_is_recorded(entry, post):
    outcome = _record(entry, post, start_date=days(-100))
    outcome_services.sustainment_check_record(
        check=outcome.sustainment_checks.get(weeks=13), coach=post, still_in_work=False
    )
    with pytest.raises(ValidationError, match="cannot change once a check"):
        outcome_services.job_outcome_update(
            outcome=outcome, coach=post, **{**JOB, "start_date": days(-90)}
        )
    # Everything else can still be corrected.
    outcome_services.job_outcome_update(
        outcome=outcome, coach=post, **{**JOB, "job_title": "Senior library assistant",
                                         "start_date": days(-100)}
    )
    outcome.refresh_from_db()
    assert outcome.job_title == "Senior library assistant"


def test_changing_pay_recomputes_the_living_wage_flag(entry, post):
    outcome = _record(entry, post)
    assert not outcome.below_living_wage
    outcome = outcome_services.job_outcome_update(
        outcome=outcome,
        coach=post,
        **{**JOB, "hourly_pay": Decimal("9.00"), "start_date": days(-2)},
    )
    assert outcome.below_living_wage


def test_a_status_change_is_dated_only_when_the_status_changes(entry, post):
    services.caseload_status_change(entry=entry, coach=post, status=CaseStatus.LOOKING)
    assert entry.status_changed_at is None
    services.caseload_status_change(entry=entry, coach=post, status=CaseStatus.PAUSED)
    assert entry.status_changed_at is not None


def test_an_action_is_changed_until_it_is_done(entry, post):
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description="Call", owner="coach", due_on=days(2)
    )
    action = plan_services.action_update(
        action=action, coach=post, description="Call back", owner="resident", due_on=days(9)
    )
    assert (action.description, action.owner, action.due_on) == ("Call back", "resident", days(9))
    plan_services.action_complete(action=action, by=post.user)
    with pytest.raises(ValidationError, match=plan_services.ACTION_ALREADY_DONE):
        plan_services.action_update(
            action=action, coach=post, description="x", owner="coach", due_on=days(9)
        )
