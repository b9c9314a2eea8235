import pytest
from django.core import mail
from django.urls import reverse

from residents.forms.alerts import ALERT_EMAIL_MISSING, ALERT_HOURS_RANGE, ALERT_NAME_MISSING
from residents.models import SavedSearch
from residents.services.alerts import confirm_token, keep_token, unsubscribe_token
from tests.goodwork.core.factories import UserFactory
from tests.residents.factories import SavedSearchFactory, UnconfirmedSavedSearchFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("residents:alert_create")


def test_create_page_describes_the_search_in_plain_words(client):
    response = client.get(CREATE + "?time=term_time&sector=retail&pay_min=15&area=remote")
    assert response.status_code == 200
    for text in (
        "Term-time only",
        "Retail",
        "At least £15.00 an hour",
        "Fully remote",
        "Email address",
    ):
        assert text in response.text


def test_anyone_can_ask_for_alerts_and_must_confirm_by_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CREATE + "?time=term_time&hours_max=20",
            {"name": "School hours", "frequency": "immediate", "email": "me@example.net"},
        )
    assert response.status_code == 302
    assert response.url == reverse("residents:alert_check_email")
    search = SavedSearch.objects.get()
    assert (search.time_options, search.hours_max, search.owner, search.confirmed_at) == (
        ["term_time"],
        20,
        None,
        None,
    )
    assert len(mail.outbox) == 1
    confirm = reverse("residents:alert_confirm", kwargs={"token": confirm_token(search)})
    assert confirm in mail.outbox[0].body
    assert client.get(confirm).status_code == 200
    search.refresh_from_db()
    assert search.confirmed_at is None, "a GET must not confirm"
    response = client.post(confirm)
    assert response.status_code == 200
    search.refresh_from_db()
    assert search.confirmed_at is not None


def test_signed_in_person_gets_alerts_at_once(resident_client, resident):
    response = resident_client.post(
        CREATE + "?sector=retail", {"name": "Shops", "frequency": "weekly"}
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert (search.owner, search.email, search.frequency) == (
        resident.user,
        resident.user.email,
        "weekly",
    )
    assert search.confirmed_at is not None


def test_create_rejects_bad_input(client):
    response = client.post(CREATE + "?sector=retail", {"name": "", "frequency": "hourly"})
    assert response.status_code == 200
    assert ALERT_NAME_MISSING in response.text
    assert ALERT_EMAIL_MISSING in response.text
    assert "There is a problem" in response.text
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("query", ["sector=spaceship", "hours_min=30&hours_max=10", "pay_min=lots"])
def test_create_rejects_a_search_it_cannot_understand(client, query):
    # The page shows no form for a search it cannot understand: the POST is made by hand.
    response = client.post(
        CREATE + "?" + query,
        {"name": "x", "frequency": "daily", "email": "a@example.net"},
        forged=True,
    )
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()


def test_hours_out_of_order_are_explained(client):
    assert ALERT_HOURS_RANGE in client.get(CREATE + "?hours_min=30&hours_max=10").text


def test_list_shows_only_your_own_alerts_in_fixed_queries(
    resident_client, resident, django_assert_num_queries
):
    for n in range(3):
        SavedSearchFactory(owner=resident.user, email=resident.user.email, name=f"Mine {n}")
    SavedSearchFactory(owner=UserFactory(), name="Someone else's")
    # user, roles (memberships, coach roles, resident), the list with its counts
    with django_assert_num_queries(5):
        response = resident_client.get(reverse("residents:alert_list"))
    assert response.status_code == 200
    assert "Mine 2" in response.text
    assert "Someone else" not in response.text


def test_alert_pages_need_sign_in(client):
    search = SavedSearchFactory(owner=UserFactory())
    for name, kwargs in [
        ("alert_list", {}),
        ("alert_update", {"pk": search.pk}),
        ("alert_delete", {"pk": search.pk}),
    ]:
        response = client.get(reverse(f"residents:{name}", kwargs=kwargs))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["other_resident", "employer_member", "coach", "council_admin"])
def test_nobody_else_can_change_or_delete_your_alert(client, resident, role, request):
    search = SavedSearchFactory(owner=resident.user)
    someone = request.getfixturevalue(role)
    client.force_login(getattr(someone, "user", someone))
    for name in ("alert_update", "alert_delete"):
        url = reverse(f"residents:{name}", kwargs={"pk": search.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Hijacked", "frequency": "daily"}).status_code == 404
    assert SavedSearch.objects.get(pk=search.pk).name == search.name


def test_rename_change_frequency_and_pause(resident_client, resident):
    search = SavedSearchFactory(owner=resident.user, frequency="immediate")
    url = reverse("residents:alert_update", kwargs={"pk": search.pk})
    assert resident_client.get(url).status_code == 200
    response = resident_client.post(
        url, {"name": "Evenings", "frequency": "weekly", "paused": "on"}
    )
    assert response.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.frequency, search.paused) == ("Evenings", "weekly", True)
    response = resident_client.post(url, {"name": "", "frequency": "weekly"})
    assert ALERT_NAME_MISSING in response.text


def test_delete_asks_first_then_deletes_on_post(resident_client, resident):
    search = SavedSearchFactory(owner=resident.user)
    url = reverse("residents:alert_delete", kwargs={"pk": search.pk})
    assert resident_client.get(url).status_code == 200
    assert SavedSearch.objects.filter(pk=search.pk).exists()
    assert resident_client.post(url).status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_unsubscribe_page_asks_for_an_optional_reason(client):
    search = SavedSearchFactory()
    url = reverse("residents:alert_unsubscribe", kwargs={"token": unsubscribe_token(search)})
    response = client.get(url)
    assert response.status_code == 200
    assert "I found a job" in response.text
    search.refresh_from_db()
    assert search.unsubscribed_at is None
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url, {"reason": "found_job"})
    assert response.status_code == 200
    assert "You have unsubscribed" in response.text
    search.refresh_from_db()
    assert search.unsubscribed_at is not None
    assert search.unsubscribe_reason == "found_job"


