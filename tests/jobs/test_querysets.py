"""The vacancy rules written once: in SQL on VacancyQuerySet, and for one row on Vacancy."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from employers.models import Organisation
from goodwork.core.relations import prefixed
from jobs import services
from jobs.choices import Flexibility, PayPeriod, Place, TimeOption
from jobs.models import LivingWageRate, Vacancy
from jobs.querysets import HAPPY_TO_TALK, OFFERS_CONCRETE_FLEXIBILITY
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db

CONCRETE_CASES = [
    ([], Place.ON_SITE, False),
    ([], Place.HYBRID, True),
    ([], Place.REMOTE, True),
    ([TimeOption.PART_TIME], Place.ON_SITE, True),
    ([TimeOption.PREDICTABLE_SHIFTS], Place.ON_SITE, True),
    ([TimeOption.JOB_SHARE, TimeOption.FLEXITIME], Place.REMOTE, True),
]


@pytest.mark.parametrize(("time_options", "place", "expected"), CONCRETE_CASES)
def test_offering_concrete_flexibility(time_options, place, expected):
    vacancy = DraftVacancyFactory(
        time_options=time_options, place=place, rota_weeks_ahead=4, flexibility=Flexibility.TALK
    )
    assert vacancy.offers_concrete_flexibility is expected
    offering = Vacancy.objects.offering_concrete_flexibility()
    assert offering.filter(pk=vacancy.pk).exists() is expected


def test_offering_concrete_flexibility_is_not_the_answer_to_can_it_be_flexible():
    # "Yes" without an option, or "happy to talk", is not a concrete option on its own.
    talk = DraftVacancyFactory(time_options=[], place=Place.ON_SITE, flexibility=Flexibility.TALK)
    offered = DraftVacancyFactory(time_options=[], place=Place.HYBRID, flexibility=Flexibility.NO)
    assert list(Vacancy.objects.offering_concrete_flexibility()) == [offered]
    assert not talk.offers_concrete_flexibility and offered.offers_concrete_flexibility


@pytest.mark.parametrize(
    ("flexibility", "expected"),
    [(Flexibility.TALK, True), (Flexibility.YES, False), (Flexibility.NO, False)],
)
def test_happy_to_talk(flexibility, expected):
    vacancy = DraftVacancyFactory(flexibility=flexibility, time_options=[], place=Place.ON_SITE)
    assert vacancy.happy_to_talk is expected
    assert Vacancy.objects.happy_to_talk().filter(pk=vacancy.pk).exists() is expected


def test_the_rules_read_through_a_relation():
    concrete = LiveVacancyFactory(time_options=[], place=Place.REMOTE).organisation
    talk = LiveVacancyFactory(
        time_options=[], place=Place.ON_SITE, flexibility=Flexibility.TALK
    ).organisation
    LiveVacancyFactory(time_options=[], place=Place.ON_SITE, flexibility=Flexibility.NO)
    through = Organisation.objects.filter(prefixed(OFFERS_CONCRETE_FLEXIBILITY, "vacancies__"))
    assert list(through) == [concrete]
    assert list(Organisation.objects.filter(prefixed(HAPPY_TO_TALK, "vacancies__"))) == [talk]


def test_prefixed_keeps_negation_and_connector():
    condition = prefixed(~Q(a=1) | Q(b=2, c=3), "x__")
    assert condition == ~Q(x__a=1) | Q(x__b=2, x__c=3)
    assert prefixed(Q(a=1), "") == Q(a=1)


@pytest.mark.parametrize(
    ("pay_min", "pay_period", "hours_max", "expected"),
    [
        ("14.80", PayPeriod.HOUR, "24", Decimal("14.80")),
        ("592.00", PayPeriod.WEEK, "40", Decimal("14.80")),
        ("2565.33", PayPeriod.MONTH, "40", Decimal("14.80")),
        ("30784", PayPeriod.YEAR, "40", Decimal("14.80")),
        # Rounded half up to the penny: 14.7952 is 14.80, 14.7947 is 14.79.
        ("30774", PayPeriod.YEAR, "40", Decimal("14.80")),
        ("30773", PayPeriod.YEAR, "40", Decimal("14.79")),
    ],
)
def test_pays_living_wage_reads_the_generated_hourly_pay(pay_min, pay_period, hours_max, expected):
    vacancy = LiveVacancyFactory(
        pay_min=Decimal(pay_min), pay_max=None, pay_period=pay_period,
        hours_min=Decimal("16"), hours_max=Decimal(hours_max),
    )
    vacancy.refresh_from_db(fields=["pay_hourly_min"])
    assert vacancy.pay_hourly_min == expected
    rate = LivingWageRate.objects.in_force_on(timezone.localdate())
    assert services.pays_living_wage(vacancy=vacancy, on=timezone.localdate()) is (
        expected >= rate
    )


def test_updating_a_live_vacancy_works_out_its_living_wage_flag_from_the_saved_pay():
    vacancy = LiveVacancyFactory(pay_min=Decimal("20.00"), pay_max=None, pays_living_wage=True)
    # Above the National Living Wage, below the London Living Wage.
    services.vacancy_update(vacancy=vacancy, by=None, data={"pay_min": Decimal("13.00")})
    assert vacancy.pay_hourly_min == Decimal("13.00")
    assert vacancy.pays_living_wage is False
    vacancy.refresh_from_db()
    assert vacancy.pays_living_wage is False
    services.vacancy_update(vacancy=vacancy, by=None, data={"pay_min": Decimal("20.00")})
    vacancy.refresh_from_db()
    assert vacancy.pays_living_wage is True


def test_publishing_reads_the_hourly_pay_from_the_database():
    vacancy = DraftVacancyFactory(
        pay_min=Decimal("13.00"), pay_max=None,
        closing_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    services.vacancy_publish(vacancy=vacancy, by=None)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.pays_living_wage is False
