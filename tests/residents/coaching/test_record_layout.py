"""The work coach's record of a resident, and the resident's list of who has viewed it, fit a
small phone (320 CSS pixels) without a sideways scroll and pass the accessibility audit, with
every section filled in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, audit, fits, narrow, path
from tests.browser.test_coach_journey import sign_in, sign_in_with_code
from tests.conftest import _add_totp
from tests.goodwork.core.factories import UserFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.factories import (
    ActionFactory,
    BarrierFactory,
    CaseNoteFactory,
    DoneActionFactory,
    FlexibleWorkingRequestFactory,
    JobOutcome13WeekCheckDueFactory,
    OverdueActionFactory,
    ProviderTransferFactory,
    ReferralFactory,
    ResolvedBarrierFactory,
)
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, ProviderFactory, ResidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class BrowserThread:
    """Chromium driven from a thread of its own. Playwright's sync API runs one instance per
    thread, and tests/browser/'s session-wide instance may already be running in this one."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1)
        self.playwright = self.browser = None

    def visit(self, live_server, viewport: dict[str, int], journey) -> None:
        def run() -> None:
            if self.browser is None:
                from playwright.sync_api import sync_playwright

                self.playwright = sync_playwright().start()
                self.browser = self.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
            context = self.browser.new_context(base_url=live_server.url, viewport=viewport)
            page = context.new_page()
            page.set_default_timeout(15_000)
            try:
                journey(page)
            finally:
                context.close()

        self.executor.submit(run).result()

    def close(self) -> None:
        def stop() -> None:
            if self.browser is not None:
                self.browser.close()
                self.playwright.stop()

        self.executor.submit(stop).result()
        self.executor.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}", pytrace=False)
    thread = BrowserThread()
    yield thread
    thread.close()


@pytest.fixture(params=list(VIEWPORTS), ids=[f"{width}px" for width in VIEWPORTS])
def viewport(request) -> dict[str, int]:
    return VIEWPORTS[request.param]

# Long words and long runs of text are what push a table cell wider than a phone.
LONG_ACTION = (
    "Ring the Kentish Town jobcentre about the sector-based work academy in health and social "
    "care, and ask whether the Thursday-morning induction fits around the school run"
)
LONG_NOTE = "Needs work within school hours; childminder-arrangements-not-yet-confirmed."


def full_record(coach):
    entry = on_caseload(
        coach,
        ResidentFactory(first_name="Amina", last_name="Begum-Oyelaran"),
        shares_profile=True,
        shares_plan=True,
    )
    resident, made_by = entry.resident, {"provider": coach.provider}
    BarrierFactory(resident=resident, recorded_by=coach, note=LONG_NOTE, **made_by)
    ResolvedBarrierFactory(resident=resident, recorded_by=coach, **made_by)
    CaseNoteFactory(resident=resident, author=coach, **made_by)
    ActionFactory(resident=resident, created_by=coach, description=LONG_ACTION, **made_by)
    OverdueActionFactory(resident=resident, created_by=coach, owner="coach", **made_by)
    DoneActionFactory(resident=resident, created_by=coach, **made_by)
    ReferralFactory(
        resident=resident,
        coach=coach,
        vacancy=LiveVacancyFactory(title="Community health and wellbeing apprentice"),
        **made_by,
    )
    JobOutcome13WeekCheckDueFactory(resident=resident, coach=coach, **made_by)
    FlexibleWorkingRequestFactory(resident=resident, prepared_by=coach, **made_by)
    ProviderTransferFactory(
        resident=resident, from_coach=coach, to_provider=ProviderFactory(), on_caseload=False
    )
    return entry


# A table wider than the column it sits in: at 320 px it may still end inside the viewport's
# 15 px margin, but it has already stopped reflowing.
WIDER_THAN_ITS_COLUMN = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.getBoundingClientRect().right
               > t.parentElement.getBoundingClientRect().right + 1)
  .map(t => t.querySelector('caption')?.innerText + ': '
            + Math.round(t.getBoundingClientRect().width))"""


def check(page, name: str) -> None:
    fits(page)
    assert page.evaluate(WIDER_THAN_ITS_COLUMN) == []
    audit(page, f"{'narrow-' if narrow(page) else ''}{name}")


def test_the_record_fits_a_small_screen_and_passes_the_audit(browser, live_server, viewport):
    coach = CoachFactory(user=UserFactory(first_name="Grace", last_name="Adeyemi-Whitfield"))
    CoachFactory()  # someone at another provider to suggest a move to
    entry = full_record(coach)
    secret = _add_totp(coach.user)
    browser.visit(live_server, viewport, lambda page: walk_the_record(page, coach, entry, secret))


def walk_the_record(page, coach, entry, secret) -> None:
    sign_in_with_code(page, coach.user.email, secret)
    page.goto(reverse("coaching:record", kwargs={"pk": entry.resident_id}))
    assert page.locator("h1").inner_text() == "Amina Begum-Oyelaran"
    assert page.locator("table").count() == 2
    check(page, "coach-full-record")

    # The action's change link and the move link open their forms.
    record = reverse("coaching:record", kwargs={"pk": entry.resident_id})
    page.get_by_role("link", name=f"Change action: {LONG_ACTION}").click()
    assert page.locator("h1").inner_text() == "Change an action"
    check(page, "coach-change-action")
    page.goto(record)
    page.get_by_role("link", name="Suggest a move to another provider").click()
    assert path(page) == reverse("coaching:transfer_propose", kwargs={"pk": entry.resident_id})
    assert page.locator("h1").inner_text() == "Suggest a move to another provider"
    check(page, "coach-suggest-a-move")


def test_who_has_viewed_fits_a_small_screen_and_passes_the_audit(
    browser, live_server, viewport
):
    coach = CoachFactory(user=UserFactory(first_name="Grace", last_name="Adeyemi-Whitfield"))
    entry = full_record(coach)
    secret = _add_totp(coach.user)
    browser.visit(
        live_server, viewport, lambda page: walk_who_has_viewed(page, coach, entry, secret)
    )


def walk_who_has_viewed(page, coach, entry, secret) -> None:
    # The coach opens the record, so the resident has a view to see.
    sign_in_with_code(page, coach.user.email, secret)
    page.goto(reverse("coaching:record", kwargs={"pk": entry.resident_id}))
    page.context.clear_cookies()

    sign_in(page, entry.resident.user.email)
    page.goto(reverse("coaching:plan"))
    check(page, "resident-plan")
    page.get_by_role("link", name="See who has viewed your record").click()
    assert page.locator("h1").inner_text() == "Who has viewed or changed your record"
    assert "Grace Adeyemi-Whitfield" in page.locator("main").inner_text()
    check(page, "resident-who-has-viewed")
