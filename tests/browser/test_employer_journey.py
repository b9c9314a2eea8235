"""An employer signs in, sets up the organisation, posts a vacancy page by page, sees it live,
changes its dates, copies it, closes it and signs the Fair Flexible Work pledge. Every page is
audited; the whole journey runs at 1280px and at 320px."""

import datetime
import re

import pytest
from django.utils import timezone

from employers.models import Pledge
from jobs.models import Vacancy
from tests.browser.conftest import audit, fill_date, fits, narrow, path, shown_date
from tests.goodwork.core.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def check(page, name: str) -> None:
    fits(page)
    audit(page, name)


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def test_employer_posts_edits_copies_and_closes_a_vacancy_and_signs_the_pledge(journey_page):
    page = journey_page
    prefix = "narrow-" if narrow(page) else ""
    user = UserFactory(email=f"{prefix}owner@example.com")
    today = timezone.localdate()
    closing, starting = today + datetime.timedelta(days=21), today + datetime.timedelta(days=35)

    sign_in(page, user.email)
    page.goto("/employers/")
    assert page.locator("h1").inner_text() == "Set up your organisation"

    # An empty form shows the error summary and the errors beside the fields.
    page.get_by_role("button", name="Set up organisation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"{prefix}employer-organisation-errors")
    page.get_by_label("Organisation name").fill("Gospel Oak Care")
    page.get_by_label("Sector").select_option("health_care")
    page.get_by_label("10 to 49 people").check()
    page.get_by_label("We are an accredited Living Wage employer").check()
    page.get_by_label("Flexible working at your organisation (optional)").fill(
        "Everyone self-rosters."
    )
    check(page, f"{prefix}employer-organisation-form")
    page.get_by_role("button", name="Set up organisation").click()
    assert page.locator("h1").inner_text() == "Your vacancies"
    check(page, f"{prefix}employer-dashboard-empty")

    page.get_by_role("link", name="Post a vacancy").click()
    check(page, f"{prefix}vacancy-step-title")
    page.get_by_label("What is the job title?").fill("Care assistant")
    continue_(page)
    check(page, f"{prefix}vacancy-step-description")
    page.get_by_label("Summary").fill("Help older people live well at home.")
    page.get_by_label("Describe the job").fill("Visits across Gospel Oak.\n\n- paid training")
    continue_(page)
    check(page, f"{prefix}vacancy-step-role")
    page.get_by_label("Sector").select_option("health_care")
    page.get_by_label("Permanent").check()
    continue_(page)
    check(page, f"{prefix}vacancy-step-hours")
    page.get_by_label("Fewest hours a week").fill("16")
    page.get_by_label("Most hours a week").fill("30")
    page.get_by_label("Shift-based role").check()
    continue_(page)
    # Pay below the London Living Wage is a warning, not a block.
    page.get_by_label("Lowest pay").fill("13.50")
    page.get_by_label("an hour").check()
    continue_(page)
    assert "below the London Living Wage" in page.locator(".govuk-warning-text").inner_text()
    check(page, f"{prefix}vacancy-step-pay-warning")
    page.get_by_label("Lowest pay").fill("15.00")
    continue_(page)
    check(page, f"{prefix}vacancy-step-flexibility")
    page.get_by_label("Yes").check()
    continue_(page)
    # Predictable shifts without saying how far ahead rotas are published is an error.
    page.get_by_label("Predictable shifts").check()
    page.get_by_label("Self-rostering").check()
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, f"{prefix}vacancy-step-flexible-options-error")
    page.get_by_label("How many weeks ahead are rotas published?").fill("6")
    continue_(page)
    check(page, f"{prefix}vacancy-step-location")
    page.get_by_label("Ward").select_option("gospel_oak")
    continue_(page)
    check(page, f"{prefix}vacancy-step-dates")
    fill_date(page, "Closing date", closing)
    fill_date(page, "Start date", starting)
    continue_(page)
    check(page, f"{prefix}vacancy-step-apply")
    page.get_by_label("Email address to apply to").fill("jobs@gospeloakcare.example.org")
    continue_(page)

    assert page.locator("h1").inner_text() == "Check your answers before posting"
    check(page, f"{prefix}vacancy-check-answers")
    page.get_by_role("link", name="Change what is the job title?").click()
    page.get_by_label("What is the job title?").fill("Home care assistant")
    continue_(page)
    assert "Home care assistant" in page.locator(".govuk-summary-list").first.inner_text()
    page.get_by_role("link", name="Preview the vacancy as residents will see it").click()
    assert "Predictable shifts" in page.content()
    check(page, f"{prefix}vacancy-preview")
    page.go_back()
    page.get_by_role("button", name="Post vacancy").click()
    assert "is now live" in page.locator(".govuk-notification-banner").inner_text()
    check(page, f"{prefix}employer-dashboard")

    vacancy = Vacancy.objects.get()
    assert (
        vacancy.status == Vacancy.Status.PUBLISHED
        and Vacancy.objects.live().filter(pk=vacancy.pk).exists()
    )
    assert (vacancy.closing_date, vacancy.start_date) == (closing, starting)
    page.get_by_role("link", name="Home care assistant", exact=True).click()
    assert page.locator("h1").inner_text() == "Home care assistant"

    # Back on the dashboard after signing in again; the dates are changed and reopened.
    page.context.clear_cookies()
    sign_in(page, user.email)
    assert path(page) == "/employers/"
    assert page.locator("h1").inner_text() == "Your vacancies"
    page.get_by_role("link", name="Edit Home care assistant").click()
    check(page, f"{prefix}vacancy-check-live")
    page.get_by_role("link", name=re.compile("Change closing date", re.I)).click()
    assert (shown_date(page, "Closing date"), shown_date(page, "Start date")) == (closing, starting)
    later = closing + datetime.timedelta(days=7)
    fill_date(page, "Closing date", later)
    page.get_by_role("button", name="Save changes").click()
    assert path(page) == f"/employers/vacancies/{vacancy.pk}/check/"
    assert page.locator("h1").inner_text() == "Home care assistant"
    assert f"{later:%-d %B %Y}" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Change closing date", re.I)).click()
    assert (shown_date(page, "Closing date"), shown_date(page, "Start date")) == (later, starting)
    check(page, f"{prefix}vacancy-step-dates-saved")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.closing_date == later

    # A copy is a new draft that keeps the dates, shown on its dates page.
    page.goto("/employers/")
    page.get_by_role("button", name="Copy Home care assistant into a new draft").click()
    assert "has been saved as a draft" in page.locator(".govuk-notification-banner").inner_text()
    assert (shown_date(page, "Closing date"), shown_date(page, "Start date")) == (later, starting)
    check(page, f"{prefix}vacancy-copy-dates")
    copy = Vacancy.objects.exclude(pk=vacancy.pk).get()
    assert copy.status == Vacancy.Status.DRAFT and copy.title == "Home care assistant"
    assert (copy.closing_date, copy.start_date) == (later, starting)

    # Closing the original early takes it off the job search.
    page.goto("/employers/")
    page.get_by_role("link", name="Close early Home care assistant").click()
    check(page, f"{prefix}vacancy-close")
    page.get_by_role("button", name="Close vacancy").click()
    assert "has been closed" in page.locator(".govuk-notification-banner").inner_text()
    check(page, f"{prefix}employer-dashboard-closed")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    # Its page stays up for people who saved the link, saying it has closed: 410 Gone.
    assert page.goto(vacancy.get_absolute_url()).status == 410
    assert page.locator("#closed-warning").is_visible()

    page.goto("/employers/")
    page.get_by_role("link", name="Fair Flexible Work pledge").click()
    check(page, f"{prefix}pledge-sign")
    page.get_by_label("Full name of the person signing").fill("Ada Lovelace")
    page.get_by_label("Their job title").fill("Director")
    page.get_by_label("I confirm my organisation commits to these commitments").check()
    page.get_by_role("button", name="Sign the pledge").click()
    assert "has signed the Fair Flexible Work pledge" in page.content()
    check(page, f"{prefix}pledge-signed")
    assert Pledge.objects.active().get().signatory_name == "Ada Lovelace"

    page.goto("/fair-flexible-pledge/")
    assert "Gospel Oak Care" in page.content()
    check(page, f"{prefix}pledge-list")
    page.get_by_role("link", name="Gospel Oak Care", exact=True).click()
    assert page.locator("h1").inner_text() == "Gospel Oak Care"
    check(page, f"{prefix}organisation-public")


def test_posting_form_errors_without_javascript(no_js_page):
    from tests.employers.factories import OwnerMembershipFactory
    from tests.jobs.factories import DraftVacancyFactory

    owner = OwnerMembershipFactory(user=UserFactory(email="nojs@example.com"))
    vacancy = DraftVacancyFactory(organisation=owner.organisation)
    no_js_page.goto("/accounts/login/")
    no_js_page.fill("input[name=login]", "nojs@example.com")
    no_js_page.fill("input[name=password]", PASSWORD)
    no_js_page.locator("form button[type=submit]").first.click()
    no_js_page.goto(f"/employers/vacancies/{vacancy.pk}/dates/")
    fill_date(no_js_page, "Closing date", timezone.localdate())
    continue_(no_js_page)
    summary = no_js_page.locator(".govuk-error-summary")
    assert "The closing date must be in the future." in summary.inner_text()
    assert no_js_page.locator("#id_closing_date-error").is_visible()
    audit(no_js_page, "vacancy-step-dates-error-no-js", javascript=False)
