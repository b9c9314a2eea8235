"""Job page reads tallied in Redis and added to the vacancies by a beat task."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

from goodwork.core.redisclient import redis_client
from jobs import tracking
from jobs.models import Vacancy
from jobs.tasks import vacancy_views_flush_task
from jobs.tracking import vacancy_record_view, vacancy_views_flush, vacancy_views_pending
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flush(django_capture_on_commit_callbacks):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return vacancy_views_flush()

    return run


def test_reads_are_tallied_then_added_in_one_flush(empty_cache, flush):
    first, second = LiveVacancyFactory(view_count=10), LiveVacancyFactory()
    for _ in range(3):
        vacancy_record_view(vacancy_id=first.pk)
    vacancy_record_view(vacancy_id=second.pk)
    assert vacancy_views_pending() == {first.pk: 3, second.pk: 1}
    # Nothing reaches the database before the flush.
    assert Vacancy.objects.get(pk=first.pk).view_count == 10

    assert flush() == 4
    assert Vacancy.objects.get(pk=first.pk).view_count == 13
    assert Vacancy.objects.get(pk=second.pk).view_count == 1
    assert vacancy_views_pending() == {}


def test_a_flush_with_nothing_to_add_changes_nothing(empty_cache, flush):
    vacancy = LiveVacancyFactory(view_count=4)
    assert flush() == 0
    assert Vacancy.objects.get(pk=vacancy.pk).view_count == 4


def test_reads_during_a_flush_wait_for_the_next_one(empty_cache, flush):
    vacancy = LiveVacancyFactory()
    vacancy_record_view(vacancy_id=vacancy.pk)
    client = redis_client()
    # A flush has renamed the tally and not yet finished: a new read starts a new tally.
    client.rename(cache.make_key(tracking.VIEWS_KEY), cache.make_key(tracking.FLUSHING_KEY))
    vacancy_record_view(vacancy_id=vacancy.pk)
    assert vacancy_views_pending() == {vacancy.pk: 2}

    assert flush() == 1  # the renamed tally, left by a flush that did not finish
    assert flush() == 1  # the read that came meanwhile
    assert Vacancy.objects.get(pk=vacancy.pk).view_count == 2


def test_a_flush_that_does_not_commit_leaves_its_tally(
    empty_cache, django_capture_on_commit_callbacks
):
    vacancy = LiveVacancyFactory()
    vacancy_record_view(vacancy_id=vacancy.pk)
    # The tally is deleted only once the UPDATE has committed.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert vacancy_views_flush() == 1
    assert len(callbacks) == 1
    assert vacancy_views_pending() == {vacancy.pk: 1}


def test_views_of_a_vacancy_deleted_since_are_dropped(empty_cache, flush):
    kept, gone = LiveVacancyFactory(), LiveVacancyFactory()
    vacancy_record_view(vacancy_id=kept.pk)
    vacancy_record_view(vacancy_id=gone.pk)
    gone.delete()
    assert flush() == 2
    assert Vacancy.objects.get(pk=kept.pk).view_count == 1
    assert vacancy_views_pending() == {}


def test_the_flush_runs_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["vacancy-views-flush"]
    assert entry["task"] == vacancy_views_flush_task.name
    assert entry["schedule"] == 60.0


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_adds_the_tallied_views(live_worker, empty_cache):
    vacancy = LiveVacancyFactory(view_count=1)
    for _ in range(5):
        vacancy_record_view(vacancy_id=vacancy.pk)
    assert vacancy_views_flush_task.delay().get(timeout=60) == 5
    assert Vacancy.objects.get(pk=vacancy.pk).view_count == 6
    assert vacancy_views_pending() == {}
    # Run again (beat firing twice, a retry): nothing is added twice.
    assert vacancy_views_flush_task.delay().get(timeout=60) == 0
    assert Vacancy.objects.get(pk=vacancy.pk).view_count == 6
