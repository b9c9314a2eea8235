import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils import timezone

from goodwork.celery import app
from residents import tasks
from residents.models import AlertDelivery, SavedSearch
from residents.services.alert_delivery import alerts_expire
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory, UnconfirmedSavedSearchFactory

TASKS = [
    "residents.tasks.alerts_match_vacancy_task",
    "residents.tasks.alerts_sweep_task",
    "residents.tasks.alerts_send_daily_task",
    "residents.tasks.alerts_send_weekly_task",
    "residents.tasks.alerts_expire_task",
]


@pytest.mark.parametrize("name", TASKS)
def test_tasks_are_registered_late_acking_with_backoff(name):
    task = app.tasks[name]
    assert task.acks_late
    assert task.retry_backoff and task.max_retries
    assert task.autoretry_for


def test_the_name_vacancy_publish_sends_is_the_match_task():
    from jobs.services import ALERTS_MATCH_TASK

    assert (
        app.tasks[ALERTS_MATCH_TASK].name
        == tasks.alerts_match_vacancy_task.name
        == ALERTS_MATCH_TASK
    )
    assert app.tasks[ALERTS_MATCH_TASK].run.__module__ == "residents.tasks.alerts"


def test_beat_sweeps_often_and_sends_digests_daily_and_on_mondays():
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert set(TASKS[1:]) <= set(schedule)
    sweep = schedule["residents.tasks.alerts_sweep_task"]
    assert isinstance(sweep, crontab) and len(sweep.minute) >= 12
    weekly = schedule["residents.tasks.alerts_send_weekly_task"]
    assert weekly.day_of_week == {1}
    daily = schedule["residents.tasks.alerts_send_daily_task"]
    assert len(daily.day_of_week) == 7 and len(daily.hour) == 1


@pytest.mark.django_db
def test_match_task_matches_and_sends_when_run():
    SavedSearchFactory()
    vacancy = LiveVacancyFactory(alerts_matched_at=None)
    assert tasks.alerts_match_vacancy_task.apply(args=[vacancy.id]).get() == 1
    assert len(mail.outbox) == 1
    assert AlertDelivery.objects.sent().count() == 1


@pytest.mark.django_db
def test_expiry_removes_unconfirmed_alerts_after_the_link_expires():
    old = UnconfirmedSavedSearchFactory()
    SavedSearch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    recent = UnconfirmedSavedSearchFactory()
    alerts_expire()
    assert list(SavedSearch.objects.values_list("id", flat=True)) == [recent.id]
