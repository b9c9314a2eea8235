"""Dates as GOV.UK date inputs, every step saved and opened again, and copying a vacancy."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from employers.forms import vacancy as vf
from employers.views import vacancies as views
from jobs import services as js
from jobs.choices import ContractType, Flexibility, PayPeriod, Place, Sector, TimeOption, Ward
from jobs.models import Vacancy
from tests.jobs.factories import DraftVacancyFactory, ExpiredVacancyFactory, LiveVacancyFactory
from tests.pageforms import as_post, form_values

pytestmark = pytest.mark.django_db


def step_url(vacancy, step):
    return reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": step})


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def date_answer(name, day):
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month),
            f"{name}_year": str(day.year)}


def boxes(html, name):
    values = form_values(html)
    return tuple(values[f"{name}_{part}"][0] for part in ("day", "month", "year"))


# What a person types on each page, in the form the page shows it back.
ANSWERS = {
    "title": {"title": "School cook"},
    "description": {"summary": "Cook school dinners.", "description": "Cook for 300 children."},
    "role": {"sector": "education", "contract_type": "fixed_term"},
    "hours": {"hours_min": "15.0", "hours_max": "22.5", "work_pattern": "School days",
              "guaranteed_hours": "15.0", "is_shift_based": "on"},
    "pay": {"pay_min": "23088.00", "pay_max": "25000.00", "pay_period": "year"},
    "flexibility": {"flexibility": "yes"},
    "flexible-options": {"time_options": ["term_time", "predictable_shifts"], "place": "hybrid",
                         "rota_weeks_ahead": "6", "flexible_details": "School-hours shifts."},
    "location": {"address": "1 School Road", "postcode": "NW5 1TL", "ward": "gospel_oak"},
    "dates": {**date_answer("closing_date", days(30)), **date_answer("start_date", days(45))},
    "apply": {"apply_url": "https://example.org/apply", "apply_email": "jobs@example.org"},
}


def test_the_dates_page_asks_for_day_month_and_year(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation, start_date=None)
    html = employer_client.get(step_url(vacancy, "dates")).content.decode()
    for name in ("closing_date", "start_date"):
        for part in ("day", "month", "year"):
            assert f'name="{name}_{part}"' in html
    assert 'type="date"' not in html
    closing = vacancy.closing_date
    assert boxes(html, "closing_date") == (str(closing.day), str(closing.month), str(closing.year))
    assert boxes(html, "start_date") == ("", "", "")


@pytest.mark.parametrize("slug", [step.slug for step in vf.STEPS])
def test_each_step_saved_and_opened_again_shows_what_was_saved(
    employer_client, organisation, slug
):
    vacancy = DraftVacancyFactory(organisation=organisation, flexibility=Flexibility.YES)
    employer_client.get(step_url(vacancy, slug))
    response = employer_client.post(
        step_url(vacancy, slug), {**ANSWERS[slug], "seen_warning": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Vacancy.objects.values().get(pk=vacancy.pk)

    shown = form_values(employer_client.get(step_url(vacancy, slug)).content.decode())
    shown.pop("seen_warning", None)
    expected = {
        name: value if isinstance(value, list) else [value]
        for name, value in ANSWERS[slug].items()
    }
    assert {name: shown[name] for name in expected} == expected

    # Saved again as shown, nothing changes.
    employer_client.post(step_url(vacancy, slug), {**as_post(shown), "seen_warning": "1"})
    again = Vacancy.objects.values().get(pk=vacancy.pk)
    assert {k: v for k, v in again.items() if k != "updated_at"} == {
        k: v for k, v in saved.items() if k != "updated_at"
    }


def test_the_dates_saved_are_the_dates_typed(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    employer_client.get(step_url(vacancy, "dates"))
    employer_client.post(
        step_url(vacancy, "dates"),
        {"closing_date_day": "05", "closing_date_month": "03", "closing_date_year": "2099",
         "start_date_day": " 1 ", "start_date_month": "4", "start_date_year": "2099"},
    )
    vacancy.refresh_from_db()
    assert vacancy.closing_date == datetime.date(2099, 3, 5)
    assert vacancy.start_date == datetime.date(2099, 4, 1)
    html = employer_client.get(step_url(vacancy, "dates")).content.decode()
    assert boxes(html, "closing_date") == ("5", "3", "2099")
    assert boxes(html, "start_date") == ("1", "4", "2099")


def test_a_wrong_date_is_shown_again_as_typed_with_its_error(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    employer_client.get(step_url(vacancy, "dates"))
    response = employer_client.post(
        step_url(vacancy, "dates"),
        {"closing_date_day": "30", "closing_date_month": "2", "closing_date_year": "2099",
         "start_date_day": "", "start_date_month": "", "start_date_year": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_closing_date">The closing date must be a real date.</a>' in html
    assert boxes(html, "closing_date") == ("30", "2", "2099")


def test_editing_a_live_vacancy_shows_its_saved_dates(employer_client, organisation):
    vacancy = LiveVacancyFactory(organisation=organisation, start_date=days(60))
    html = employer_client.get(step_url(vacancy, "dates")).content.decode()
    closing, start = vacancy.closing_date, vacancy.start_date
    assert boxes(html, "closing_date") == (str(closing.day), str(closing.month), str(closing.year))
    assert boxes(html, "start_date") == (str(start.day), str(start.month), str(start.year))


# -- Copying ---------------------------------------------------------------------------------


def test_every_field_of_a_vacancy_is_either_copied_or_named_as_not_copied():
    fields = {field.name for field in Vacancy._meta.concrete_fields}
    assert set(js.COPIED_FIELDS) | js.NOT_COPIED_FIELDS == fields
    assert not set(js.COPIED_FIELDS) & js.NOT_COPIED_FIELDS
    assert {"closing_date", "start_date", "postcode", "zero_hours"} <= set(js.COPIED_FIELDS)


def _unusual_vacancy(organisation, **overrides):
    """A vacancy whose every copied field differs from the model's default and the factory's."""
    return LiveVacancyFactory(**{
        "organisation": organisation,
        "title": "Night porter",
        "summary": "Keep the building safe overnight.",
        "description": "Night shifts.\n\n- a warm welcome",
        "sector": Sector.FACILITIES,
        "contract_type": ContractType.CASUAL,
        "hours_min": Decimal("10.5"),
        "hours_max": Decimal("30"),
        "work_pattern": "Nights, 10pm to 6am",
        "guaranteed_hours": Decimal("0"),
        "zero_hours": True,
        "is_shift_based": True,
        "rota_weeks_ahead": 5,
        "pay_min": Decimal("480"),
        "pay_max": Decimal("520"),
        "pay_period": PayPeriod.WEEK,
        "flexibility": Flexibility.TALK,
        "time_options": [TimeOption.SHIFT_SWAPPING],
        "place": Place.HYBRID,
        "flexible_details": "Swap shifts in the app.",
        "address": "2 Euston Road",
        "postcode": "NW1 2DB",
        "ward": Ward.ST_PANCRAS_SOMERS_TOWN,
        "start_date": days(50),
        "closing_date": days(40),
        "apply_url": "https://example.org/porter",
        "apply_email": "porter@example.org",
        **overrides,
    })


def _copy(employer_client, vacancy):
    employer_client.get(reverse("employers:dashboard"))
    return employer_client.post(
        reverse("employers:vacancy_copy", kwargs={"pk": vacancy.pk}),
        from_page=f"{reverse('employers:dashboard')}?organisation={vacancy.organisation_id}",
        follow=True,
    )


def test_a_copy_keeps_every_copied_field_and_its_dates(employer_client, organisation):
    original = _unusual_vacancy(organisation)
    defaults = Vacancy()
    for name in js.COPIED_FIELDS:
        assert getattr(original, name) != getattr(defaults, name), name
    response = _copy(employer_client, original)
    copy = Vacancy.objects.exclude(pk=original.pk).get()
    for name in js.COPIED_FIELDS:
        assert getattr(copy, name) == getattr(original, name), name
    assert copy.status == Vacancy.Status.DRAFT and copy.copied_from == original
    assert copy.published_at is None and copy.view_count == 0 and not copy.pays_living_wage
    page = response.content.decode()
    assert escape(views.VACANCY_COPIED.format(title="Night porter")) in page
    assert "cannot be posted to close" not in page
    # The copy's dates page shows the dates it kept.
    assert boxes(page, "closing_date") == tuple(
        str(part) for part in (days(40).day, days(40).month, days(40).year)
    )
    assert boxes(page, "start_date") == tuple(
        str(part) for part in (days(50).day, days(50).month, days(50).year)
    )


def test_a_copy_of_a_closed_vacancy_gets_a_new_closing_date_and_says_so(
    employer_client, organisation
):
    original = ExpiredVacancyFactory(organisation=organisation, title="Chef", start_date=None)
    page = _copy(employer_client, original).content.decode()
    copy = Vacancy.objects.exclude(pk=original.pk).get()
    assert copy.closing_date == days(js.COPY_CLOSING_DAYS) and copy.start_date is None
    message = views.COPY_CLOSING_DATE_MOVED.format(
        before=f"{original.closing_date:%-d %B %Y}", after=f"{copy.closing_date:%-d %B %Y}"
    )
    assert escape(message) in page


def test_a_copy_with_a_start_date_still_ahead_closes_no_later_than_it_starts(
    employer_client, organisation
):
    original = ExpiredVacancyFactory(organisation=organisation, start_date=days(10))
    _copy(employer_client, original)
    copy = Vacancy.objects.exclude(pk=original.pk).get()
    assert copy.start_date == days(10) and copy.closing_date == days(10)


def test_a_copy_drops_a_start_date_that_has_passed_and_says_so(employer_client, organisation):
    original = ExpiredVacancyFactory(organisation=organisation, start_date=days(-1))
    page = _copy(employer_client, original).content.decode()
    copy = Vacancy.objects.exclude(pk=original.pk).get()
    assert copy.start_date is None
    assert escape(
        views.COPY_START_DATE_CLEARED.format(before=f"{days(-1):%-d %B %Y}")
    ) in page


def test_a_copy_can_be_posted_after_checking_its_dates(employer_client, organisation):
    original = ExpiredVacancyFactory(organisation=organisation, start_date=None)
    page = _copy(employer_client, original).content.decode()
    copy = Vacancy.objects.exclude(pk=original.pk).get()
    employer_client.post(step_url(copy, "dates"), as_post(form_values(page)))
    employer_client.post(reverse("employers:vacancy_check", kwargs={"pk": copy.pk}))
    copy.refresh_from_db()
    assert copy.status == Vacancy.Status.PUBLISHED
