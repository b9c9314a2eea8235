"""An employer signs in, sets up the organisation, posts a vacancy page by page, sees it live
and signs the Fair Flexible Work pledge. Every page is audited; the whole journey runs at 320px
too."""

import datetime

import pytest
from django.utils import timezone

from employers.models import Pledge
from jobs.models import Vacancy
from tests.browser.conftest import audit
from tests.goodwork.core.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> None:
    width = page.viewport_size["width"]
    if width <= 320:
        wide = page.evaluate(
            "w => [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > w)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)",
            width,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (page.url, wide)


def check(page, name: str) -> None:
    fits(page)
    audit(page, name)


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


@pytest.mark.parametrize("viewport", ["page", "narrow_page"])
def test_employer_posts_a_vacancy_and_signs_the_pledge(request, viewport):
    page = request.getfixturevalue(viewport)
    prefix = "narrow-" if viewport == "narrow_page" else ""
    user = UserFactory(email=f"{prefix}owner@example.com")

    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
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
    page.get_by_label("Closing date").fill(
        (timezone.localdate() + datetime.timedelta(days=21)).isoformat()
    )
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
    page.get_by_role("link", name="Home care assistant", exact=True).click()
    assert page.locator("h1").inner_text() == "Home care assistant"

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
    assert "Home care assistant" in page.content()
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
    no_js_page.get_by_label("Closing date").fill(timezone.localdate().isoformat())
    continue_(no_js_page)
    summary = no_js_page.locator(".govuk-error-summary")
    assert "The closing date must be in the future." in summary.inner_text()
    assert no_js_page.locator("#id_closing_date-error").is_visible()
    audit(no_js_page, "vacancy-step-dates-error-no-js", javascript=False)
