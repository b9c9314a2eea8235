"""A work coach signs in with a one-time code and supports a resident who then sees their plan."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from tests.browser.conftest import audit
from tests.conftest import _add_totp
from tests.goodwork.core.factories import PASSWORD, UserFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.helpers import days
from tests.residents.factories import CoachFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def one_time_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_coach_supports_a_resident_who_sees_their_plan(page):
    coach = CoachFactory()
    secret = _add_totp(coach.user)
    vacancy = LiveVacancyFactory(title="Library assistant")
    resident_user = UserFactory(first_name="Amina", last_name="Begum")

    # Password alone does not reach the caseload: the one-time code is asked for.
    sign_in(page, coach.user.email)
    page.locator("input[name=code]").fill(one_time_code(secret))
    page.locator("main button[type=submit]").first.click()
    # Wait for the sign-in to finish: a page opened before then is asked for the code again.
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto("/coaching/caseload/")
    assert page.locator("h1").inner_text() == "Caseload"
    audit(page, "coach-caseload-empty")

    page.get_by_role("link", name="Add a resident").click()
    audit(page, "coach-add-resident")
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Email address (optional)").fill(resident_user.email)
    page.get_by_label("Childcare").check()
    page.get_by_role("button", name="Add resident").click()
    assert page.locator("h1").inner_text() == "Amina Begum"
    audit(page, "coach-resident-record")

    page.get_by_role("link", name="Add a note").click()
    audit(page, "coach-note-form")
    page.get_by_label("In person").check()
    page.get_by_label("Note").fill("Talked about term-time jobs near home.")
    page.get_by_role("button", name="Save note").click()
    assert page.locator(".govuk-notification-banner").inner_text().endswith("Note added.")
    assert "Talked about term-time jobs" in page.content()

    page.get_by_role("link", name="Agree an action").click()
    page.get_by_role("button", name="Add action").click()
    assert page.locator(".govuk-error-summary").is_visible()
    audit(page, "coach-action-form-errors")
    page.get_by_label("Action").fill("Update your CV with your volunteering")
    page.get_by_label("Resident").check()
    page.get_by_label("Due date").fill(days(7).isoformat())
    page.get_by_role("button", name="Add action").click()
    assert "Update your CV" in page.content()

    page.get_by_role("link", name="Suggest a job").click()
    audit(page, "coach-referral-form")
    page.get_by_label("Vacancy").select_option(label=f"{vacancy.title}, {vacancy.organisation}")
    page.get_by_role("button", name="Suggest job").click()
    assert "Library assistant" in page.content()
    page.get_by_role("button", name="Invite by email").click()
    audit(page, "coach-resident-record-full")

    page.goto("/coaching/caseload/")
    assert page.get_by_role("link", name="Amina Begum").is_visible()
    audit(page, "coach-caseload")

    invite = next(m for m in mail.outbox if "invited" in m.subject)
    claim_path = re.search(r"(/my-plan/claim/\S+)", invite.body).group(1)
    page.context.clear_cookies()

    sign_in(page, resident_user.email)
    page.goto(claim_path)
    audit(page, "resident-claim")
    page.get_by_role("button", name="Link my record").click()
    assert page.locator("h1").inner_text() == "Your plan"
    assert page.get_by_text("Update your CV with your volunteering", exact=True).is_visible()
    assert page.get_by_role("link", name="Library assistant").is_visible()
    audit(page, "resident-plan")
    page.get_by_role("button", name=re.compile("I have done this")).click()
    assert "Done: Update your CV" in page.content()
    page.get_by_role("link", name="See who has viewed your record").click()
    # The coach is named with their provider, as the resident knows them, not by an address.
    viewer = f"{coach.user.display_name}, {coach.provider.name}"
    assert page.get_by_text(viewer).first.is_visible()
    assert coach.user.email not in page.content()
    audit(page, "resident-record-views")


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
    sign_in(page, coach.user.email)
    page.locator("input[name=code]").fill(one_time_code(secret))
    page.locator("main button[type=submit]").first.click()
    # Wait for the sign-in to finish: a page opened before then is asked for the code again.
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto("/coaching/caseload/")
    page.get_by_label("Barrier").select_option("debt")
    page.get_by_role("button", name="Apply").click()
    assert page.get_by_role("link", name="Tom Okafor").is_visible()
    assert page.get_by_role("link", name="Amina Begum").count() == 0
    audit(page, "coach-caseload-filtered-no-js", javascript=False)
    page.get_by_role("link", name="Tom Okafor").click()
    page.get_by_role("button", name=re.compile("No longer a barrier")).click()
    assert "Debt marked as no longer a barrier." in page.content()
    audit(page, "coach-record-no-js", javascript=False)
