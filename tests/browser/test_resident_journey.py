"""A resident signs up, says what work fits their life, sees jobs that fit, saves an alert,
gets the email and unsubscribes from it without signing in. Someone without an account sets up
an alert from a search and manages it from the email. Both run at 1280px and at 320px."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail

from jobs.choices import Sector, TimeOption, Ward
from residents.models import SavedSearch
from residents.services.alert_delivery import alerts_match_vacancy
from tests.browser.conftest import audit, fits, narrow, path
from tests.jobs.factories import LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def check(page, name: str) -> None:
    fits(page)
    audit(page, f"{'narrow-' if narrow(page) else ''}{name}")


def link_after(body: str, words: str, live_server) -> str:
    """The address on the line after `words` in an email, on the test server."""
    url = re.search(re.escape(words) + r"[^\n]*\n(\S+)", body).group(1)
    return url.replace(settings.SITE_URL, live_server.url)


def test_anonymous_resident_sets_up_an_alert_and_manages_it_from_the_email(
    journey_page, live_server
):
    page = journey_page
    LiveVacancyFactory(title="Teaching assistant", sector=Sector.EDUCATION,
                       time_options=[TimeOption.TERM_TIME])
    page.goto("/jobs/?time=term_time")
    assert page.locator("#result-count").inner_text() == "1 job matches your search"
    check(page, "alert-search")
    page.get_by_role("link", name=re.compile("email alerts", re.I)).first.click()
    assert page.locator("h1").inner_text() == "Get email alerts for this search"
    check(page, "alert-create-anonymous")
    page.get_by_role("button", name="Create alert").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "alert-create-anonymous-errors")
    page.fill("#id_name", "School hours")
    page.get_by_label("As soon as a job is published").check()
    page.fill("#id_email", "parent@example.net")
    page.get_by_role("button", name="Create alert").click()
    assert page.locator("h1").inner_text() == "Check your email"
    check(page, "alert-check-email")

    page.goto(re.search(r"/alerts/confirm/\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name="Confirm and start alerts").click()
    assert page.locator("h1").inner_text() == "Your job alert is set up"
    check(page, "alert-confirmed")
    mail.outbox.clear()

    vacancy = LiveVacancyFactory(title="Nursery practitioner", sector=Sector.EDUCATION,
                                 time_options=[TimeOption.TERM_TIME], alerts_matched_at=None)
    alerts_match_vacancy(vacancy_id=vacancy.id)
    [message] = mail.outbox
    assert message.to == ["parent@example.net"] and "Nursery practitioner" in message.body

    # The email's link opens the page for every alert sent to this address: pause one there.
    page.goto(link_after(message.body, "Change, pause or stop your job alerts", live_server))
    assert page.locator("h1").inner_text() == "Your job alerts"
    assert page.get_by_role("heading", name="School hours").is_visible()
    check(page, "alert-manage")
    page.get_by_role("button", name="Pause School hours").click()
    assert page.get_by_text("Paused", exact=True).is_visible()
    check(page, "alert-manage-paused")
    search = SavedSearch.objects.get(email="parent@example.net")
    assert search.paused and search.unsubscribed_at is None

    # The unsubscribe link stops this alert without signing in.
    page.goto(message.extra_headers["List-Unsubscribe"].strip("<>").replace(
        settings.SITE_URL, live_server.url
    ))
    check(page, "alert-unsubscribe-anonymous")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You have unsubscribed"
    search.refresh_from_db()
    assert search.unsubscribed_at is not None


def test_resident_journey(journey_page, live_server):
    page = journey_page
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

    # Signed in, a resident lands on their own dashboard, which starts their answers while
    # there are none.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "amina@example.net")
    page.fill("input[name=password]", "a-Long-test-passw0rd")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert path(page) == "/profile/start/"

    # Build a profile in short question pages.
    page.goto("/your-job-search/")
    assert page.locator("h1").inner_text() == "Tell us what work fits your life"
    check(page, "resident-start")
    page.get_by_role("button", name="Start now").click()
    page.fill("#id_postcode", "NW5 1SN")
    page.select_option("#id_ward", Ward.GOSPEL_OAK.value)
    check(page, "profile-where")
    continue_(page)
    page.fill("#id_hours_min", "16")
    page.fill("#id_hours_max", "25")
    check(page, "profile-hours")
    continue_(page)
    page.get_by_label("Monday").check()
    page.get_by_label("Mornings").check()
    check(page, "profile-when")
    continue_(page)
    page.check("#id_time_options_needed-5")  # Term-time only
    page.check("#id_time_options_preferred-1")  # Job share
    check(page, "profile-flexibility")
    continue_(page)
    page.get_by_label("Education and childcare").check()
    continue_(page)
    page.fill("#id_pay_needed_hourly", "14")
    check(page, "profile-pay")
    continue_(page)
    page.get_by_label("I look after children", exact=True).check()
    continue_(page)
    check(page, "profile-health")
    continue_(page)
    assert page.locator("h1").inner_text() == "What work fits your life"
    assert "16 to 25 hours a week" in page.content()
    check(page, "profile-summary")

    # Jobs that fit, best first, with reasons.
    page.get_by_role("link", name="See jobs that fit you").click()
    cards = page.locator(".gw-card h2")
    assert cards.nth(0).inner_text() == "Teaching assistant"
    assert page.get_by_text("Term-time only, as you asked").is_visible()
    assert page.get_by_text("Does not offer term-time only").is_visible()
    check(page, "jobs-that-fit")
    page.get_by_role("button", name=re.compile(r"^Save\W+Teaching assistant")).first.click()
    assert page.get_by_text("Saved", exact=True).first.is_visible()
    check(page, "jobs-that-fit-shortlisted")

    # Save a search as an alert.
    page.get_by_role("link", name="Get email alerts for jobs like these").click()
    check(page, "alert-create")
    page.get_by_label("As soon as a job is published").check()
    page.get_by_role("button", name="Create alert").click()
    assert page.locator("h1").inner_text() == "Your job alerts"
    check(page, "alert-list")
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

    # Unsubscribe from the email, without signing in.
    page.context.clear_cookies()
    page.goto(unsubscribe)
    check(page, "alert-unsubscribe")
    page.get_by_label("I found a job").check()
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You have unsubscribed"
    check(page, "alert-unsubscribed")
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
