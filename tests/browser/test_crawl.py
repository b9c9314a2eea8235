"""Each kind of user walks every page they can reach from where they land, and tries every form
and button on the way (tests/browser/crawl.py says what is checked)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from jobs.models import Vacancy
from residents.services import alerts
from tests.browser.crawl import Crawl
from tests.conftest import _add_totp
from tests.employers.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    OwnerMembershipFactory,
    PledgeCheckFactory,
    PledgeFactory,
)
from tests.goodwork.core.factories import PASSWORD, CouncilAdminFactory, UserFactory
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)
from tests.residents.coaching import factories as coaching
from tests.residents.factories import (
    AppliedShortlistFactory,
    CoachFactory,
    KeepUnansweredSavedSearchFactory,
    ManagerCoachFactory,
    OwnedSavedSearchFactory,
    PausedSavedSearchFactory,
    ProfileCompletedResidentFactory,
    ProviderFactory,
    SavedSearchFactory,
    ShortlistFactory,
    UnconfirmedSavedSearchFactory,
)

# A walk takes a minute or two; on a busy machine, longer than the usual limit of one test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.timeout(900)]


def one_time_code(secret: str) -> str:
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, email: str, secret: str | None = None, start: str = "/accounts/login/") -> None:
    page.goto(start)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if secret is not None:
        page.locator("input[name=code]").fill(one_time_code(secret))
        page.locator("main button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


# The job search and the flexible-working letter behave the same for everyone signed in or not:
# the anonymous walk submits them.
SHARED_FORMS = re.compile(r"^(get /jobs/|post /flexible-working/)$")
# Pages that are the same for everyone, signed in or not: the anonymous walk checks them.
SAME_FOR_EVERYONE = re.compile(
    r"^/(insights/|accessibility/|privacy/|flexible-working/|fair-flexible-pledge/|organisations/)"
)
# The council admin works in the admin: the portal's own pages are walked by the people they
# are for (the admin's link to the site, say, leads there). "View on site" redirects to the
# configured site address, which is not the test server.
NOT_THE_ADMIN = re.compile(r"^/(?!admin/|accounts/)|^/admin/r/")
# Every changelist, one change and one add page of each model (the shape caps those); one
# object's history and one delete page in all, and a few filtered or sorted changelists: those
# pages are the same for every model.
ADMIN_RARE = {
    re.compile(r"^/admin/[^/]+/[^/]+/\{id\}/history/$"): 1,
    re.compile(r"^/admin/[^/]+/[^/]+/\{id\}/delete/$"): 1,
    re.compile(r"^/admin/[^/]+/[^/]+/\?"): 4,
}
# The search box and the actions menu are the same on every changelist.
ADMIN_CHANGELIST_FORMS = (re.compile(r"^/admin/[^/]+/[^/]+/$"), "/admin/{app}/{model}/")
# The password, where a page asks for the current one (changing it, say, keeps it the same).
ACCOUNT_VALUES = {"oldpassword": PASSWORD, "password": PASSWORD}


def walk(crawl: Crawl, start: str | None = None, also: tuple[str, ...] = ()) -> None:
    crawl.run(start, also)
    print(crawl.report())
    crawl.assert_clean()


# -- The worlds each person walks through ----------------------------------------------------

def jobs_market():
    """Live jobs from a pledged employer and others, a closed and an expired one."""
    pledged = OrganisationFactory(name="Gospel Oak Care")
    PledgeCheckFactory(pledge=PledgeFactory(organisation=pledged), organisation=pledged)
    live = [
        LiveVacancyFactory(title="Teaching assistant", organisation=pledged, sector="education"),
        LiveVacancyFactory(title="Night porter", time_options=["predictable_shifts"],
                           rota_weeks_ahead=4, sector="hospitality"),
        LiveVacancyFactory(title="Remote caseworker", place="remote", ward="",
                           sector="public_sector"),
    ]
    ClosedVacancyFactory(title="Kitchen porter", organisation=pledged)
    ExpiredVacancyFactory(title="Cleaner")
    return live


def employer_world():
    organisation = OrganisationFactory(name="Kentish Town Library")
    owner = OwnerMembershipFactory(organisation=organisation).user
    member = MembershipFactory(organisation=organisation).user
    MembershipFactory(organisation=organisation)  # to be removed
    MembershipFactory(organisation=organisation)  # to be made an owner
    InvitationFactory(organisation=organisation)
    PledgeCheckFactory(
        pledge=PledgeFactory(organisation=organisation), organisation=organisation
    )
    DraftVacancyFactory(organisation=organisation, title="Library assistant")
    InReviewVacancyFactory(organisation=organisation, title="Reading group leader")
    LiveVacancyFactory(organisation=organisation, title="Children's librarian")
    LiveVacancyFactory(organisation=organisation, title="Archive assistant")  # to be closed
    ClosedVacancyFactory(organisation=organisation, title="Caretaker")
    ExpiredVacancyFactory(organisation=organisation, title="Story-time volunteer")
    jobs_market()
    return owner, member


def resident_world():
    resident = ProfileCompletedResidentFactory()
    live = jobs_market()
    ShortlistFactory(resident=resident, vacancy=live[0])
    AppliedShortlistFactory(resident=resident, vacancy=live[1])
    OwnedSavedSearchFactory(owner=resident.user, name="Care jobs")
    PausedSavedSearchFactory(owner=resident.user, email=resident.user.email, name="Evenings")
    coach = CoachFactory()
    coaching.CaseloadEntryFactory(resident=resident, coach=coach)
    coaching.ActionFactory(resident=resident, created_by=coach)
    coaching.DoneActionFactory(resident=resident, created_by=coach)
    coaching.ReferralFactory(resident=resident, coach=coach, vacancy=live[2])
    move = coaching.ProviderTransferFactory(resident=resident, from_coach=coach, on_caseload=False)
    CoachFactory(provider=move.to_provider)
    return resident


def caseload_world(coach, live):
    """Residents on the coach's caseload in every status, with what a record holds."""
    CoachFactory(provider=coach.provider)  # a colleague to transfer a resident to
    entries = [
        coaching.CaseloadEntryFactory(coach=coach),
        coaching.InWorkLookingCaseloadEntryFactory(coach=coach),
        coaching.InWorkCaseloadEntryFactory(coach=coach),
        coaching.PausedCaseloadEntryFactory(coach=coach),
        coaching.ClosedStatusCaseloadEntryFactory(coach=coach),
        coaching.EndedCaseloadEntryFactory(coach=coach),
        coaching.CaseloadEntryFactory(coach=coach, consent=False),
    ]
    looking = entries[0].resident
    coaching.CaseNoteFactory(resident=looking, author=coach)
    coaching.BarrierFactory(resident=looking, recorded_by=coach)
    coaching.ActionFactory(resident=looking, created_by=coach)
    coaching.OverdueActionFactory(resident=looking, created_by=coach)
    coaching.ReferralFactory(resident=looking, coach=coach, vacancy=live[0])
    coaching.InterviewReferralFactory(resident=looking, coach=coach, vacancy=live[1])
    coaching.FlexibleWorkingRequestFactory(resident=looking, prepared_by=coach)
    in_work = entries[2].resident
    coaching.JobOutcome13WeekCheckDueFactory(resident=in_work, coach=coach)
    coaching.ProviderTransferFactory(to_provider=coach.provider)
    return entries


