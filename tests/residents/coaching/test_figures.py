"""Work coaching's figures for the council dashboard, counted against a few records built here.

The period is 1 January to 30 June 2026; P1 and P2 are two providers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.choices import ContractType, TimeOption, Ward
from residents.coaching import figures
from residents.coaching.models import CaseloadEntry, JobOutcome, SustainmentCheck
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, OfflineResidentFactory, ProviderFactory

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


STARTS_AT, ENDS_BEFORE = at(2026, 1, 1, 0), at(2026, 7, 1, 0)


def entry(coach, resident, started_at, ended_at=None) -> CaseloadEntry:
    made = on_caseload(coach, resident)
    CaseloadEntry.objects.filter(pk=made.pk).update(started_at=started_at, ended_at=ended_at)
    return made


def outcome(coach, resident, start, pay, *, flexible=(), fewer=False, rate="14.80"):
    return JobOutcome.objects.create(
        resident=resident,
        provider=coach.provider,
        coach=coach,
        start_date=start,
        employer_name="Camden Employer",
        job_title="Care assistant",
        hours_per_week=Decimal("20"),
        hourly_pay=Decimal(pay),
        contract_type=ContractType.PERMANENT,
        flexible_options=list(flexible),
        living_wage_rate=Decimal(rate),
        below_living_wage=Decimal(pay) < Decimal(rate),
        fewer_hours_than_wanted=fewer,
    )


@pytest.fixture
def coaches(db):
    return CoachFactory(provider=ProviderFactory(name="Beta")), CoachFactory(
        provider=ProviderFactory(name="Alpha")
    )


@pytest.mark.django_db
def test_providers_by_name():
    ProviderFactory(name="Zeta")
    ProviderFactory(name="Alpha")
    assert [p.name for p in figures.providers_by_name()] == ["Alpha", "Zeta"]


@pytest.mark.django_db
def test_residents_supported_by_provider_and_by_ward(coaches, django_assert_num_queries):
    c1, c2 = coaches
    r1 = OfflineResidentFactory(ward=Ward.BELSIZE)
    r2 = OfflineResidentFactory(ward=Ward.BELSIZE)
    r3 = OfflineResidentFactory(ward="")
    entry(c1, r1, at(2025, 12, 1))  # open since before the period: supported, not new
    entry(c1, r2, at(2026, 2, 10), at(2026, 2, 28))  # supported, new
    entry(c2, r2, at(2026, 3, 5))  # the same resident with another provider
    entry(c2, r3, at(2025, 6, 1), at(2025, 12, 31))  # ended before the period
    entry(c2, r3, at(2026, 7, 1, 0))  # starts after it
    period = {"starts_at": STARTS_AT, "ends_before": ENDS_BEFORE}

    with django_assert_num_queries(2):
        by_provider = figures.supported_by_provider(**period)
        by_ward = figures.supported_by_ward(**period)

    assert by_provider == {
        c1.provider.pk: figures.Supported(supported=2, new=1),
        c2.provider.pk: figures.Supported(supported=1, new=1),
    }
    assert by_ward == {Ward.BELSIZE.value: figures.Supported(supported=2, new=1)}
    assert figures.supported_by_provider(**period, provider=c2.provider) == {
        c2.provider.pk: figures.Supported(supported=1, new=1)
    }
    assert figures.supported_by_ward(**period, ward=Ward.BLOOMSBURY) == {}


@pytest.mark.django_db
def test_job_starts_by_provider_and_ward(coaches):
    c1, c2 = coaches
    r1 = OfflineResidentFactory(ward=Ward.BELSIZE)
    r2 = OfflineResidentFactory(ward=Ward.BLOOMSBURY)
    outcome(c1, r1, datetime.date(2026, 1, 15), "15.60", flexible=[TimeOption.PART_TIME])
    outcome(c1, r1, datetime.date(2026, 3, 10), "13.00")
    outcome(c2, r2, datetime.date(2026, 6, 30), "16.00")
    outcome(c2, r2, datetime.date(2026, 7, 1), "16.00")  # after the period

    starts = figures.job_starts(start=START, end=END)

    assert sorted(starts, key=lambda row: row.ward) == [
        figures.JobStarts(c1.provider.pk, Ward.BELSIZE.value, starts=2, llw=1, flexible=1),
        figures.JobStarts(c2.provider.pk, Ward.BLOOMSBURY.value, starts=1, llw=1, flexible=0),
    ]
    assert figures.job_starts(start=START, end=END, provider=c2.provider) == [
        figures.JobStarts(c2.provider.pk, Ward.BLOOMSBURY.value, starts=1, llw=1, flexible=0),
    ]
    assert figures.job_starts(start=START, end=END, ward=Ward.HIGHGATE) == []


@pytest.mark.django_db
def test_sustainment_checks_due_for_every_milestone_up_to_today(coaches):
    c1, _ = coaches
    job = outcome(c1, OfflineResidentFactory(), datetime.date(2026, 1, 5), "15.00")
    for weeks, due_on, still_in_work in [
        (13, datetime.date(2026, 4, 6), True),
        (26, datetime.date(2026, 7, 6), None),  # after the period
    ]:
        SustainmentCheck.objects.create(
            job_outcome=job,
            weeks=weeks,
            due_on=due_on,
            recorded_at=at(2026, 4, 6) if still_in_work is not None else None,
            still_in_work=still_in_work,
            hours_per_week=Decimal("20") if still_in_work else None,
        )

    assert figures.sustainment_checks_due(start=START, end=END, today=END) == [
        figures.SustainmentCounts(13, "13 weeks", due=1, recorded=1, lasted=1),
        figures.SustainmentCounts(26, "26 weeks", due=0, recorded=0, lasted=0),
        figures.SustainmentCounts(52, "52 weeks", due=0, recorded=0, lasted=0),
    ]
    # A check is not counted before the day it falls due.
    assert (
        figures.sustainment_checks_due(start=START, end=END, today=datetime.date(2026, 4, 5))[0].due
        == 0
    )


@pytest.mark.django_db
def test_in_work_poverty_on_each_day_against_its_rate_in_one_query(
    coaches, django_assert_num_queries
):
    c1, _ = coaches
    low = outcome(c1, OfflineResidentFactory(), datetime.date(2026, 1, 15), "15.00")
    outcome(c1, OfflineResidentFactory(), datetime.date(2026, 2, 10), "16.00", fewer=True)
    SustainmentCheck.objects.create(
        job_outcome=low,
        weeks=13,
        due_on=datetime.date(2026, 4, 16),
        recorded_at=at(2026, 4, 16),
        still_in_work=False,
    )
    days = [
        (datetime.date(2026, 1, 31), None),
        (datetime.date(2026, 2, 28), Decimal("15.50")),
        (datetime.date(2026, 4, 30), Decimal("15.50")),
    ]

    with django_assert_num_queries(1):
        points = figures.in_work_poverty(days=days)

    on = [day for day, _ in days]
    assert points == [
        figures.InWork(on[0], in_work=1, at_risk=0, below_llw=0, fewer_hours=0),
        figures.InWork(on[1], in_work=2, at_risk=2, below_llw=1, fewer_hours=1),
        figures.InWork(on[2], in_work=1, at_risk=1, below_llw=0, fewer_hours=1),
    ]
    assert figures.in_work_poverty(days=[]) == []
