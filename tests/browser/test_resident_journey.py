"""A resident signs up, says what work fits their life, sees jobs that fit, saves an alert,
gets the email and unsubscribes from it on a small screen without signing in."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail

from jobs.choices import Sector, TimeOption, Ward
from residents.models import SavedSearch
from residents.services.alert_delivery import alerts_match_vacancy
from tests.browser.conftest import audit
from tests.jobs.factories import LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def test_resident_journey(page, narrow_page, live_server):
    LiveVacancyFactory(
        title="Teaching assistant",
        sector=Sector.EDUCATION,
        ward=Ward.GOSPEL_OAK,
        time_options=[TimeOption.TERM_TIME, TimeOption.PART_TIME],
        hours_min=Decimal("20"),
        hours_max=Decimal("25"),
    )
    LiveVacancyFactory(
        title="Night porter",
        sector=Sector.FACILITIES,
        time_options=[TimeOption.PREDICTABLE_SHIFTS],
        rota_weeks_ahead=4,
        hours_min=Decimal("37.5"),
        hours_max=Decimal("40"),
    )

    # Sign up and confirm the address.
    page.goto("/accounts/signup/")
    page.fill("#id_first_name", "Amina")
    page.fill("#id_last_name", "Yusuf")
    page.fill("#id_email", "amina@example.net")
    page.fill("#id_password1", "a-Long-test-passw0rd")
    page.fill("#id_password2", "a-Long-test-passw0rd")
    page.get_by_role("button", name="Create an account").click()
    link = re.search(r"/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    mail.outbox.clear()

    # Build a profile in short question pages.
    page.goto("/your-job-search/")
    assert page.locator("h1").inner_text() == "Tell us what work fits your life"
    audit(page, "resident-start")
    page.get_by_role("button", name="Start now").click()
    page.fill("#id_postcode", "NW5 1SN")
    page.select_option("#id_ward", Ward.GOSPEL_OAK.value)
    audit(page, "profile-where")
    continue_(page)
    page.fill("#id_hours_min", "16")
    page.fill("#id_hours_max", "25")
    audit(page, "profile-hours")
    continue_(page)
    page.get_by_label("Monday").check()
    page.get_by_label("Mornings").check()
    audit(page, "profile-when")
    continue_(page)
    page.check("#id_time_options_needed-5")  # Term-time only
    page.check("#id_time_options_preferred-1")  # Job share
    audit(page, "profile-flexibility")
    continue_(page)
    page.get_by_label("Education and childcare").check()
    continue_(page)
    page.fill("#id_pay_needed_hourly", "14")
    audit(page, "profile-pay")
    continue_(page)
    page.get_by_label("I look after children", exact=True).check()
    continue_(page)
    audit(page, "profile-health")
    continue_(page)
    assert page.locator("h1").inner_text() == "What work fits your life"
    assert "16 to 25 hours a week" in page.content()
    audit(page, "profile-summary")

    # Jobs that fit, best first, with reasons.
    page.get_by_role("link", name="See jobs that fit you").click()
    cards = page.locator(".gw-card h2")
    assert cards.nth(0).inner_text() == "Teaching assistant"
    assert page.get_by_text("Term-time only, as you asked").is_visible()
    assert page.get_by_text("Does not offer term-time only").is_visible()
    audit(page, "jobs-that-fit")
    page.get_by_role("button", name="Shortlist Teaching assistant").click()
    assert page.get_by_text("On your shortlist", exact=True).is_visible()
    audit(page, "jobs-that-fit-shortlisted")

    # Save a search as an alert.
    page.get_by_role("link", name="Get email alerts for jobs like these").click()
    audit(page, "alert-create")
    page.get_by_label("As soon as a job is published").check()
    page.get_by_role("button", name="Create alert").click()
    assert page.locator("h1").inner_text() == "Your job alerts"
    audit(page, "alert-list")
    search = SavedSearch.objects.get(owner__email="amina@example.net")
    assert search.time_options == ["term_time"] and search.sectors == ["education"]

    # A matching job is published: the alert email arrives.
    vacancy = LiveVacancyFactory(
        title="Nursery practitioner",
        sector=Sector.EDUCATION,
        time_options=[TimeOption.TERM_TIME],
        alerts_matched_at=None,
    )
    alerts_match_vacancy(vacancy_id=vacancy.id)
    assert [m.to for m in mail.outbox] == [["amina@example.net"]]
    message = mail.outbox[0]
    assert "Nursery practitioner" in message.body
    unsubscribe = (
        message.extra_headers["List-Unsubscribe"]
        .strip("<>")
        .replace(settings.SITE_URL, live_server.url)
    )

    # Unsubscribe from the email on a phone, without signing in.
    narrow_page.goto(unsubscribe)
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 320
    audit(narrow_page, "alert-unsubscribe-320")
    narrow_page.get_by_label("I found a job").check()
    narrow_page.get_by_role("button", name="Unsubscribe").click()
    assert narrow_page.locator("h1").inner_text() == "You have unsubscribed"
    audit(narrow_page, "alert-unsubscribed-320")
    search.refresh_from_db()
    assert search.unsubscribed_at is not None and search.unsubscribe_reason == "found_job"


def test_alert_without_an_account_and_without_javascript(no_js_page, live_server):
    page = no_js_page
    page.goto("/alerts/new/?time=term_time&sector=education")
    assert page.locator("h1").inner_text() == "Get email alerts for this search"
    page.get_by_role("button", name="Create alert").click()
    assert page.locator(".govuk-error-summary").is_visible()
    audit(page, "alert-create-errors-no-js", javascript=False)
    page.fill("#id_name", "School hours")
    page.get_by_label("Once a week").check()
    page.fill("#id_email", "parent@example.net")
    page.get_by_role("button", name="Create alert").click()
    assert page.locator("h1").inner_text() == "Check your email"
    audit(page, "alert-check-email-no-js", javascript=False)
    assert not SavedSearch.objects.get(email="parent@example.net").confirmed_at

    confirm = re.search(r"/alerts/confirm/\S+", mail.outbox[-1].body).group(0)
    page.goto(confirm)
    audit(page, "alert-confirm-no-js", javascript=False)
    page.get_by_role("button", name="Confirm and start alerts").click()
    assert page.locator("h1").inner_text() == "Your job alert is set up"
    assert SavedSearch.objects.get(email="parent@example.net").confirmed_at
