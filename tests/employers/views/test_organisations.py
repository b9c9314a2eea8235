"""Organisation, member, invitation, pledge and dashboard pages, for every role."""

import csv
import io
import re
from html import unescape

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.forms import organisation as of
from employers.models import Invitation, Membership, Organisation, Pledge, PledgeCheck
from employers.services import organisations as os_
from employers.services import pledges as ps
from residents.coaching.services import referrals as referral_services
from residents.models import AlertDelivery, Shortlist
from tests.employers.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeFactory,
)
from tests.goodwork.core.factories import UserFactory
from tests.jobs.factories import (
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, ResidentFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db

ORGANISATION_DATA = {
    "name": "Kentish Town Care",
    "companies_house_number": "01234567",
    "sector": "health_care",
    "size_band": "small",
    "address": "1 Leighton Road",
    "postcode": "NW5 2QE",
    "ward": "kentish_town_south",
    "website": "https://ktcare.example.org",
    "living_wage_accredited": "on",
    "disability_confident": "employer",
    "flexible_working_statement": "Self-rostering for all care staff.",
}


# -- Organisations ----------------------------------------------------------------------------


def test_new_employer_without_an_organisation_is_sent_to_set_one_up(client, user):
    client.force_login(user)
    response = client.get(reverse("employers:dashboard"))
    assert response.url == reverse("employers:organisation_create")


def test_create_an_organisation_makes_you_its_owner(client, user):
    client.force_login(user)
    response = client.post(reverse("employers:organisation_create"), ORGANISATION_DATA)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert organisation.slug == "kentish-town-care" and organisation.living_wage_accredited
    assert Membership.objects.get(organisation=organisation).role == "owner"
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", of.ORGANISATION_NAME_MISSING),
        ("sector", "", of.SECTOR_MISSING),
        ("size_band", "", of.SIZE_BAND_MISSING),
        ("website", "not a website", of.WEBSITE_INVALID),
        ("companies_house_number", "12AB", "Enter a Companies House number in the correct format"),
    ],
)
def test_organisation_form_errors(client, user, field, value, message):
    client.force_login(user)
    response = client.post(
        reverse("employers:organisation_create"), {**ORGANISATION_DATA, field: value}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert html.count(message) >= 2
    assert not Organisation.objects.exists()


def test_member_edits_organisation_details(employer_client, organisation):
    url = reverse("employers:organisation_edit", kwargs={"org": organisation.pk})
    assert organisation.name in employer_client.get(url).content.decode()
    employer_client.post(
        url, {**ORGANISATION_DATA, "name": "Renamed", "companies_house_number": ""}
    )
    organisation.refresh_from_db()
    assert organisation.name == "Renamed"


def test_public_organisation_page_lists_live_jobs_only(client, organisation):
    LiveVacancyFactory(organisation=organisation, title="Live job")
    DraftVacancyFactory(organisation=organisation, title="Draft job")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Live job" in html and "Draft job" not in html


def test_suspended_organisation_has_no_public_page(client, organisation):
    os_.organisation_suspend(organisation=organisation, reason="Test")
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_dashboard_chooses_between_organisations(client, employer_member, organisation):
    second = OrganisationFactory(name="Second Org")
    MembershipFactory(organisation=second, user=employer_member)
    LiveVacancyFactory(organisation=organisation, title="First org job")
    LiveVacancyFactory(organisation=second, title="Second org job")
    client.force_login(employer_member)
    first_page = client.get(
        reverse("employers:dashboard"), {"organisation": organisation.pk}
    ).content.decode()
    assert "First org job" in first_page and "Second org job" not in first_page
    second_page = client.get(
        reverse("employers:dashboard"), {"organisation": second.pk}
    ).content.decode()
    assert "Second org job" in second_page and "First org job" not in second_page
    other = OrganisationFactory()
    LiveVacancyFactory(organisation=other, title="Someone else's job")
    assert (
        "Someone else"
        not in client.get(
            reverse("employers:dashboard"), {"organisation": other.pk}
        ).content.decode()
    )


def test_dashboard_empty_state(employer_client):
    assert (
        "You have not posted any vacancies yet."
        in employer_client.get(reverse("employers:dashboard")).content.decode()
    )


def test_dashboard_groups_by_status_with_counts_in_a_fixed_number_of_queries(
    employer_client, organisation
):
    live = LiveVacancyFactory(organisation=organisation, title="Popular job", view_count=42)
    for resident in ResidentFactory.create_batch(3):
        Shortlist.objects.create(resident=resident, vacancy=live)
    for n, alert in enumerate(SavedSearchFactory.create_batch(4)):
        AlertDelivery.objects.create(
            saved_search=alert, vacancy=live, sent_at=timezone.now() if n else None
        )
    coach = CoachFactory()
    for _ in range(2):
        referral_services.referral_create(
            resident=on_caseload(coach).resident, coach=coach, vacancy=live
        )
    DraftVacancyFactory(organisation=organisation, title="Draft job")
    InReviewVacancyFactory(organisation=organisation)
    ExpiredVacancyFactory(organisation=organisation)
    employer_client.get(reverse("employers:dashboard"))  # warm the session and site settings
    with CaptureQueriesContext(connection) as few:
        response = employer_client.get(reverse("employers:dashboard"))
    for _ in range(5):
        LiveVacancyFactory(organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        employer_client.get(reverse("employers:dashboard"))
    assert len(few) == len(many) <= 9, [q["sql"] for q in many.captured_queries]
    html = response.content.decode()
    assert "Draft (1)" in html and "Live (1)" in html and "Waiting for council review (1)" in html
    row = html[html.index("Popular job"):]
    row = row[:row.index("</tr>")]
    counts = re.findall(r'data-label="([^"]+)">(\d+)<', row)
    assert counts == [("Views", "42"), ("Shortlisted", "3"), ("Sent in job alerts", "3"),
                      ("Work coach referrals", "2")]


# -- Members and invitations ------------------------------------------------------------------


def _token(invitation):
    return os_.invitation_token(invitation)


def test_owner_invites_a_colleague_by_email(
    employer_client, organisation, django_capture_on_commit_callbacks
):
    url = reverse("employers:members", kwargs={"org": organisation.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = employer_client.post(url, {"email": "New.Person@Example.com", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.com"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.com"]
    assert (
        reverse("employers:invitation_accept", kwargs={"token": _token(invitation)})
        in mail.outbox[0].body
    )


def test_invitation_errors(employer_client, organisation, employer_member):
    url = reverse("employers:members", kwargs={"org": organisation.pk})
    response = employer_client.post(url, {"email": "", "role": "member"})
    assert response.content.decode().count(of.INVITE_EMAIL_MISSING) >= 2
    response = employer_client.post(url, {"email": employer_member.email, "role": "member"})
    assert response.content.decode().count(os_.INVITATION_ALREADY_MEMBER) >= 2


def test_members_cannot_invite(client, organisation):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    url = reverse("employers:members", kwargs={"org": organisation.pk})
    assert "Invite a colleague" not in client.get(url).content.decode()
    assert client.post(url, {"email": "x@example.com", "role": "member"}).status_code == 403
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_with_the_right_email(client, organisation):
    invitee = UserFactory(email="invitee@example.com")
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.com")
    url = reverse("employers:invitation_accept", kwargs={"token": _token(invitation)})
    assert client.get(url).url.startswith(reverse("account_login"))
    client.force_login(invitee)
    assert f"Join {organisation.name}" in client.get(url).content.decode()
    assert not Membership.objects.filter(user=invitee).exists()  # nothing on GET
    client.post(url)
    assert Membership.objects.get(user=invitee).organisation == organisation


def test_invitation_for_a_different_email_is_refused(client, organisation):
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.com")
    someone_else = UserFactory(email="someone@example.com")
    client.force_login(someone_else)
    response = client.post(
        reverse("employers:invitation_accept", kwargs={"token": _token(invitation)})
    )
    assert (
        response.status_code == 400
        and os_.INVITATION_WRONG_EMAIL in response.content.decode().replace("&#x27;", "'")
    )
    assert not Membership.objects.filter(user=someone_else).exists()


def test_invitation_cannot_be_used_twice(client, organisation):
    invitee = UserFactory(email="invitee@example.com")
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.com")
    url = reverse("employers:invitation_accept", kwargs={"token": _token(invitation)})
    client.force_login(invitee)
    client.post(url)
    Membership.objects.filter(user=invitee).delete()
    response = client.post(url, forged=True)  # the page no longer offers the button
    assert response.status_code == 400 and os_.INVITATION_USED in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_expired_invitation_is_refused(client, organisation, monkeypatch):
    invitee = UserFactory(email="invitee@example.com")
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.com")
    token = _token(invitation)
    monkeypatch.setattr(os_, "INVITATION_MAX_AGE_DAYS", -1)
    client.force_login(invitee)
    response = client.post(
        reverse("employers:invitation_accept", kwargs={"token": token}), forged=True
    )
    assert response.status_code == 400 and os_.INVITATION_EXPIRED in response.content.decode()


def test_tampered_invitation_is_refused(client, organisation):
    invitee = UserFactory(email="invitee@example.com")
    invitation = InvitationFactory(organisation=organisation, email="invitee@example.com")
    forged = signing.dumps(
        {"id": invitation.pk, "email": "invitee@example.com"}, salt="something-else"
    )
    client.force_login(invitee)
    html = client.get(
        reverse("employers:invitation_accept", kwargs={"token": forged})
    ).content.decode()
    assert "This invitation link is not valid" in html


def test_owner_makes_a_member_owner_and_removes_members(employer_client, organisation):
    membership = MembershipFactory(organisation=organisation)
    members = reverse("employers:members", kwargs={"org": organisation.pk})
    employer_client.post(
        reverse(
            "employers:member_make_owner",
            kwargs={"org": organisation.pk, "pk": membership.pk},
        ),
        from_page=members,
    )
    membership.refresh_from_db()
    assert membership.role == "owner"
    employer_client.post(
        reverse("employers:member_remove", kwargs={"org": organisation.pk, "pk": membership.pk}),
        from_page=members,
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_cannot_leave_or_step_down(employer_client, organisation, employer_member):
    own = Membership.objects.get(user=employer_member)
    # The page offers no button to remove or demote the last owner: these are made by hand.
    response = employer_client.post(
        reverse("employers:member_remove", kwargs={"org": organisation.pk, "pk": own.pk}),
        follow=True,
        forged=True,
    )
    assert os_.MEMBERSHIP_LAST_OWNER in response.content.decode()
    employer_client.post(
        reverse("employers:member_make_member", kwargs={"org": organisation.pk, "pk": own.pk}),
        forged=True,
    )
    own.refresh_from_db()
    assert own.role == "owner"


def test_members_cannot_manage_members(client, organisation, employer_member):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    own = Membership.objects.get(user=employer_member)
    assert (
        client.post(
            reverse("employers:member_remove", kwargs={"org": organisation.pk, "pk": own.pk})
        ).status_code
        == 403
    )
    assert Membership.objects.filter(pk=own.pk).exists()


# -- The pledge -------------------------------------------------------------------------------


def test_owner_signs_and_withdraws_the_pledge(employer_client, organisation):
    url = reverse("employers:pledge", kwargs={"org": organisation.pk})
    html = employer_client.get(url).content.decode()
    assert "We do not use zero-hours contracts." in html and "Sign the pledge" in html
    response = employer_client.post(
        url,
        {"signatory_name": "Ada Lovelace", "signatory_role": "Chief executive", "confirm": "on"},
    )
    assert response.status_code == 302
    pledge = Pledge.objects.active().get(organisation=organisation)
    assert pledge.signatory_name == "Ada Lovelace" and pledge.version.number == 1
    assert organisation.name in reverse_page(employer_client, "employers:pledge_list")
    employer_client.post(
        reverse("employers:pledge_withdraw", kwargs={"org": organisation.pk}), from_page=url
    )
    assert not Pledge.objects.active().filter(organisation=organisation).exists()
    assert organisation.name not in reverse_page(employer_client, "employers:pledge_list")


def reverse_page(client, name):
    return client.get(reverse(name)).content.decode()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("signatory_name", of.SIGNATORY_NAME_MISSING),
        ("signatory_role", of.SIGNATORY_ROLE_MISSING),
        ("confirm", of.PLEDGE_CONFIRM_MISSING),
    ],
)
def test_pledge_form_errors(employer_client, organisation, field, message):
    data = {"signatory_name": "Ada", "signatory_role": "CEO", "confirm": "on"}
    del data[field]
    html = employer_client.post(
        reverse("employers:pledge", kwargs={"org": organisation.pk}), data
    ).content.decode()
    assert html.count(message) >= 2
    assert not Pledge.objects.exists()


def test_signing_twice_is_refused(employer_client, organisation):
    PledgeFactory(organisation=organisation)
    with pytest.raises(Exception, match=ps.PLEDGE_ALREADY_SIGNED):
        ps.pledge_sign(
            organisation=organisation,
            by=Membership.objects.get(organisation=organisation).user,
            signatory_name="A",
            signatory_role="B",
        )


def test_members_cannot_sign_the_pledge(client, organisation):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    url = reverse("employers:pledge", kwargs={"org": organisation.pk})
    assert "Ask an owner" in client.get(url).content.decode()
    assert (
        client.post(
            url, {"signatory_name": "A", "signatory_role": "B", "confirm": "on"}
        ).status_code
        == 403
    )


def test_pledge_page_shows_the_latest_check_with_failing_vacancies(employer_client, organisation):
    pledge = PledgeFactory(organisation=organisation)
    PledgeCheck.objects.create(
        organisation=organisation,
        pledge=pledge,
        run_on="2026-11-01",
        status="not_met",
        vacancies_checked=2,
        results=[
            {
                "commitment": 4,
                "status": "not_met",
                "reason": "1 vacancies are on zero-hours contracts.",
                "vacancy_ids": [9],
                "vacancies": [{"id": 9, "title": "Bar staff"}],
            }
        ],
    )
    html = employer_client.get(
        reverse("employers:pledge", kwargs={"org": organisation.pk})
    ).content.decode()
    assert "Not met" in html and "Bar staff" in html


def test_pledge_list_empty_state(client):
    assert (
        "No employers have signed the pledge yet."
        in client.get(reverse("employers:pledge_list")).content.decode()
    )


# -- Procurement export ----------------------------------------------------------------------


def test_procurement_csv_for_council_admins_only(
    client, council_admin, employer_member, organisation, mfa_login
):
    url = reverse("employers:procurement_export")
    assert client.get(url).status_code == 302
    client.force_login(employer_member)
    assert client.get(url).status_code == 403
    pledge = PledgeFactory(organisation=organisation)
    PledgeCheck.objects.create(
        organisation=organisation,
        pledge=pledge,
        run_on="2026-11-01",
        status="at_risk",
        vacancies_checked=10,
        results=[
            {"commitment": 1, "status": "met", "reason": "All good.", "vacancy_ids": []},
            {
                "commitment": 5,
                "status": "at_risk",
                "reason": "1 of 10 shift-based vacancies late.",
                "vacancy_ids": [3],
            },
        ],
    )
    PledgeCheck.objects.create(
        organisation=organisation,
        pledge=pledge,
        run_on="2026-10-01",
        status="met",
        vacancies_checked=10,
        results=[],
    )
    unpledged = OrganisationFactory(name="Aardvark Ltd")
    # A staff download, behind two factors like every staff page.
    mfa_login(client, council_admin, with_mfa=False)
    assert client.get(url).status_code == 302
    mfa_login(client, council_admin)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Organisation"
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {organisation.name, unpledged.name}
    row = by_name[organisation.name]
    assert row[6] == pledge.signed_on.isoformat() and row[7] == "1"
    assert row[8] == "2026-11-01" and row[9] == "At risk"
    assert row[10] == "5. 1 of 10 shift-based vacancies late."
    assert by_name["Aardvark Ltd"][6:10] == ["", "", "", ""]


def test_companies_house_number_already_registered(client, user):
    from employers.models import COMPANIES_HOUSE_NUMBER_TAKEN

    OrganisationFactory(companies_house_number="01234567")
    client.force_login(user)
    response = client.post(reverse("employers:organisation_create"), ORGANISATION_DATA)
    assert COMPANIES_HOUSE_NUMBER_TAKEN in unescape(response.content.decode())
    assert Organisation.objects.count() == 1
