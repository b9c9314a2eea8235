"""A work coach signs in with a one-time code and supports a resident who then sees their plan."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from tests.browser.conftest import audit, fill_date, fits, narrow, path
from tests.conftest import _add_totp
from tests.goodwork.core.factories import PASSWORD, UserFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.factories import CaseloadEntryFactory
from tests.residents.coaching.helpers import days
from tests.residents.factories import CoachFactory, ManagerCoachFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def one_time_code(secret: str) -> str:
    """The current code, from a fresh 30-second window so it is still good when it arrives."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def sign_in_with_code(page, email: str, secret: str) -> None:
    # Password alone does not reach the caseload: the one-time code is asked for.
    sign_in(page, email)
    page.locator("input[name=code]").fill(one_time_code(secret))
    page.locator("main button[type=submit]").first.click()
    # Wait for the sign-in to finish: a page opened before then is asked for the code again.
    page.wait_for_url(lambda url: "/accounts/" not in url)


def check(page, name: str) -> None:
    fits(page)
    audit(page, f"{'narrow-' if narrow(page) else ''}{name}")


def test_coach_supports_a_resident_who_sees_their_plan(journey_page):
    page = journey_page
    coach = CoachFactory()
    secret = _add_totp(coach.user)
    vacancy = LiveVacancyFactory(title="Library assistant")
    resident_user = UserFactory(first_name="Amina", last_name="Begum")

    # Signed in, a coach lands on their caseload.
    sign_in_with_code(page, coach.user.email, secret)
    assert path(page) == "/coaching/caseload/"
    assert page.locator("h1").inner_text() == "Caseload"
    check(page, "coach-caseload-empty")

    page.get_by_role("link", name="Add a resident").click()
    check(page, "coach-add-resident")
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Email address (optional)").fill(resident_user.email)
    page.get_by_label("Childcare").check()
    page.get_by_role("button", name="Add resident").click()
    assert page.locator("h1").inner_text() == "Amina Begum"
    check(page, "coach-resident-record")

    page.get_by_role("link", name="Add a note").click()
    check(page, "coach-note-form")
    page.get_by_label("In person").check()
    page.get_by_label("Note").fill("Talked about term-time jobs near home.")
    page.get_by_role("button", name="Save note").click()
    assert page.locator(".govuk-notification-banner").inner_text().endswith("Note added.")
    assert "Talked about term-time jobs" in page.content()

    page.get_by_role("link", name="Agree an action").click()
    page.get_by_role("button", name="Add action").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page, "coach-action-form-errors")
    page.get_by_label("Action").fill("Update your CV with your volunteering")
    page.get_by_label("Resident").check()
    fill_date(page, "Due date", days(7))
    page.get_by_role("button", name="Add action").click()
    assert "Update your CV" in page.content()

    page.get_by_role("link", name="Suggest a job").click()
    check(page, "coach-referral-form")
    # The only live job, so the only result.
    page.get_by_role("button", name=re.compile("Suggest this job")).first.click()
    assert vacancy.title in page.content()
    page.get_by_role("button", name="Invite by email").click()
    check(page, "coach-resident-record-full")

    page.goto("/coaching/caseload/")
    assert page.get_by_role("link", name="Amina Begum").is_visible()
    check(page, "coach-caseload")

    invite = next(m for m in mail.outbox if "invited" in m.subject)
    claim_path = re.search(r"(/my-plan/claim/\S+)", invite.body).group(1)
    page.context.clear_cookies()

    sign_in(page, resident_user.email)
    page.goto(claim_path)
    check(page, "resident-claim")
    page.get_by_role("button", name="Link my record").click()
    assert page.locator("h1").inner_text() == "Your plan"
    assert page.get_by_text("Update your CV with your volunteering", exact=True).is_visible()
    assert page.get_by_role("link", name="Library assistant", exact=True).is_visible()
    check(page, "resident-plan")
    page.get_by_role("button", name=re.compile("I have done this")).click()
    assert "Done: Update your CV" in page.content()
    page.get_by_role("link", name="See who has viewed your record").click()
    # The coach is named with their provider, as the resident knows them, not by an address.
    viewer = f"{coach.user.display_name}, {coach.provider.name}"
    assert page.get_by_text(viewer).first.is_visible()
    assert coach.user.email not in page.content()
    check(page, "resident-record-views")


def test_manager_sees_the_whole_provider_and_its_report(journey_page):
    page = journey_page
    manager = ManagerCoachFactory()
    secret = _add_totp(manager.user)
    colleague = CoachFactory(provider=manager.provider)
    entry = CaseloadEntryFactory(coach=colleague, resident__first_name="Tom",
                                 resident__last_name="Okafor")
    CaseloadEntryFactory(coach=CoachFactory(), resident__first_name="Not",
                         resident__last_name="Ours")

    sign_in_with_code(page, manager.user.email, secret)
    assert path(page) == "/coaching/caseload/"
    # A manager sees everyone on the provider's caseload, with who their coach is.
    row = page.locator("tr").filter(has=page.get_by_role("link", name="Tom Okafor"))
    assert colleague.user.display_name in row.inner_text()
    assert page.get_by_role("link", name="Not Ours").count() == 0
    check(page, "manager-caseload")
    page.get_by_role("link", name="Tom Okafor").click()
    assert page.locator("h1").inner_text() == "Tom Okafor"
    check(page, "manager-record")
    assert entry.resident.pk == int(page.url.rstrip("/").rsplit("/", 1)[1])

    page.goto("/coaching/caseload/")
    page.get_by_role("link", name="Reports", exact=True).click()
    assert page.locator("h1").inner_text() == "Caseload reports"
    check(page, "manager-report")
    page.get_by_role("button", name="Show the figures").click()
    assert page.get_by_role("heading", name=manager.provider.name).is_visible()
    check(page, "manager-report-figures")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download these figures")).click()
    assert download.value.suggested_filename.endswith(".csv")


def test_caseload_filters_and_record_work_without_javascript(no_js_page):
    from residents.coaching.services import caseload as services
    coach = CoachFactory()
    secret = _add_totp(coach.user)
    services.caseload_add_resident(
        coach=coach, first_name="Amina", last_name="Begum", barriers=["childcare"]
    )
    services.caseload_add_resident(
        coach=coach, first_name="Tom", last_name="Okafor", barriers=["debt"]
    )
    page = no_js_page
    sign_in_with_code(page, coach.user.email, secret)
    assert path(page) == "/coaching/caseload/"
    page.get_by_label("Barrier").select_option("debt")
    page.get_by_role("button", name="Apply").click()
    assert page.get_by_role("link", name="Tom Okafor").is_visible()
    assert page.get_by_role("link", name="Amina Begum").count() == 0
    audit(page, "coach-caseload-filtered-no-js", javascript=False)
    page.get_by_role("link", name="Tom Okafor").click()
    page.get_by_role("button", name=re.compile("No longer a barrier")).click()
    assert "Debt marked as no longer a barrier." in page.content()
    audit(page, "coach-record-no-js", javascript=False)
