import pytest
from django.conf import settings
from django.utils import timezone

from goodwork.celery import app
from goodwork.reporting.tasks import flexible_jobs_snapshot_task
from jobs.models import FlexibleJobsSnapshot
from tests.jobs.factories import LiveVacancyFactory


def test_nightly_snapshot_is_on_the_beat_schedule_and_registered():
    entry = settings.CELERY_BEAT_SCHEDULE["flexible-jobs-snapshot"]
    assert entry["task"] == flexible_jobs_snapshot_task.name
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert flexible_jobs_snapshot_task.acks_late


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_snapshot_once_a_day(live_worker):
    LiveVacancyFactory.create_batch(2, time_options=["part_time"])
    LiveVacancyFactory(time_options=[], place="on_site", flexibility="talk")

    first_id = flexible_jobs_snapshot_task.delay().get(timeout=60)
    snapshot = FlexibleJobsSnapshot.objects.get()
    assert snapshot.pk == first_id
    assert snapshot.taken_on == timezone.localdate()
    assert snapshot.figures["overall"]["total"] == 3
    assert snapshot.figures["overall"]["any_flexible"] == 2
    assert snapshot.figures["overall"]["happy_to_talk"] == 1

    # A second run the same day (a retry, or beat firing twice) replaces the day's figures.
    LiveVacancyFactory(time_options=["job_share"])
    assert flexible_jobs_snapshot_task.delay().get(timeout=60) == first_id
    snapshot = FlexibleJobsSnapshot.objects.get()
    assert snapshot.figures["overall"]["total"] == 4
    assert snapshot.figures["overall"]["time_job_share"] == 1
