"""Where each role lands after signing in through the sign-in form."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.conftest import _add_totp
from tests.employers.factories import MembershipFactory, OrganisationFactory
from tests.goodwork.core.factories import PASSWORD, CouncilAdminFactory, UserFactory
from tests.residents.factories import CoachFactory, ManagerCoachFactory, ResidentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

LOGIN = reverse("account_login")


def sign_in(client, user, *, next_url: str = "", secret: str | None = None):
    """Sign in as a person does: the form, then the one-time code if the account has one.
    Returns the answer to the last step."""
    page = LOGIN + (f"?next={next_url}" if next_url else "")
    client.get(page)
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(page, data)
    if secret is not None:
        assert response.status_code == 302
        assert response.url.startswith(reverse("mfa_authenticate")), response.url
        client.get(response.url)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "_auth_user_id" in client.session
    return response


def test_a_resident_lands_on_their_dashboard(client):
    resident = ResidentFactory()
    assert sign_in(client, resident.user).url == reverse("residents:dashboard")


def test_an_employer_member_lands_on_their_first_organisations_dashboard(client):
    member = UserFactory()
    MembershipFactory(user=member, organisation=OrganisationFactory(name="Zebra Cafe"))
    MembershipFactory(user=member, organisation=OrganisationFactory(name="Acorn Nursery"))
    response = sign_in(client, member)
    assert response.url == reverse("employers:dashboard")
    html = client.get(response.url).content.decode()
    assert "<title>Your vacancies – Acorn Nursery" in html


@pytest.mark.parametrize("factory", [CoachFactory, ManagerCoachFactory])
def test_a_work_coach_or_manager_lands_on_their_caseload_after_the_code(client, factory):
    coach = factory().user
    secret = _add_totp(coach)
    response = sign_in(client, coach, secret=secret)
    assert response.url == reverse("coaching:caseload")
    assert client.get(response.url).status_code == 200


def test_a_council_admin_lands_on_the_admin_after_the_code(client):
    officer = CouncilAdminFactory()
    secret = _add_totp(officer)
    response = sign_in(client, officer, secret=secret)
    assert response.url == reverse("admin:index")
    assert client.get(response.url).status_code == 200


def test_someone_who_has_just_made_an_account_lands_on_the_residents_dashboard(client):
    # The dashboard sends them on to the first question of their profile.
    response = sign_in(client, UserFactory())
    assert response.url == reverse("residents:dashboard")
    assert client.get(response.url)["Location"].startswith(reverse("residents:profile_start"))


def test_a_coach_who_is_also_a_resident_starts_at_the_caseload(client):
    coach = CoachFactory().user
    ResidentFactory(user=coach)
    secret = _add_totp(coach)
    assert sign_in(client, coach, secret=secret).url == reverse("coaching:caseload")


@pytest.mark.parametrize("role", ["resident", "coach", "council_admin", "employer"])
def test_a_safe_next_wins_over_the_landing_page(client, role):
    next_url = reverse("jobs:flexible_working")
    if role == "resident":
        user, secret = ResidentFactory().user, None
    elif role == "employer":
        user, secret = MembershipFactory().user, None
    else:
        user = CoachFactory().user if role == "coach" else CouncilAdminFactory()
        secret = _add_totp(user)
    assert sign_in(client, user, next_url=next_url, secret=secret).url == next_url


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_an_unsafe_next_is_ignored_for_the_landing_page(client, next_url):
    resident = ResidentFactory()
    response = sign_in(client, resident.user, next_url=next_url)
    assert response.url == reverse("residents:dashboard")