# -- The walks ---------------------------------------------------------------------------------

def email_links() -> tuple[str, ...]:
    """The pages alert emails link to, for alerts sent to an address without an account."""
    confirmed = SavedSearchFactory(email="parent@example.net", name="School hours")
    PausedSavedSearchFactory(email="parent@example.net", name="Evenings")
    SavedSearchFactory(email="parent@example.net", name="Weekends")
    unconfirmed = UnconfirmedSavedSearchFactory(email="carer@example.net")
    stale = KeepUnansweredSavedSearchFactory(email="carer@example.net")
    return (
        reverse("residents:alert_confirm", kwargs={"token": alerts.confirm_token(unconfirmed)}),
        reverse("residents:alert_unsubscribe",
                kwargs={"token": alerts.unsubscribe_token(confirmed)}),
        reverse("residents:alert_keep", kwargs={"token": alerts.keep_token(stale)}),
        reverse("residents:alert_manage",
                kwargs={"token": alerts.manage_token("parent@example.net")}),
    )


def test_anonymous_visitor_walks_the_portal(page):
    jobs_market()
    UserFactory(email="known@example.com")
    walk(Crawl(page, "anonymous", stay_anonymous=True,
               values={"login": "known@example.com", "password": PASSWORD}), "/", email_links())


def signed_in(page, role: str, secret: str | None = None, **options) -> Crawl:
    values: dict = {**ACCOUNT_VALUES}
    if secret is not None:
        values["code"] = lambda: one_time_code(secret)
    options.setdefault("skip", SAME_FOR_EVERYONE)
    return Crawl(page, role, shared_forms=SHARED_FORMS, values=values, **options)


