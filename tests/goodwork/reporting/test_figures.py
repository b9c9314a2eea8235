import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.figures import (
    OPTION_MEASURES,
    FlexibleJobsIndex,
    flexible_jobs_index,
    flexible_jobs_trend,
    living_wage_rates_with_use,
    percent,
)
from jobs.models import LivingWageRate
from tests.goodwork.reporting.conftest import (
    EXPECTED_CONTRACT_TYPES,
    EXPECTED_OPTIONS,
    EXPECTED_PAY_BANDS,
    EXPECTED_SECTORS,
)
from tests.goodwork.reporting.factories import FlexibleJobsSnapshotFactory, overall_counts
from tests.jobs.factories import LiveVacancyFactory


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.mark.parametrize(
    "count, total, expected",
    [
        (1, 8, 13),
        (5, 8, 63),
        (3, 8, 38),
        (1, 3, 33),
        (2, 3, 67),
        (0, 5, 0),
        (5, 5, 100),
        (0, 0, None),
    ],
)
def test_percent_rounds_half_up_and_has_no_figure_for_no_vacancies(count, total, expected):
    assert percent(count, total) == expected


def test_every_flexible_option_is_counted_over_live_vacancies_only(index_vacancies):
    overall = flexible_jobs_index().overall
    assert overall.total == 8
    got = [
        (label, overall.count(measure), overall.share(measure))
        for measure, label in OPTION_MEASURES
    ]
    assert got == EXPECTED_OPTIONS
    assert (overall.count("pays_llw"), overall.share("pays_llw")) == (6, 75)


def test_figures_by_sector(index_vacancies):
    got = [
        (
            row.label,
            row.total,
            row.share("any_flexible"),
            row.share("happy_to_talk"),
            row.share("pays_llw"),
        )
        for row in flexible_jobs_index().by_sector
    ]
    assert got == EXPECTED_SECTORS


def test_figures_by_contract_type(index_vacancies):
    got = [
        (
            row.label,
            row.total,
            row.share("any_flexible"),
            row.share("happy_to_talk"),
            row.share("pays_llw"),
        )
        for row in flexible_jobs_index().by_contract_type
    ]
    assert got == EXPECTED_CONTRACT_TYPES


def test_figures_by_pay_band(index_vacancies):
    index = flexible_jobs_index()
    got = [
        (
            row.label,
            row.total,
            row.share("any_flexible"),
            row.share("happy_to_talk"),
            percent(row.total, index.overall.total),
        )
        for row in index.by_pay_band
    ]
    assert got == EXPECTED_PAY_BANDS


def test_pay_is_judged_against_the_rate_in_force_when_the_vacancy_was_published(db):
    today = timezone.localdate()
    LivingWageRate.objects.create(
        hourly_rate=Decimal("16.00"),
        effective_from=today - datetime.timedelta(days=3),
        announced_on=today - datetime.timedelta(days=30),
    )
    before_rise = LiveVacancyFactory(
        pay_min=Decimal("15.00"),
        pay_max=None,
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    after_rise = LiveVacancyFactory(
        pay_min=Decimal("15.00"),
        pay_max=None,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    index = flexible_jobs_index()
    assert index.overall.count("pays_llw") == 1
    assert index.living_wage_rate == Decimal("16.00")
    bands = {row.key: row.total for row in index.by_pay_band}
    assert bands == {"below": 1, "llw": 1, "above": 0}
    assert before_rise.pk != after_rise.pk


def test_no_live_vacancies_gives_no_shares_and_empty_groups(db):
    index = flexible_jobs_index()
    assert index.overall.total == 0
    assert index.overall.share("any_flexible") is None
    assert index.by_sector == []
    assert [(row.key, row.total) for row in index.by_pay_band] == [
        ("below", 0),
        ("llw", 0),
        ("above", 0),
    ]


def test_the_whole_index_costs_six_queries_however_many_vacancies(
    index_vacancies, django_assert_num_queries
):
    LiveVacancyFactory.create_batch(5)
    index = FlexibleJobsIndex()
    with django_assert_num_queries(6):
        # overall, sector, contract type, pay band, the rate in force, the trend's snapshots
        index.overall, index.by_sector, index.by_contract_type, index.by_pay_band  # noqa: B018
        index.living_wage_rate, index.trend  # noqa: B018


def test_trend_takes_each_months_last_snapshot_and_todays_figures_for_this_month(index_vacancies):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    three_ago, two_ago, last = (add_months(this_month, n) for n in (-3, -2, -1))
    FlexibleJobsSnapshotFactory(
        taken_on=three_ago.replace(day=10), figures={"overall": overall_counts(4, 1)}
    )
    FlexibleJobsSnapshotFactory(
        taken_on=three_ago.replace(day=28), figures={"overall": overall_counts(4, 3, 1, 2)}
    )
    FlexibleJobsSnapshotFactory(
        taken_on=last.replace(day=15), figures={"overall": overall_counts(5, 2, 0, 5)}
    )
    # Outside the twelve months shown; and this month's earlier snapshot, replaced by today's.
    FlexibleJobsSnapshotFactory(
        taken_on=add_months(this_month, -12), figures={"overall": overall_counts(9, 9)}
    )
    if today.day > 1:
        FlexibleJobsSnapshotFactory(taken_on=this_month, figures={"overall": overall_counts(1, 0)})

    trend = flexible_jobs_index().trend
    got = [
        (
            point.month,
            point.total,
            point.share("any_flexible"),
            point.share("happy_to_talk"),
            point.share("pays_llw"),
            point.taken_on,
        )
        for point in trend
    ]
    assert got == [
        (three_ago, 4, 75, 25, 50, three_ago.replace(day=28)),
        (two_ago, None, None, None, None, None),
        (last, 5, 40, 0, 100, last.replace(day=15)),
        (this_month, 8, 63, 25, 75, today),
    ]
    assert [point.is_today for point in trend] == [False, False, False, True]


def test_trend_without_snapshots_is_todays_figure_alone(index_vacancies):
    trend = flexible_jobs_trend(today=flexible_jobs_index().overall)
    assert len(trend) == 1
    assert trend[0].share("any_flexible") == 63


def test_living_wage_rates_know_how_many_vacancies_were_published_under_them(db):
    today = timezone.localdate()
    old = LivingWageRate.objects.get(effective_from=datetime.date(2025, 10, 22))
    new = LivingWageRate.objects.create(
        hourly_rate=Decimal("16.00"),
        effective_from=today - datetime.timedelta(days=3),
        announced_on=today - datetime.timedelta(days=30),
    )
    future = LivingWageRate.objects.create(
        hourly_rate=Decimal("17.00"),
        effective_from=today + datetime.timedelta(days=30),
        announced_on=today,
    )
    LiveVacancyFactory.create_batch(2, published_at=timezone.now() - datetime.timedelta(days=10))
    LiveVacancyFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    rates = {rate.pk: rate for rate in living_wage_rates_with_use()}
    assert rates[old.pk].vacancies_published == 2
    assert rates[old.pk].in_force_until == new.effective_from
    assert rates[new.pk].vacancies_published == 1
    assert rates[future.pk].vacancies_published == 0
