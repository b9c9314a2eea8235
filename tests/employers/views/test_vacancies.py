"""The step-by-step posting form, 'check your answers' and the vacancy workflow, through the
client."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.forms import vacancy as vf
from goodwork.core.models import SiteSettings
from jobs import models as jm
from jobs import services as js
from jobs.choices import Flexibility, Place, TimeOption
from jobs.models import Vacancy
from tests.jobs.factories import DraftVacancyFactory, ExpiredVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db


def step_url(vacancy, step, **query):
    url = reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": step})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def future(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


def date_answer(name, day):
    """A date typed into a GOV.UK date input's three boxes; empty boxes for None."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month),
            f"{name}_year": str(day.year)}


GOOD_ANSWERS = {
    "description": {"summary": "Cook school dinners.", "description": "Cook for 300 children."},
    "role": {"sector": "education", "contract_type": "permanent"},
    "hours": {
        "hours_min": "15",
        "hours_max": "25",
        "work_pattern": "School days",
        "guaranteed_hours": "15",
        "is_shift_based": "on",
    },
    "pay": {"pay_min": "15.50", "pay_max": "16", "pay_period": "hour"},
    "flexibility": {"flexibility": "yes"},
    "flexible-options": {
        "time_options": ["term_time", "predictable_shifts"],
        "place": "on_site",
        "rota_weeks_ahead": "6",
        "flexible_details": "School-hours shifts.",
    },
    "location": {"address": "1 School Road", "postcode": "NW5 1AA", "ward": "gospel_oak"},
    "dates": {**date_answer("closing_date", future()), **date_answer("start_date", None)},
    "apply": {"apply_url": "https://example.org/apply", "apply_email": ""},
}


