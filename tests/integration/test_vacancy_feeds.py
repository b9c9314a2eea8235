"""A feed imported by a real Celery worker from a local server, as the hourly schedule runs it."""

from __future__ import annotations

import time

import pytest

from employers.models import VacancyFeedRun
from employers.tasks import vacancy_feeds_import_task
from jobs.models import Vacancy
from tests.employers.api.helpers import vacancy_payload
from tests.employers.factories import VacancyFeedFactory
from tests.employers.feedserver import feed_server

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait_for_runs(count: int, timeout: float = 60) -> list[VacancyFeedRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(VacancyFeedRun.objects.exclude(status="running").order_by("started_at"))
        if len(runs) >= count:
            return runs
        time.sleep(0.2)
    raise AssertionError(f"{count} feed runs did not finish within {timeout}s")


def test_the_worker_imports_creates_updates_closes_and_reports_a_broken_item(live_worker):
    def item(reference, **changes):
        return {"reference": reference, **vacancy_payload(**changes)}

    with feed_server() as server:
        url = server.serve_json("/v.json", {"vacancies": [item("A"), item("B"), item("C")]})
        feed = VacancyFeedFactory(url=url)
        vacancy_feeds_import_task.delay()
        first = _wait_for_runs(1)[-1]
        assert (first.status, first.created) == ("succeeded", 3)

        server.serve_json("/v.json", {"vacancies": [
            item("A"), item("B", title="Night carer"), item("X", sector="astronaut"),
        ]})
        vacancy_feeds_import_task.delay()
        second = _wait_for_runs(2)[-1]
    assert (second.updated, second.unchanged, second.closed, second.rejected) == (1, 1, 1, 1)
    assert second.errors[0]["reference"] == "X" and "sector" in second.errors[0]["errors"]
    vacancies = Vacancy.objects.filter(organisation=feed.organisation)
    assert vacancies.count() == 3
    assert vacancies.get(reference="B").title == "Night carer"
    assert vacancies.get(reference="C").status == Vacancy.Status.CLOSED