def test_resident_walks_their_account(page):
    resident = resident_world()
    sign_in(page, resident.user.email)
    walk(signed_in(page, "resident", sign_in_again=lambda: sign_in(page, resident.user.email)))


def test_employer_member_walks_their_organisation(page):
    _, member = employer_world()
    sign_in(page, member.email)
    walk(signed_in(page, "employer member"))


def test_employer_owner_walks_their_organisation(page):
    owner, _ = employer_world()
    sign_in(page, owner.email)
    walk(signed_in(page, "employer owner"))


# Known and open: the walk presses "Withdraw consent" before "Transfer" on the same record, and
# either one takes the record away from the coach, so the transfer button is never pressed.
# The walk must try the second on another resident of the caseload. Strict: once it passes, the
# marker must go.
CASELOAD_WALK_OPEN = pytest.mark.xfail(
    strict=True, reason="the transfer form is reached only after consent is withdrawn"
)


@CASELOAD_WALK_OPEN
def test_work_coach_walks_their_caseload(page):
    coach = CoachFactory()
    secret = _add_totp(coach.user)
    caseload_world(coach, jobs_market())
    sign_in(page, coach.user.email, secret)
    # Two records of each kind: residents in different states show different parts.
    walk(signed_in(page, "work coach", secret, per_shape=2))


@CASELOAD_WALK_OPEN
def test_coaching_manager_walks_their_provider(page):
    provider = ProviderFactory()
    manager = ManagerCoachFactory(provider=provider)
    secret = _add_totp(manager.user)
    live = jobs_market()
    caseload_world(CoachFactory(provider=provider), live)
    caseload_world(manager, live)
    sign_in(page, manager.user.email, secret)
    walk(signed_in(page, "coaching manager", secret))


# Known and open: at 320 px the vacancy change list fails axe's target-size rule and a job
# outcome's change page its scrollable-region-focusable rule (the sustainment checks inline).
@pytest.mark.xfail(strict=True, reason="two admin pages fail axe at 320 px")
def test_council_admin_walks_the_admin(page):
    officer = CouncilAdminFactory()
    secret = _add_totp(officer)
    employer_world()
    caseload_world(CoachFactory(), list(Vacancy.objects.live()))
    sign_in(page, officer.email, secret, start="/admin/")
    walk(signed_in(page, "council admin", secret, per_path_queries=1,
                   skip=NOT_THE_ADMIN, rare=ADMIN_RARE, same_forms=ADMIN_CHANGELIST_FORMS,
                   only_bad_data=re.compile(r"^/admin/.+/add/"),
                   same_buttons=re.compile(r"^/admin/")))
