"""A council officer signs in with a one-time code, turns moderation on, approves one vacancy
and sends another back, records a new London Living Wage rate and runs the pledge check on a
real Celery worker. The journey runs at 1280px and at 320px.

Accessibility: every page the journey visits, portal and admin alike, goes through audit().
Django's admin falls short of WCAG 2.2 AA in two places (breadcrumb links told apart by colour
alone, filter links under 24px high); static/css/admin.css, loaded by
templates/admin/base_site.html, closes both gaps.
"""

from __future__ import annotations

import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import expect

from employers.models import PledgeCheck, PledgeCheckRun
from goodwork.core.models import SiteSettings
from jobs.models import LivingWageRate, Vacancy
from tests.browser.conftest import audit, fits, narrow
from tests.conftest import _add_totp
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.goodwork.core.factories import PASSWORD, CouncilAdminFactory
from tests.jobs.factories import InReviewVacancyFactory, LiveVacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def one_time_code(secret: str) -> str:
    """The current code, from a fresh 30-second window so it is still good when it arrives."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_to_admin(page, email: str, secret: str, prefix: str = "") -> None:
    """The admin has no sign-in form of its own: /admin/ sends the officer to the portal's."""
    page.goto("/admin/")
    assert page.url.split("?")[0].endswith("/accounts/login/")
    fits(page)
    audit(page, f"{prefix}admin-sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # The password alone is not enough: the one-time code is asked for.
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    fits(page)
    audit(page, f"{prefix}admin-sign-in-code")
    code.fill(one_time_code(secret))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    audit(page, f"{prefix}admin-index")


def admin_date(page, field: str, day: datetime.date) -> None:
    """The admin asks for a date as day, month and year, as the portal's own forms do."""
    row = page.locator(f".field-{field}")
    row.get_by_label("Day").fill(str(day.day))
    row.get_by_label("Month").fill(str(day.month))
    row.get_by_label("Year").fill(str(day.year))


def run_action(page, row: str, action: str) -> None:
    """Tick one row of an admin list and run an action on it."""
    page.get_by_role("checkbox", name=f"Select this object for an action - {row}").check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def message(page) -> str:
    return page.locator("ul.messagelist").inner_text()


def check(page, name: str) -> None:
    """Nothing pushes the page sideways (a wide admin table scrolls in its own box)."""
    fits(page)
    audit(page, f"{'narrow-' if narrow(page) else ''}{name}")


def test_council_officer_moderates_sets_the_living_wage_and_runs_the_pledge_check(
    journey_page, live_worker
):
    page = journey_page
    prefix = "narrow-" if narrow(page) else ""
    officer = CouncilAdminFactory(email=f"{prefix}officer@camden.example.gov.uk")
    secret = _add_totp(officer)
    approve = InReviewVacancyFactory(
        title="Library assistant", organisation__name="Kentish Town Library"
    )
    send_back = InReviewVacancyFactory(
        title="Kitchen porter", organisation__name="Chalk Farm Kitchen"
    )
    pledged = OrganisationFactory(name="Gospel Oak Care")
    PledgeFactory(organisation=pledged)
    LiveVacancyFactory(title="Care assistant", organisation=pledged)
    night_carer = LiveVacancyFactory(title="Night carer", organisation=pledged, zero_hours=True)
    assert not SiteSettings.load().moderation_enabled

    sign_in_to_admin(page, officer.email, secret, prefix=prefix)

    # Moderation on, through the portal settings (the list goes straight to the one form).
    page.get_by_role("link", name="Portal settings").first.click()
    checkbox = page.get_by_label("Vacancies need council approval before they go live")
    assert not checkbox.is_checked()
    check(page, "admin-portal-settings")
    checkbox.check()
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in message(page)
    assert page.get_by_label("Vacancies need council approval before they go live").is_checked()
    check(page, "admin-portal-settings-saved")
    assert SiteSettings.load().moderation_enabled

    # Waiting for review: not on the public site yet.
    response = page.goto(approve.get_absolute_url())
    assert response.status == 404
    check(page, "job-waiting-for-review-not-found")

    page.goto("/admin/jobs/vacancy/")
    page.get_by_role("link", name="Waiting for council review").click()
    page.wait_for_url("**/admin/jobs/vacancy/?status__exact=in_review")
    expect(page.get_by_role("link", name="Library assistant", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Kitchen porter", exact=True)).to_be_visible()
    check(page, "admin-vacancies-in-review")
    run_action(page, "Library assistant", "Approve selected vacancies (they go live)")
    assert "Approved 1 vacancy." in message(page)
    check(page, "admin-vacancies-approved")
    approve.refresh_from_db()
    assert approve.status == Vacancy.Status.PUBLISHED and approve.pays_living_wage

    # Sent back with a note: the intermediate page asks for it and will not go on without one.
    run_action(page, "Kitchen porter", "Send selected vacancies back to the employer, with a note")
    expect(page.get_by_role("heading", name="Send vacancies back to the employer")).to_be_visible()
    expect(page.locator("#content li")).to_have_text(
        ["Kitchen porter (Chalk Farm Kitchen): Waiting for council review"]
    )
    check(page, "admin-send-back")
    page.get_by_role("button", name="Send back to the employer").click()
    assert "Say why the vacancy is being sent back" in page.locator("ul.errorlist").inner_text()
    check(page, "admin-send-back-error")
    page.get_by_label("Why is the vacancy being sent back?").fill(
        "Say which days the shifts are on and how far ahead rotas are published."
    )
    page.get_by_role("button", name="Send back to the employer").click()
    assert "Sent back 1 vacancy." in message(page)
    check(page, "admin-vacancies-sent-back")
    send_back.refresh_from_db()
    assert send_back.status == Vacancy.Status.DRAFT
    assert send_back.moderation_note.startswith("Say which days the shifts are on")

    # The approved vacancy is live on its public page; the one sent back is not.
    page.goto(approve.get_absolute_url())
    assert page.locator("h1").inner_text() == "Library assistant"
    assert "Kentish Town Library" in page.content()
    check(page, "job-approved-live")
    assert page.goto(send_back.get_absolute_url()).status == 404

    # A new London Living Wage rate. A vacancy has just gone live under the rate in force, so
    # a new rate cannot start on that day: the earliest is the day after.
    today = timezone.localdate(approve.published_at)
    tomorrow = today + datetime.timedelta(days=1)
    page.goto("/admin/")
    page.get_by_role("link", name="London Living Wage rates").first.click()
    expect(page.locator("#content")).to_contain_text(
        "In force now: £14.80 an hour from 22 October 2025"
    )
    check(page, "admin-living-wage-rates")
    page.get_by_role("link", name="Add London Living Wage rate").click()
    check(page, "admin-living-wage-rate-add")
    page.get_by_label("Hourly rate").fill("15.25")
    admin_date(page, "effective_from", today)
    admin_date(page, "announced_on", today)
    page.get_by_label("Note").fill("London Living Wage 2026/27")
    page.get_by_role("button", name="Save", exact=True).click()
    assert f"Choose a date after {today:%-d %B %Y}." in page.locator(
        "#id_effective_from_error"
    ).inner_text()
    check(page, "admin-living-wage-rate-add-error")
    admin_date(page, "effective_from", tomorrow)
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in message(page)
    rows = page.locator("#result_list tbody tr")
    new, old = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    assert "£15.25 an hour" in new and f"{tomorrow:%-d %b %Y}" in new
    assert "Replaced by no later rate" in new
    assert "£14.80 an hour" in old and f"{tomorrow:%-d %B %Y} (the next rate starts)" in old
    # Today the old rate is still the one in force; the new one takes over tomorrow.
    in_force_now = rows.locator("td.field-in_force_now img")
    assert [in_force_now.nth(i).get_attribute("alt") for i in range(2)] == ["False", "True"]
    expect(page.locator("#content")).to_contain_text(
        "In force now: £14.80 an hour from 22 October 2025"
    )
    check(page, "admin-living-wage-rate-added")
    assert LivingWageRate.objects.get(effective_from=tomorrow).hourly_rate == 15.25

    # The pledge check, run now on the worker; its result appears under pledge checks.
    page.goto("/admin/employers/pledge/")
    check(page, "admin-pledges")
    # One button on the list runs it for every pledged organisation.
    page.get_by_role("button", name="Run the pledge check now").click()
    assert "The pledge check has been queued for 1 organisation" in message(page)
    check(page, "admin-pledge-check-started")
    deadline = time.monotonic() + 60
    while not PledgeCheckRun.objects.filter(finished_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the worker did not finish the pledge check"
        time.sleep(0.2)
    page.goto("/admin/")
    page.get_by_role("link", name="Pledge checks").first.click()
    row = page.locator("#result_list tbody tr").filter(has_text="Gospel Oak Care")
    assert "Not met" in row.inner_text()
    check(page, "admin-pledge-checks")
    row.get_by_role("link", name="Gospel Oak Care").click()
    reasons = page.locator("div.field-reasons")
    expect(reasons).to_contain_text("on a zero-hours contract.")
    expect(reasons).to_contain_text(f"Night carer (#{night_carer.pk})")
    check(page, "admin-pledge-check")
    result = PledgeCheck.objects.get(organisation=pledged)
    assert result.status == PledgeCheck.Status.NOT_MET and result.vacancies_checked == 2
    assert PledgeCheckRun.objects.get().triggered_by == f"admin: {officer.email}"


