"""The rules the law and the data require, as an employer meets them on the posting form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from jobs import models as jm
from jobs.choices import ContractType, PayPeriod, Ward
from jobs.models import Vacancy
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory
from tests.pageforms import form_values

pytestmark = pytest.mark.django_db


def step_url(vacancy, step):
    return reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": step})


def in_summary_and_beside_field(html: str, field: str, message: str) -> bool:
    return (
        f'<a href="#id_{field}">{escape(message)}</a>' in html
        and f'id="id_{field}-error"' in html
        and html.count(escape(message)) >= 2
    )


def post_step(client, vacancy, step, data):
    client.get(step_url(vacancy, step))
    return client.post(step_url(vacancy, step), data)


def test_a_zero_hours_contract_with_guaranteed_hours_is_refused(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = post_step(employer_client, vacancy, "hours", {
        "hours_min": "10", "hours_max": "20", "guaranteed_hours": "10", "zero_hours": "on",
    })
    assert response.status_code == 200
    assert in_summary_and_beside_field(
        response.content.decode(), "guaranteed_hours", jm.ZERO_HOURS_GUARANTEED
    )
    vacancy.refresh_from_db()
    assert vacancy.zero_hours is False and vacancy.guaranteed_hours == Decimal("16")


def test_a_zero_hours_contract_is_saved_as_guaranteeing_no_hours(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = post_step(employer_client, vacancy, "hours", {
        "hours_min": "10", "hours_max": "20", "guaranteed_hours": "", "zero_hours": "on",
    })
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.zero_hours is True and vacancy.guaranteed_hours == Decimal("0")
    page = employer_client.get(step_url(vacancy, "hours")).content.decode()
    assert form_values(page)["guaranteed_hours"] == ["0.0"]


def test_a_postcode_is_saved_in_its_standard_form(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    post_step(employer_client, vacancy, "location",
              {"address": "1 Fitzjohn's Avenue", "postcode": "nw36xb", "ward": Ward.FROGNAL})
    vacancy.refresh_from_db()
    assert vacancy.postcode == "NW3 6XB"
    assert 'value="NW3 6XB"' in employer_client.get(step_url(vacancy, "location")).content.decode()


@pytest.mark.parametrize(("postcode", "ward", "message"), [
    ("NW3", Ward.FROGNAL, "Enter a real postcode, like NW5 1SN."),
    ("NW3 6XB", Ward.KILBURN,
     "NW3 6XB is not in Kilburn. Check the postcode, or choose the ward it is in."),
    ("M1 1AE", Ward.CAMDEN_TOWN,
     "M1 1AE is not in Camden. Check the postcode, or choose Outside London."),
])
def test_a_postcode_that_cannot_be_in_the_ward_is_refused(
    employer_client, organisation, postcode, ward, message
):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = post_step(employer_client, vacancy, "location",
                         {"address": "", "postcode": postcode, "ward": ward})
    assert response.status_code == 200
    assert in_summary_and_beside_field(response.content.decode(), "postcode", message)
    vacancy.refresh_from_db()
    assert (vacancy.postcode, vacancy.ward) == ("NW1 7JE", Ward.CAMDEN_TOWN)


@pytest.mark.parametrize(("pay", "period", "hourly"), [
    ("12.50", "hour", "£12.50"),
    ("480", "week", "£10"),  # over 48 hours at most
    ("23000", "year", "£9.21"),
])
def test_pay_below_the_national_living_wage_is_refused(
    employer_client, organisation, pay, period, hourly
):
    vacancy = DraftVacancyFactory(organisation=organisation, hours_max=Decimal("48"))
    response = post_step(employer_client, vacancy, "pay",
                         {"pay_min": pay, "pay_max": "", "pay_period": period})
    assert response.status_code == 200
    message = jm.PAY_BELOW_MINIMUM_WAGE.format(hourly=hourly, rate="£12.71")
    assert in_summary_and_beside_field(response.content.decode(), "pay_min", message)
    vacancy.refresh_from_db()
    assert vacancy.pay_min == Decimal("15.00")


def test_pay_between_the_minimum_and_the_london_living_wage_only_warns(
    employer_client, organisation
):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = post_step(employer_client, vacancy, "pay",
                         {"pay_min": "12.71", "pay_max": "", "pay_period": "hour"})
    assert response.status_code == 302 and response.url == step_url(vacancy, "pay")
    page = employer_client.get(step_url(vacancy, "pay")).content.decode()
    assert "govuk-error-summary" not in page
    assert "works out at £12.71 an hour at its lowest, below the London Living Wage of £14.80" in (
        page
    )


def test_an_apprenticeship_may_pay_the_apprentice_rate(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    post_step(employer_client, vacancy, "role",
              {"sector": "health_care", "contract_type": ContractType.APPRENTICESHIP})
    response = post_step(employer_client, vacancy, "pay",
                         {"pay_min": "8.00", "pay_max": "", "pay_period": "hour"})
    assert response.status_code == 302
    low = post_step(employer_client, vacancy, "pay",
                    {"pay_min": "7.50", "pay_max": "", "pay_period": "hour"})
    message = jm.PAY_BELOW_APPRENTICE_RATE.format(hourly="£7.50", rate="£8")
    assert in_summary_and_beside_field(low.content.decode(), "pay_min", message)
    # No longer an apprenticeship, the job must pay the National Living Wage.
    other = post_step(employer_client, vacancy, "role",
                      {"sector": "health_care", "contract_type": ContractType.PERMANENT})
    assert other.status_code == 200 and "National Living Wage of £12.71" in other.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.contract_type == ContractType.APPRENTICESHIP


def test_a_live_vacancy_cannot_be_changed_to_pay_below_the_minimum(employer_client, organisation):
    vacancy = LiveVacancyFactory(organisation=organisation, pay_period=PayPeriod.HOUR)
    response = post_step(employer_client, vacancy, "pay",
                         {"pay_min": "11", "pay_max": "", "pay_period": "hour"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.pay_min == Decimal("15.00") and vacancy.status == Vacancy.Status.PUBLISHED


def test_check_your_answers_lists_a_rule_broken_before_it_existed(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    Vacancy.objects.filter(pk=vacancy.pk).update(pay_min=Decimal("9.00"))
    check = reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    employer_client.get(check)
    response = employer_client.post(check)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="{step_url(vacancy, "pay")}?return=check"' in html
    assert "below the National Living Wage of £12.71" in html