def test_one_click_unsubscribe_works_without_csrf_token():
    from django.test import Client

    search = SavedSearchFactory()
    other = SavedSearchFactory()
    url = reverse("residents:alert_unsubscribe", kwargs={"token": unsubscribe_token(search)})
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is not None
    assert SavedSearch.objects.get(pk=other.pk).unsubscribed_at is None


def test_other_pages_still_need_csrf():
    from django.test import Client

    search = UnconfirmedSavedSearchFactory()
    url = reverse("residents:alert_confirm", kwargs={"token": confirm_token(search)})
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403


@pytest.mark.parametrize("name", ["alert_unsubscribe", "alert_confirm", "alert_keep"])
def test_bad_tokens_are_refused(client, name):
    assert (
        client.get(reverse(f"residents:{name}", kwargs={"token": "not-a-token"})).status_code == 404
    )


def test_a_token_for_one_purpose_does_not_work_for_another(client):
    search = UnconfirmedSavedSearchFactory()
    url = reverse("residents:alert_confirm", kwargs={"token": unsubscribe_token(search)})
    assert client.post(url).status_code == 404
    search.refresh_from_db()
    assert search.confirmed_at is None


def test_keep_link(client):
    from django.utils import timezone

    search = SavedSearchFactory(keep_asked_at=timezone.now())
    url = reverse("residents:alert_keep", kwargs={"token": keep_token(search)})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    search.refresh_from_db()
    assert search.keep_asked_at is None


def test_one_address_gets_a_limited_number_of_confirmation_emails(
    client, django_capture_on_commit_callbacks
):
    from residents.services.alerts import (
        ALERT_TOO_MANY_UNCONFIRMED,
        UNCONFIRMED_PER_ADDRESS_PER_DAY,
    )

    data = {"name": "Shops", "frequency": "daily", "email": "target@example.net"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(UNCONFIRMED_PER_ADDRESS_PER_DAY):
            assert client.post(CREATE + "?sector=retail", data).status_code == 302
        response = client.post(CREATE + "?sector=retail", data)
    assert response.status_code == 200
    assert ALERT_TOO_MANY_UNCONFIRMED in response.text
    assert len(mail.outbox) == UNCONFIRMED_PER_ADDRESS_PER_DAY


def test_your_data_page_has_fixed_queries(resident_client, resident, django_assert_num_queries):
    from django.utils import timezone

    from residents.models import AlertDelivery, Shortlist
    from tests.jobs.factories import LiveVacancyFactory

    for n in range(3):
        vacancy = LiveVacancyFactory()
        Shortlist.objects.create(resident=resident, vacancy=vacancy)
        search = SavedSearchFactory(owner=resident.user, name=f"Alert {n}")
        AlertDelivery.objects.create(saved_search=search, vacancy=vacancy, sent_at=timezone.now())
    # user, roles (3), resident, then one query each: email addresses, two-step sign-in,
    # shortlist, alerts, alerts sent, consents, caseload, case notes, barriers, actions,
    # referrals, job outcomes, flexible working requests, moves, views of the record and
    # the providers consented to, and whether the address is confirmed
    with django_assert_num_queries(22):
        response = resident_client.get(reverse("residents:your_data"))
    assert response.status_code == 200


def test_search_page_link_carries_the_search_to_the_alert_form(client):
    html = client.get(reverse("jobs:vacancy_list"), {"time": "term_time", "sector": "retail"}).text
    link = html[: html.index(">Get email alerts for this search<")]
    href = link[link.rindex('href="') + 6:].split('"')[0].replace("&amp;", "&")
    assert href == CREATE + "?time=term_time&sector=retail"
    assert "Term-time only" in client.get(href).text


def test_alert_sign_up_is_rate_limited_per_address_and_per_email(client, settings, empty_cache):
    settings.ALERT_SIGNUP_RATE_LIMIT = "3/m/ip,2/h/key"
    answers = [
        client.post(CREATE, {"name": "Jobs", "frequency": "daily", "email": f"p{n}@example.net"},
                    REMOTE_ADDR="203.0.113.7").status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    # One email address cannot be signed up over and over from many addresses either.
    answers = [
        client.post(CREATE, {"name": "Jobs", "frequency": "daily", "email": "target@example.net"},
                    REMOTE_ADDR=f"203.0.113.{20 + n}").status_code
        for n in range(3)
    ]
    assert answers[-1] == 429
    assert client.get(CREATE, REMOTE_ADDR="203.0.113.7").status_code == 200
