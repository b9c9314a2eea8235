"""Every page in this part of the portal, with every role: who gets in, who is sent away."""

import pytest
from django.urls import reverse

from residents.models import SavedSearch, Shortlist
from residents.services.alerts import confirm_token, keep_token, unsubscribe_token
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory, UnconfirmedSavedSearchFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "user", "employer_member", "coach", "council_admin"]

# Pages for signed-in residents only: others are sent to sign in, or to start a profile.
RESIDENT_PAGES = [
    "dashboard",
    "profile_summary",
    "shortlist",
    "your_data",
    "your_data_download",
    "account_delete",
]


def login(client, role, request):
    if role == "anonymous":
        return None
    person = request.getfixturevalue(role)
    user = getattr(person, "user", person)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", RESIDENT_PAGES)
def test_resident_pages(client, request, role, name):
    login(client, role, request)
    response = client.get(reverse(f"residents:{name}"))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    elif role == "resident":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response.url == reverse("residents:profile_start")


@pytest.mark.parametrize("role", ROLES)
def test_profile_questions(client, request, role):
    login(client, role, request)
    response = client.get(reverse("residents:profile_step", kwargs={"step": "hours"}))
    assert response.status_code == {"anonymous": 302, "resident": 200}.get(role, 302)


@pytest.mark.parametrize("role", ROLES)
def test_alert_pages(client, request, role):
    user = login(client, role, request)
    assert client.get(reverse("residents:alert_create") + "?sector=retail").status_code == 200
    assert client.get(reverse("residents:alert_check_email")).status_code == 200
    list_response = client.get(reverse("residents:alert_list"))
    assert list_response.status_code == (302 if user is None else 200)


@pytest.mark.parametrize("role", ROLES)
def test_signed_links_work_for_anyone_holding_them(client, request, role):
    login(client, role, request)
    search = SavedSearchFactory()
    unconfirmed = UnconfirmedSavedSearchFactory()
    for name, token in [
        ("alert_unsubscribe", unsubscribe_token(search)),
        ("alert_keep", keep_token(search)),
        ("alert_confirm", confirm_token(unconfirmed)),
    ]:
        assert client.get(reverse(f"residents:{name}", kwargs={"token": token})).status_code == 200
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is None


@pytest.mark.parametrize("role", ROLES)
def test_shortlist_writes(client, request, role, resident):
    vacancy = LiveVacancyFactory()
    user = login(client, role, request)
    # Only a resident is shown the job page's button; for anyone else the POST is made by hand.
    response = client.post(
        reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk}),
        from_page=vacancy.get_absolute_url(),
        forged=role != "resident",
    )
    assert response.status_code == 302
    shortlisted = Shortlist.objects.filter(vacancy=vacancy).exists()
    assert shortlisted == (role == "resident" and user == resident.user)
