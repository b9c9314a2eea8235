"""Searching for flexible work and opening a job in Chromium, with and without JavaScript."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jobs.choices import Place, TimeOption, Ward
from tests.browser.conftest import audit, fits
from tests.employers.factories import PledgeFactory
from tests.jobs.factories import ClosedVacancyFactory, LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jobs():
    term_time = LiveVacancyFactory(
        title="Teaching assistant",
        summary="Support children who need extra help.",
        time_options=[TimeOption.TERM_TIME, TimeOption.PART_TIME],
        ward=Ward.KILBURN,
        sector="education",
    )
    PledgeFactory(organisation=term_time.organisation)
    LiveVacancyFactory(
        title="Night porter",
        summary="Keep the hotel safe overnight.",
        time_options=[TimeOption.PREDICTABLE_SHIFTS],
        rota_weeks_ahead=6,
        sector="hospitality",
    )
    LiveVacancyFactory(
        title="Remote caseworker",
        summary="Help residents by phone.",
        place=Place.REMOTE,
        time_options=[],
        ward="",
        sector="public_sector",
    )
    return term_time


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_search_with_a_keyword_and_filters_then_open_a_job(journey_page, jobs):
    page = journey_page
    prefix = f"{page.viewport_size['width']}-"
    errors = csp_errors(page)
    page.goto("/jobs/")
    assert page.locator("#result-count").inner_text() == "3 live jobs"
    fits(page)
    audit(page, f"{prefix}jobs-search")
    page.get_by_label("Search jobs").fill("help")
    page.locator("summary", has_text="When and how much you work").click()
    page.get_by_label("Term-time only").check()
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("#result-count").inner_text() == "1 job matches your search"
    assert page.locator(".gw-card mark").first.inner_text() == "help"
    assert "q=help" in page.url and "time=term_time" in page.url
    assert page.locator(".gw-filter-tag", has_text="Term-time only").is_visible()
    fits(page)
    audit(page, f"{prefix}jobs-search-filtered")
    page.get_by_role("link", name="Teaching assistant", exact=True).click()
    assert page.locator("h1").inner_text() == "Teaching assistant"
    assert page.locator("#pledge-status").inner_text().startswith("Signed")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    fits(page)
    audit(page, f"{prefix}job-page")
    assert not errors, errors


def test_removing_a_filter_tag_widens_the_search(page, jobs):
    page.goto("/jobs/?time=term_time&sector=hospitality")
    assert page.locator("#result-count").inner_text() == "0 jobs match your search"
    assert page.locator("#drop-suggestions").is_visible()
    audit(page, "jobs-search-empty")
    page.locator(".gw-filter-tag", has_text="Term-time only").click()
    assert page.locator("#result-count").inner_text() == "1 job matches your search"


def test_search_without_javascript(no_js_page, jobs):
    page = no_js_page
    page.goto("/jobs/")
    page.get_by_label("Search jobs").fill("porter")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator("#result-count").inner_text() == "1 job matches your search"
    page.locator("summary", has_text="Sector").click()
    page.get_by_label("Hospitality and catering").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "sector=hospitality" in page.url
    assert page.locator("#result-count").inner_text() == "1 job matches your search"
    page.get_by_label("Sort by").select_option("closing")
    page.get_by_role("button", name="Sort", exact=True).click()
    assert "sort=closing" in page.url
    audit(page, "jobs-search-no-js", javascript=False)
    page.get_by_role("link", name="Night porter", exact=True).click()
    assert page.locator("h1").inner_text() == "Night porter"
    audit(page, "job-page-no-js", javascript=False)


def test_bad_parameters_show_a_message(page, jobs):
    page.goto("/jobs/?time=<script>alert(1)</script>&hours_min=lots")
    assert page.locator("#ignored-parameters li").count() == 2
    audit(page, "jobs-search-ignored")


def test_search_and_job_page_at_320_pixels(narrow_page, jobs):
    page = narrow_page
    page.goto("/jobs/?q=teaching")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    audit(page, "jobs-search-320")
    page.get_by_role("link", name="Teaching assistant", exact=True).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    audit(page, "job-page-320")


def test_closed_job_page(page, jobs):
    closed = ClosedVacancyFactory(title="Old job", sector="education", closed_at=timezone.now())
    page.goto(closed.get_absolute_url())
    assert page.locator("#closed-warning").is_visible()
    assert page.get_by_role("link", name="Teaching assistant", exact=True).is_visible()
    audit(page, "job-page-closed")


def test_flexible_working_letter(page, db):
    errors = csp_errors(page)
    page.goto("/flexible-working/")
    audit(page, "flexible-working")
    page.get_by_role("button", name="Create my letter").click()
    assert page.locator(".govuk-error-summary").is_visible()
    audit(page, "flexible-working-errors")
    page.get_by_label("Your full name").fill("Amina Yusuf")
    page.get_by_label("Your employer").fill("Kentish Care")
    page.get_by_label("The change you are asking for").fill("To work term-time only")
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("9")
    page.get_by_label("Year").first.fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Create my letter").click()
    letter = page.locator("#letter-text").input_value()
    assert "statutory request for flexible working" in letter
    audit(page, "flexible-working-letter")
    # Printed, the page is the letter alone.
    page.emulate_media(media="print")
    assert page.locator(".gw-print-only.gw-letter").is_visible()
    assert not page.locator("#letter-text").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a text file").click()
    assert download.value.suggested_filename == "flexible-working-request.txt"
    assert not errors, errors