def assert_error(response, message):
    """Each error is in the summary (linked to its field) and beside the field."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    escaped = message.replace("'", "&#x27;")
    assert html.count(escaped) >= 2, (
        f"{message!r} should appear in the summary and beside its field"
    )


def test_first_step_creates_a_draft_and_moves_on(employer_client, organisation):
    url = reverse("employers:vacancy_create", kwargs={"org": organisation.pk})
    page = employer_client.get(url)
    assert page.status_code == 200 and "What is the job title?" in page.content.decode()
    response = employer_client.post(url, {"title": "School cook"})
    vacancy = Vacancy.objects.get()
    assert vacancy.status == Vacancy.Status.DRAFT and vacancy.title == "School cook"
    assert vacancy.organisation == organisation and vacancy.hours_min is None
    assert response.url == step_url(vacancy, "description")


def test_first_step_needs_a_title(employer_client, organisation):
    response = employer_client.post(
        reverse("employers:vacancy_create", kwargs={"org": organisation.pk}), {"title": ""}
    )
    assert_error(response, vf.TITLE_MISSING)
    assert not Vacancy.objects.exists()


def test_save_draft_from_the_first_step_returns_to_the_dashboard(employer_client, organisation):
    response = employer_client.post(
        reverse("employers:vacancy_create", kwargs={"org": organisation.pk}),
        {"title": "Porter", "save_draft": "1"},
    )
    assert response.url.startswith(reverse("employers:dashboard"))
    assert Vacancy.objects.get().title == "Porter"


def test_every_step_in_order_then_check_answers_then_post(employer_client, organisation):
    employer_client.post(
        reverse("employers:vacancy_create", kwargs={"org": organisation.pk}),
        {"title": "School cook"},
    )
    vacancy = Vacancy.objects.get()
    slugs = [s.slug for s in vf.STEPS][1:]
    for n, slug in enumerate(slugs):
        page = employer_client.get(step_url(vacancy, slug))
        assert page.status_code == 200
        previous = vf.STEPS[n].slug
        assert (
            f'href="{step_url(vacancy, previous)}" class="govuk-back-link"' in page.content.decode()
        )
        response = employer_client.post(step_url(vacancy, slug), GOOD_ANSWERS[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        following = slugs[n + 1] if n + 1 < len(slugs) else None
        expected = (
            step_url(vacancy, following)
            if following
            else reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
        )
        assert response.url == expected
    vacancy.refresh_from_db()
    assert (
        vacancy.time_options == ["term_time", "predictable_shifts"]
        and vacancy.rota_weeks_ahead == 6
    )
    check = employer_client.get(reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk}))
    html = check.content.decode()
    assert "Check your answers before posting" in html
    for slug in slugs + ["title"]:
        assert f'href="{step_url(vacancy, slug, **{"return": "check"})}"' in html
    assert "Term-time only, Predictable shifts" in html and "£15.50" in html
    posted = employer_client.post(reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk}))
    assert posted.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.pays_living_wage
    assert Vacancy.objects.live().filter(pk=vacancy.pk).exists()


def test_change_link_returns_to_check_answers(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = employer_client.post(
        step_url(vacancy, "role", **{"return": "check"}),
        {"sector": "retail", "contract_type": "temporary"},
    )
    assert response.url == reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    vacancy.refresh_from_db()
    assert vacancy.sector == "retail"
    page = employer_client.get(step_url(vacancy, "role", **{"return": "check"}))
    assert (
        f'href="{reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})}" '
        'class="govuk-back-link"'
        in page.content.decode()
    )


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("description", {"summary": "", "description": "x"}, vf.SUMMARY_MISSING),
        ("description", {"summary": "x", "description": ""}, vf.DESCRIPTION_MISSING),
        ("role", {"sector": "", "contract_type": "permanent"}, vf.SECTOR_MISSING),
        ("role", {"sector": "retail", "contract_type": ""}, vf.CONTRACT_TYPE_MISSING),
        ("hours", {"hours_min": "", "hours_max": "10"}, vf.HOURS_MIN_MISSING),
        ("hours", {"hours_min": "10", "hours_max": ""}, vf.HOURS_MAX_MISSING),
        ("hours", {"hours_min": "ten", "hours_max": "12"}, vf.HOURS_INVALID),
        ("hours", {"hours_min": "20", "hours_max": "10"}, jm.HOURS_MAX_BELOW_MIN),
        (
            "hours",
            {"hours_min": "10", "hours_max": "20", "guaranteed_hours": "30"},
            vf.GUARANTEED_ABOVE_MAX,
        ),
        ("pay", {"pay_min": "", "pay_period": "hour"}, vf.PAY_MIN_MISSING),
        ("pay", {"pay_min": "lots", "pay_period": "hour"}, vf.PAY_INVALID),
        ("pay", {"pay_min": "16", "pay_period": ""}, vf.PAY_PERIOD_MISSING),
        ("pay", {"pay_min": "16", "pay_max": "15", "pay_period": "hour"}, jm.PAY_MAX_BELOW_MIN),
        ("flexibility", {"flexibility": ""}, vf.FLEXIBILITY_MISSING),
        (
            "flexible-options",
            {"place": "on_site", "rota_weeks_ahead": ""},
            jm.FLEXIBLE_OPTIONS_MISSING,
        ),
        (
            "flexible-options",
            {"time_options": ["predictable_shifts"], "place": "on_site"},
            jm.ROTA_WEEKS_MISSING,
        ),
        (
            "flexible-options",
            {"time_options": ["part_time"], "place": "on_site", "rota_weeks_ahead": "99"},
            vf.ROTA_WEEKS_INVALID,
        ),
        (
            "flexible-options",
            {"place": "on_site", "time_options": ["part_time"], "flexible_details": "word " * 76},
            jm.FLEXIBLE_DETAILS_TOO_LONG,
        ),
        ("dates", date_answer("closing_date", None), vf.CLOSING_DATE_MISSING),
        (
            "dates",
            {"closing_date_day": "31", "closing_date_month": "2", "closing_date_year": "2027"},
            "The closing date must be a real date.",
        ),
        (
            "dates",
            {"closing_date_day": "31", "closing_date_month": "", "closing_date_year": "2027"},
            "The closing date must include a month.",
        ),
        (
            "dates",
            {"closing_date_day": "1", "closing_date_month": "5", "closing_date_year": "27"},
            "The closing date: the year must include 4 numbers.",
        ),
        (
            "dates",
            date_answer("closing_date", timezone.localdate()),
            js.VACANCY_CLOSING_DATE_PASSED,
        ),
        (
            "dates",
            {**date_answer("closing_date", future(30)), **date_answer("start_date", future(10))},
            vf.START_BEFORE_CLOSING,
        ),
        ("apply", {"apply_url": "", "apply_email": ""}, jm.APPLY_ROUTE_MISSING),
        ("apply", {"apply_url": "not a link", "apply_email": ""}, vf.APPLY_URL_INVALID),
        ("apply", {"apply_url": "", "apply_email": "nobody"}, vf.APPLY_EMAIL_INVALID),
    ],
)
def test_each_step_rejects_bad_input(employer_client, organisation, step, data, message):
    vacancy = DraftVacancyFactory(organisation=organisation)
    before = Vacancy.objects.values().get(pk=vacancy.pk)
    response = employer_client.post(step_url(vacancy, step), data)
    assert_error(response, message)
    assert Vacancy.objects.values().get(pk=vacancy.pk) == before


def test_saying_no_to_flexibility_then_listing_options_is_contradictory(
    employer_client, organisation
):
    vacancy = DraftVacancyFactory(
        organisation=organisation, flexibility=Flexibility.NO, time_options=[]
    )
    response = employer_client.post(
        step_url(vacancy, "flexible-options"), {"time_options": ["part_time"], "place": "on_site"}
    )
    assert_error(response, vf.FLEXIBLE_OPTIONS_CONTRADICT)


def test_happy_to_talk_needs_no_options(employer_client, organisation):
    vacancy = DraftVacancyFactory(
        organisation=organisation, flexibility=Flexibility.TALK, time_options=[]
    )
    response = employer_client.post(step_url(vacancy, "flexible-options"), {"place": "on_site"})
    assert response.status_code == 302


def test_hybrid_counts_as_a_flexible_option(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation, time_options=[])
    response = employer_client.post(step_url(vacancy, "flexible-options"), {"place": Place.HYBRID})
    assert response.status_code == 302


def test_flexible_options_page_shows_frontline_hints(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    html = employer_client.get(step_url(vacancy, "flexible-options")).content.decode()
    assert "Staff choose their own shifts within the rota" in html
    assert "Frontline, shift and site-based roles can offer flexible working too" in html
    flex = employer_client.get(step_url(vacancy, "flexibility")).content.decode()
    assert (
        "Can this role be done flexibly?" in flex and "Happy to talk about flexible working" in flex
    )


def test_pay_below_london_living_wage_warns_but_does_not_block(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    data = {"pay_min": "13.50", "pay_period": "hour"}
    response = employer_client.post(step_url(vacancy, "pay"), data)
    assert response.url == step_url(vacancy, "pay")
    vacancy.refresh_from_db()
    assert vacancy.pay_min == Decimal("13.50")
    page = employer_client.get(step_url(vacancy, "pay")).content.decode()
    assert "govuk-warning-text" in page and "below the London Living Wage of £14.80" in page
    onwards = employer_client.post(step_url(vacancy, "pay"), {**data, "seen_warning": "1"})
    assert onwards.url == step_url(vacancy, "flexibility")
    check = employer_client.get(
        reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    ).content.decode()
    assert "below the London Living Wage" in check


def test_pay_at_living_wage_has_no_warning(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = employer_client.post(
        step_url(vacancy, "pay"), {"pay_min": "14.80", "pay_period": "hour"}
    )
    assert response.url == step_url(vacancy, "flexibility")


def test_submitting_an_incomplete_draft_lists_what_is_missing(employer_client, organisation):
    employer_client.post(
        reverse("employers:vacancy_create", kwargs={"org": organisation.pk}), {"title": "Porter"}
    )
    vacancy = Vacancy.objects.get()
    response = employer_client.post(reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="{step_url(vacancy, "hours", **{"return": "check"})}"' in html
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


@pytest.mark.parametrize(("moderation", "status"), [(False, "published"), (True, "in_review")])
def test_submit_routes_by_moderation_setting(employer_client, organisation, moderation, status):
    SiteSettings.objects.filter(pk=1).update(moderation_enabled=moderation)
    vacancy = DraftVacancyFactory(organisation=organisation)
    check = employer_client.get(
        reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    ).content.decode()
    assert ("Send for review" in check) is moderation
    employer_client.post(reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk}))
    vacancy.refresh_from_db()
    assert vacancy.status == status
    assert Vacancy.objects.live().filter(pk=vacancy.pk).exists() is (not moderation)


def test_preview_shows_the_vacancy_as_residents_will(employer_client, organisation):
    vacancy = DraftVacancyFactory(
        organisation=organisation, title="Night porter", time_options=["self_rostering"]
    )
    html = employer_client.get(
        reverse("employers:vacancy_preview", kwargs={"pk": vacancy.pk})
    ).content.decode()
    assert "Night porter" in html and "Self-rostering" in html and "Preview" in html


def test_editing_a_live_vacancy_keeps_it_live_and_rechecks_pay(employer_client, organisation):
    vacancy = LiveVacancyFactory(organisation=organisation)
    page = employer_client.get(step_url(vacancy, "pay")).content.decode()
    assert "Save changes" in page and "Save draft" not in page
    response = employer_client.post(
        step_url(vacancy, "pay"), {"pay_min": "13", "pay_period": "hour", "seen_warning": "1"}
    )
    assert response.url == reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.pays_living_wage is False


def test_closed_vacancies_cannot_be_edited(employer_client, organisation):
    vacancy = ExpiredVacancyFactory(organisation=organisation)
    assert employer_client.get(step_url(vacancy, "pay")).status_code == 404


def test_unknown_step_is_not_found(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    assert employer_client.get(step_url(vacancy, "nonsense")).status_code == 404


def test_close_early(employer_client, organisation, django_capture_on_commit_callbacks):
    vacancy = LiveVacancyFactory(organisation=organisation)
    url = reverse("employers:vacancy_close", kwargs={"pk": vacancy.pk})
    assert "Are you sure" in employer_client.get(url).content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED  # nothing changes on GET
    employer_client.post(url)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    assert not Vacancy.objects.live().filter(pk=vacancy.pk).exists()


def test_extend_the_closing_date(employer_client, organisation):
    vacancy = LiveVacancyFactory(organisation=organisation)
    url = reverse("employers:vacancy_extend", kwargs={"pk": vacancy.pk})
    page = employer_client.get(url).content.decode()
    assert 'name="closing_date_day"' in page and 'name="closing_date_year"' in page
    earlier = employer_client.post(
        url, date_answer("closing_date", vacancy.closing_date - datetime.timedelta(days=1))
    )
    assert_error(earlier, js.VACANCY_EXTEND_NOT_LATER)
    past = employer_client.post(url, date_answer("closing_date", datetime.date(2020, 1, 1)))
    assert_error(past, js.VACANCY_CLOSING_DATE_PASSED)
    missing = employer_client.post(url, date_answer("closing_date", None))
    assert_error(missing, vf.NEW_CLOSING_DATE_MISSING)
    new = vacancy.closing_date + datetime.timedelta(days=14)
    employer_client.post(url, date_answer("closing_date", new))
    vacancy.refresh_from_db()
    assert vacancy.closing_date == new


def test_copy_into_a_new_draft(employer_client, organisation):
    vacancy = ExpiredVacancyFactory(
        organisation=organisation, title="Chef", time_options=[TimeOption.JOB_SHARE]
    )
    assert (
        employer_client.get(
            reverse("employers:vacancy_copy", kwargs={"pk": vacancy.pk})
        ).status_code
        == 405
    )
    response = employer_client.post(
        reverse("employers:vacancy_copy", kwargs={"pk": vacancy.pk}),
        from_page=reverse("employers:dashboard"),
    )
    copy = Vacancy.objects.exclude(pk=vacancy.pk).get()
    assert (
        copy.status == Vacancy.Status.DRAFT and copy.title == "Chef" and copy.copied_from == vacancy
    )
    assert copy.time_options == [TimeOption.JOB_SHARE] and copy.published_at is None
    assert response.url == step_url(copy, "dates")


def test_step_pages_use_their_titles(employer_client, organisation):
    vacancy = DraftVacancyFactory(organisation=organisation)
    for step in vf.STEPS:
        html = employer_client.get(step_url(vacancy, step.slug)).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert step.title in title


def test_changing_flexibility_from_check_answers_asks_about_the_options_again(
    employer_client, organisation
):
    vacancy = DraftVacancyFactory(organisation=organisation)
    response = employer_client.post(
        step_url(vacancy, "flexibility", **{"return": "check"}), {"flexibility": "no"}
    )
    assert response.url == step_url(vacancy, "flexible-options", **{"return": "check"})
    contradiction = employer_client.post(
        step_url(vacancy, "flexible-options", **{"return": "check"}),
        {"time_options": ["part_time"], "place": "on_site"},
    )
    assert_error(contradiction, vf.FLEXIBLE_OPTIONS_CONTRADICT)
    fixed = employer_client.post(
        step_url(vacancy, "flexible-options", **{"return": "check"}), {"place": "on_site"}
    )
    assert fixed.url == reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
