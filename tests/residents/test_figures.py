"""Residents' figures for the council dashboard: jobs sent in alerts, month by month."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jobs.choices import Ward
from residents.figures import alerts_sent_by_month
from residents.models import AlertDelivery
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


STARTS_AT, ENDS_BEFORE = at(2026, 1, 1, 0), at(2026, 7, 1, 0)


@pytest.fixture
def deliveries(db):
    alert = SavedSearchFactory()
    camden_town = LiveVacancyFactory(ward=Ward.CAMDEN_TOWN)
    belsize = LiveVacancyFactory(ward=Ward.BELSIZE)
    others = [LiveVacancyFactory(ward=Ward.CAMDEN_TOWN) for _ in range(4)]
    for vacancy, sent_at in [
        (camden_town, at(2026, 1, 10)),
        (belsize, at(2026, 1, 20)),
        (others[0], at(2026, 3, 5)),
        (others[1], at(2025, 12, 31, 23)),  # before the period
        (others[2], at(2026, 7, 1, 0)),  # the first moment after it
        (others[3], None),  # not sent yet
    ]:
        AlertDelivery.objects.create(saved_search=alert, vacancy=vacancy, sent_at=sent_at)


@pytest.mark.django_db
def test_jobs_sent_in_the_period_by_month_leaving_out_empty_months(
    deliveries, django_assert_num_queries
):
    with django_assert_num_queries(1):
        by_month = alerts_sent_by_month(starts_at=STARTS_AT, ends_before=ENDS_BEFORE)
    assert by_month == {datetime.date(2026, 1, 1): 2, datetime.date(2026, 3, 1): 1}


@pytest.mark.django_db
def test_a_ward_counts_only_vacancies_in_it(deliveries):
    assert alerts_sent_by_month(
        starts_at=STARTS_AT, ends_before=ENDS_BEFORE, ward=Ward.BELSIZE
    ) == {datetime.date(2026, 1, 1): 1}
