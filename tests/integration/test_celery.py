import datetime

import pytest
from django.utils import timezone

from goodwork.celery import ping_task
from jobs.tasks import vacancies_expire_task
from tests.jobs.factories import LiveVacancyFactory


@pytest.mark.integration
def test_round_trip_through_a_real_worker_and_real_redis(live_worker, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    result = ping_task.delay("hello")
    assert result.get(timeout=30) == "pong:hello"
    assert live_worker.process.poll() is None
    # The answer came from another process, through the broker.
    assert result.backend.__class__.__name__ == "RedisBackend"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_uses_the_test_database(live_worker):
    vacancy = LiveVacancyFactory(
        published_at=timezone.now() - datetime.timedelta(days=10),
        closing_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert vacancies_expire_task.delay().get(timeout=30) == 1
    vacancy.refresh_from_db()
    assert vacancy.status == "expired"


def test_every_scheduled_job_names_a_registered_task(settings):
    from goodwork.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
    assert {"residents.tasks.alerts_sweep_task", "employers.tasks.pledge_checks_run_task",
            "goodwork.reporting.tasks.flexible_jobs_snapshot_task"} <= scheduled
