"""The rules the law and the data require of a vacancy, wherever it is written from."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from goodwork.core.postcodes import POSTCODE_INVALID
from jobs import models as jm
from jobs import services
from jobs.choices import ContractType, PayPeriod, Ward
from jobs.models import MinimumWageRate, Vacancy, hourly_pay
from tests.employers.factories import (
    OrganisationFactory,
    UpcomingMinimumWageRateFactory,
)
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db


NLW, APPRENTICE = MinimumWageRate.Band.AGED_21_AND_OVER, MinimumWageRate.Band.APPRENTICE


def built(**fields) -> Vacancy:
    """A vacancy not saved yet, as a form or the admin holds one before saving it."""
    return DraftVacancyFactory.build(organisation=OrganisationFactory(), **fields)


def errors_of(vacancy: Vacancy) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        vacancy.full_clean()
    return raised.value.message_dict


def test_the_2025_and_2026_minimum_wage_rates_are_in_place():
    rates = {
        (r.band, r.effective_from): r.hourly_rate for r in MinimumWageRate.objects.all()
    }
    april_2025, april_2026 = datetime.date(2025, 4, 1), datetime.date(2026, 4, 1)
    assert rates[(NLW, april_2025)] == Decimal("12.21")
    assert rates[(NLW, april_2026)] == Decimal("12.71")
    assert rates[(APPRENTICE, april_2025)] == Decimal("7.55")
    assert rates[(APPRENTICE, april_2026)] == Decimal("8.00")
    assert MinimumWageRate.objects.in_force_on(datetime.date(2026, 3, 31), NLW) == Decimal("12.21")
    assert MinimumWageRate.objects.in_force_on(datetime.date(2026, 4, 1), NLW) == Decimal("12.71")


# -- Zero-hours contracts --------------------------------------------------------------------


def test_a_zero_hours_contract_cannot_guarantee_hours():
    vacancy = built(zero_hours=True, guaranteed_hours=Decimal("10"))
    assert errors_of(vacancy) == {"guaranteed_hours": [jm.ZERO_HOURS_GUARANTEED]}


@pytest.mark.parametrize("guaranteed", [None, Decimal("0")])
def test_a_zero_hours_contract_is_stored_as_guaranteeing_none(guaranteed):
    vacancy = built(zero_hours=True, guaranteed_hours=guaranteed)
    vacancy.full_clean()
    assert vacancy.guaranteed_hours == Decimal("0")


def test_other_contracts_may_leave_guaranteed_hours_empty_for_all_of_them():
    vacancy = built(zero_hours=False, guaranteed_hours=None)
    vacancy.full_clean()
    assert vacancy.guaranteed_hours is None


def test_the_database_refuses_guaranteed_hours_on_a_zero_hours_contract():
    vacancy = DraftVacancyFactory(zero_hours=False, guaranteed_hours=Decimal("10"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Vacancy.objects.filter(pk=vacancy.pk).update(zero_hours=True)


def test_a_draft_page_that_answers_zero_hours_is_checked_then(employer_member):
    vacancy = DraftVacancyFactory(organisation=employer_member.memberships.get().organisation)
    with pytest.raises(ValidationError) as raised:
        services.vacancy_update(
            vacancy=vacancy, by=employer_member,
            data={"zero_hours": True, "guaranteed_hours": Decimal("16")},
        )
    assert raised.value.message_dict == {"guaranteed_hours": [jm.ZERO_HOURS_GUARANTEED]}


# -- Postcodes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    ("nw5 1tl", "NW5 1TL"), ("NW51TL", "NW5 1TL"), (" nw5   1tl", "NW5 1TL"), ("", ""),
    ("   ", ""),
])
def test_a_postcode_is_stored_in_its_standard_form(typed, stored):
    vacancy = DraftVacancyFactory(postcode="NW5 1TL", ward=Ward.GOSPEL_OAK)
    vacancy.postcode = typed
    vacancy.full_clean()
    assert vacancy.postcode == stored


@pytest.mark.parametrize("typed", ["NW5", "12345", "NW5 1T", "NOPOSTCODE", "NW5 1CI"])
def test_a_postcode_must_have_a_uk_postcodes_form(typed):
    vacancy = built(postcode=typed, ward=Ward.GOSPEL_OAK)
    assert errors_of(vacancy) == {"postcode": [POSTCODE_INVALID]}


def test_a_postcode_must_be_able_to_lie_in_the_ward_chosen():
    vacancy = built(postcode="NW3 6XB", ward=Ward.KILBURN)
    [message] = errors_of(vacancy)["postcode"]
    assert message == "NW3 6XB is not in Kilburn. Check the postcode, or choose the ward it is in."


@pytest.mark.parametrize(("postcode", "ward"), [
    ("NW3 6XB", Ward.FROGNAL), ("E1 6AN", Ward.ELSEWHERE_LONDON), ("M1 1AE", Ward.OUTSIDE_LONDON),
    ("M1 1AE", ""),
])
def test_a_postcode_in_its_ward_or_area_is_accepted(postcode, ward):
    vacancy = built(postcode=postcode, ward=ward)
    vacancy.full_clean()


def test_changing_the_ward_alone_checks_the_postcode_again(employer_member):
    vacancy = DraftVacancyFactory(postcode="NW3 6XB", ward=Ward.FROGNAL)
    with pytest.raises(ValidationError) as raised:
        services.vacancy_update(vacancy=vacancy, by=employer_member, data={"ward": Ward.KILBURN})
    assert "postcode" in raised.value.message_dict


# -- The National Minimum Wage ---------------------------------------------------------------


@pytest.mark.parametrize(("pay", "period", "hours", "hourly"), [
    (Decimal("12.71"), PayPeriod.HOUR, None, Decimal("12.71")),
    (Decimal("400"), PayPeriod.WEEK, Decimal("32"), Decimal("12.50")),
    (Decimal("1800"), PayPeriod.MONTH, Decimal("37.5"), Decimal("11.08")),
    (Decimal("23088"), PayPeriod.YEAR, Decimal("35"), Decimal("12.69")),
    (Decimal("23088"), PayPeriod.YEAR, None, None),
    (None, PayPeriod.HOUR, Decimal("20"), None),
])
def test_hourly_pay_from_any_period(pay, period, hours, hourly):
    assert hourly_pay(pay, period, hours) == hourly


# Each example is a row written and read back: no deadline on a shared machine's database.
@settings(deadline=None, max_examples=60)
@given(
    pay=st.decimals(min_value=1, max_value=200000, places=2),
    period=st.sampled_from(list(PayPeriod)),
    hours=st.decimals(min_value=Decimal("0.5"), max_value=60, places=1),
)
def test_hourly_pay_in_python_is_the_databases_hourly_pay(pay, period, hours):
    vacancy = DraftVacancyFactory(
        pay_min=pay, pay_max=None, pay_period=period, hours_min=hours, hours_max=hours
    )
    vacancy.refresh_from_db(fields=["pay_hourly_min"])
    if vacancy.pay_hourly_min is not None and vacancy.pay_hourly_min < Decimal("1000000"):
        assert hourly_pay(pay, period, hours) == vacancy.pay_hourly_min


@pytest.mark.parametrize(("pay", "period", "hours_max"), [
    (Decimal("12.70"), PayPeriod.HOUR, Decimal("20")),
    (Decimal("400"), PayPeriod.WEEK, Decimal("32")),  # £12.50 an hour
    (Decimal("23088"), PayPeriod.YEAR, Decimal("35")),  # £12.69 an hour
])
def test_pay_below_the_national_living_wage_is_an_error(pay, period, hours_max):
    vacancy = built(
        pay_min=pay, pay_max=None, pay_period=period, hours_min=Decimal("16"), hours_max=hours_max
    )
    [message] = errors_of(vacancy)["pay_min"]
    hourly = hourly_pay(pay, period, hours_max)
    assert message == jm.PAY_BELOW_MINIMUM_WAGE.format(
        hourly=f"£{hourly}", rate="£12.71"
    )


@pytest.mark.parametrize(("pay", "period"), [
    (Decimal("12.71"), PayPeriod.HOUR), (Decimal("23088"), PayPeriod.YEAR),
])
def test_pay_at_the_national_living_wage_is_accepted(pay, period):
    vacancy = built(
        pay_min=pay, pay_max=None, pay_period=period, hours_min=Decimal("16"),
        hours_max=Decimal("34.5"),
    )
    vacancy.full_clean()


def test_an_apprenticeship_is_held_to_the_apprentice_rate():
    vacancy = built(
        contract_type=ContractType.APPRENTICESHIP, pay_min=Decimal("8.00"), pay_max=None,
        pay_period=PayPeriod.HOUR,
    )
    vacancy.full_clean()
    vacancy.pay_min = Decimal("7.99")
    [message] = errors_of(vacancy)["pay_min"]
    assert message == jm.PAY_BELOW_APPRENTICE_RATE.format(hourly="£7.99", rate="£8")


def test_a_job_starting_after_a_rise_is_held_to_the_new_rate():
    today = timezone.localdate()
    UpcomingMinimumWageRateFactory(effective_from=today + datetime.timedelta(days=60))
    vacancy = built(
        pay_min=Decimal("13.00"), pay_max=None, pay_period=PayPeriod.HOUR,
        closing_date=today + datetime.timedelta(days=30), start_date=None,
    )
    vacancy.full_clean()  # closes and may start before the rise
    vacancy.start_date = today + datetime.timedelta(days=61)
    assert "£13.50" in errors_of(vacancy)["pay_min"][0]
    vacancy.start_date = None
    vacancy.closing_date = today + datetime.timedelta(days=90)
    assert "£13.50" in errors_of(vacancy)["pay_min"][0]


def test_the_pay_page_of_a_draft_checks_the_minimum_wage(employer_member):
    vacancy = DraftVacancyFactory()
    with pytest.raises(ValidationError) as raised:
        services.vacancy_update(
            vacancy=vacancy, by=employer_member,
            data={"pay_min": Decimal("10"), "pay_max": None, "pay_period": PayPeriod.HOUR},
        )
    assert "pay_min" in raised.value.message_dict
    vacancy.refresh_from_db()
    assert vacancy.pay_min == Decimal("15.00")


def test_a_live_vacancy_cannot_be_changed_to_pay_below_the_minimum_wage(employer_member):
    vacancy = LiveVacancyFactory()
    vacancy.pay_min = Decimal("9")
    with pytest.raises(ValidationError) as raised:
        services.vacancy_update(vacancy=vacancy, by=employer_member, data={"pay_min": Decimal("9")})
    assert "pay_min" in raised.value.message_dict


def test_submitting_runs_every_rule():
    vacancy = DraftVacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(pay_min=Decimal("5"), postcode="nowhere")
    vacancy.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.vacancy_submit(vacancy=vacancy, by=None)
    assert {"pay_min", "postcode"} <= set(raised.value.message_dict)
