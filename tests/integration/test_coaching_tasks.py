"""Reminders to work coaches, in-process for their content and through a real worker."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from residents.coaching.models import Action, SustainmentCheck
from residents.coaching.services import caseload as services
from residents.coaching.services import consent as consent_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services.reminders import overdue_actions_remind, sustainment_reminders_send
from residents.coaching.tasks import overdue_actions_remind_task, sustainment_reminders_send_task
from tests.residents.coaching.helpers import days, on_caseload
from tests.residents.factories import CoachFactory


def _overdue(post, description="Send CV to the library", owner="resident"):
    entry = on_caseload(post)
    action = plan_services.action_create(
        resident=entry.resident, coach=post, description=description, owner=owner, due_on=days(0)
    )
    Action.objects.filter(pk=action.pk).update(due_on=days(-2))
    return entry


def _started(post, weeks_ago: int):
    entry = on_caseload(post)
    return outcome_services.job_outcome_record(
        resident=entry.resident,
        coach=post,
        start_date=timezone.localdate() - datetime.timedelta(weeks=weeks_ago),
        employer_name="Camden Cafe",
        job_title="Barista",
        hours_per_week=Decimal("20"),
        hourly_pay=Decimal("16"),
        contract_type="permanent",
        flexible_options=[],
    )


@pytest.mark.django_db
def test_overdue_actions_one_email_per_coach_listing_them(coach):
    post = coach.coach_roles.get()
    first, second = (
        _overdue(post, "Send CV"),
        _overdue(post, "Book interview practice", owner="coach"),
    )
    not_yet = on_caseload(post)
    plan_services.action_create(
        resident=not_yet.resident, coach=post, description="Later", owner="coach", due_on=days(3)
    )
    other = CoachFactory()
    _overdue(other, "Other coach's action")
    assert overdue_actions_remind() == 2
    mine = next(m for m in mail.outbox if m.to == [coach.email])
    assert (
        "Send CV" in mine.body
        and "Book interview practice" in mine.body
        and "Later" not in mine.body
    )
    assert (
        first.resident.full_name in mine.body
        and escape(second.resident.full_name) in mine.alternatives[0][0]
    )
    assert "(2)" in mine.subject


@pytest.mark.django_db
def test_overdue_actions_go_to_the_current_coach_and_not_after_withdrawal(coach):
    post = coach.coach_roles.get()
    entry = _overdue(post)
    colleague = CoachFactory(provider=post.provider)
    services.resident_transfer(entry=entry, to_coach=colleague, by=coach)
    overdue_actions_remind()
    assert [m.to for m in mail.outbox] == [[colleague.user.email]]
    mail.outbox.clear()
    consent_services.consent_withdraw(
        consent=entry.resident.consents.get(provider=post.provider), by=coach
    )
    assert overdue_actions_remind() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_sustainment_reminders_once_each(coach):
    post = coach.coach_roles.get()
    outcome = _started(post, weeks_ago=14)
    _started(post, weeks_ago=2)
    assert sustainment_reminders_send() == 1
    (message,) = mail.outbox
    assert "13-week check" in message.subject and outcome.resident.full_name in message.subject
    assert sustainment_reminders_send() == 0
    assert SustainmentCheck.objects.filter(reminder_sent_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_sustainment_reminder_for_both_milestones_when_both_due(coach):
    post = coach.coach_roles.get()
    _started(post, weeks_ago=27)
    assert sustainment_reminders_send() == 2
    assert sorted(m.subject.split()[0] for m in mail.outbox) == ["13-week", "26-week"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_overdue_reminders_through_a_real_worker(live_worker):
    post = CoachFactory()
    _overdue(post)
    _overdue(CoachFactory())
    assert overdue_actions_remind_task.delay().get(timeout=60) == 2


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_sustainment_reminders_through_a_real_worker_are_idempotent(live_worker):
    post = CoachFactory()
    _started(post, weeks_ago=13)
    _started(post, weeks_ago=30)
    _started(post, weeks_ago=1)
    assert sustainment_reminders_send_task.delay().get(timeout=60) == 3
    assert sustainment_reminders_send_task.delay().get(timeout=60) == 0
    reminded = SustainmentCheck.objects.filter(reminder_sent_at__isnull=False)
    assert sorted(reminded.values_list("weeks", flat=True)) == [13, 13, 26]


def test_beat_schedules_the_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "residents.coaching.tasks.overdue_actions_remind_task",
        "residents.coaching.tasks.sustainment_reminders_send_task",
    } <= tasks
