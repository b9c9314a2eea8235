"""Who reaches which coaching page: every URL with every role, before and after two factors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from residents.coaching.services import consent as consent_services
from residents.models import Resident
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, ManagerCoachFactory

pytestmark = pytest.mark.django_db

RECORD_URLS = [
    ("coaching:record", "get"),
    ("coaching:note_add", "get"),
    ("coaching:note_add", "post"),
    ("coaching:action_add", "get"),
    ("coaching:action_add", "post"),
    ("coaching:barrier_add", "get"),
    ("coaching:status_change", "get"),
    ("coaching:referral_add", "get"),
    ("coaching:referral_add", "post"),
    ("coaching:invite", "post"),
    ("coaching:transfer", "get"),
    ("coaching:outcome_add", "get"),
    ("coaching:flexible_request_add", "get"),
    ("coaching:consent_withdraw_by_coach", "post"),
]
COACH_URLS = ["coaching:caseload", "coaching:caseload_export", "coaching:resident_add"]
RESIDENT_URLS = ["coaching:plan", "coaching:record_views", "coaching:support_request"]


@pytest.fixture
def post(coach):
    return coach.coach_roles.get()


@pytest.fixture
def entry(post):
    return on_caseload(post)


def _call(client, name, method, pk):
    return getattr(client, method)(reverse(name, kwargs={"pk": pk}))


def test_queryset_visible_to_is_own_caseload_with_consent(post, entry, other_provider_coach):
    colleague = CoachFactory(provider=post.provider)
    manager = ManagerCoachFactory(provider=post.provider)
    theirs = on_caseload(colleague)
    assert set(Resident.objects.visible_to(post.user)) == {entry.resident}
    assert set(Resident.objects.visible_to(colleague.user)) == {theirs.resident}
    assert set(Resident.objects.visible_to(manager.user)) == {entry.resident, theirs.resident}
    assert not Resident.objects.visible_to(other_provider_coach).exists()


def test_withdrawn_consent_ends_access(post, entry):
    consent = entry.resident.consents.get()
    consent_services.consent_withdraw(consent=consent, by=post.user)
    assert not Resident.objects.visible_to(post.user).exists()


def test_inactive_coach_sees_nobody(post, entry):
    post.active = False
    post.save()
    assert not Resident.objects.visible_to(post.user).exists()


@pytest.mark.parametrize(("name", "method"), RECORD_URLS)
def test_coach_pages_need_two_factors(client, mfa_login, post, entry, name, method):
    mfa_login(client, post.user, with_mfa=False)
    response = _call(client, name, method, entry.resident_id)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_coach_without_an_authenticator_is_sent_to_set_one_up(client, mfa_login, post):
    mfa_login(client, post.user, with_mfa=False, with_authenticator=False)
    response = client.get(reverse("coaching:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", COACH_URLS)
def test_coach_list_pages_need_two_factors(client, mfa_login, post, name):
    mfa_login(client, post.user, with_mfa=False)
    assert client.get(reverse(name)).status_code == 302
    mfa_login(client, post.user)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(("name", "method"), RECORD_URLS)
def test_coach_of_another_provider_gets_404(
    client, mfa_login, entry, other_provider_coach, name, method
):
    mfa_login(client, other_provider_coach)
    assert _call(client, name, method, entry.resident_id).status_code == 404


@pytest.mark.parametrize(("name", "method"), RECORD_URLS)
def test_colleague_at_the_same_provider_gets_404(client, mfa_login, post, entry, name, method):
    colleague = CoachFactory(provider=post.provider)
    mfa_login(client, colleague.user)
    assert _call(client, name, method, entry.resident_id).status_code == 404


def test_manager_sees_the_providers_caseloads(client, mfa_login, post, entry):
    manager = ManagerCoachFactory(provider=post.provider)
    mfa_login(client, manager.user)
    assert (
        client.get(reverse("coaching:record", kwargs={"pk": entry.resident_id})).status_code == 200
    )
    assert client.get(reverse("coaching:report")).status_code == 200


def test_report_is_for_managers_only(client, mfa_login, post):
    mfa_login(client, post.user)
    assert client.get(reverse("coaching:report")).status_code == 403


def test_coach_without_consent_gets_404(client, mfa_login, post, entry):
    consent_services.consent_withdraw(consent=entry.resident.consents.get(), by=post.user)
    mfa_login(client, post.user)
    assert (
        client.get(reverse("coaching:record", kwargs={"pk": entry.resident_id})).status_code == 404
    )


@pytest.mark.parametrize("who", ["resident", "employer_member", "council_admin", "user"])
@pytest.mark.parametrize(("name", "method"), RECORD_URLS)
def test_other_roles_get_403(client, mfa_login, request, entry, who, name, method):
    person = request.getfixturevalue(who)
    mfa_login(client, getattr(person, "user", person))
    assert _call(client, name, method, entry.resident_id).status_code == 403


@pytest.mark.parametrize("who", ["resident", "employer_member", "council_admin", "user"])
@pytest.mark.parametrize("name", [*COACH_URLS, "coaching:report"])
def test_other_roles_get_403_on_coach_lists(client, mfa_login, request, who, name):
    person = request.getfixturevalue(who)
    mfa_login(client, getattr(person, "user", person))
    assert client.get(reverse(name)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, entry):
    for name in [*COACH_URLS, *RESIDENT_URLS]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.get(reverse("coaching:record", kwargs={"pk": entry.resident_id}))
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["employer_member", "council_admin", "user"])
@pytest.mark.parametrize("name", RESIDENT_URLS)
def test_resident_pages_are_for_residents(client, request, who, name):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


def test_admin_needs_two_factors(client, mfa_login, council_admin):
    mfa_login(client, council_admin, with_mfa=False)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    mfa_login(client, council_admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_uses_the_portal_sign_in(client):
    response = client.get(reverse("admin:login"))
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("account_login"))


def _code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_real_sign_in_with_a_one_time_code_reaches_the_caseload(client, post):
    from tests.conftest import _add_totp
    from tests.goodwork.core.factories import PASSWORD

    secret = _add_totp(post.user)
    response = client.post(
        reverse("account_login"), {"login": post.user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("coaching:caseload")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.get(reverse("coaching:caseload")).status_code == 200


def test_reauthenticating_with_a_code_returns_to_the_page(client, mfa_login, post):
    from tests.conftest import _add_totp

    secret = _add_totp(post.user)
    mfa_login(client, post.user, with_mfa=False)
    first = client.get(reverse("coaching:caseload"))
    response = client.post(first["Location"], {"code": _code(secret)})
    assert response["Location"] == reverse("coaching:caseload")
    assert client.get(reverse("coaching:caseload")).status_code == 200


def test_a_coachs_own_entry_comes_before_one_seen_as_manager(post, entry):
    from residents.coaching.selectors.caseload import entry_for

    manager = ManagerCoachFactory(provider=post.provider)
    own_post = CoachFactory(user=manager.user)  # the same person also coaches at another provider
    own = on_caseload(own_post, entry.resident)
    assert entry_for(user=manager.user, resident_id=entry.resident_id) == own
    assert entry_for(user=post.user, resident_id=entry.resident_id) == entry
