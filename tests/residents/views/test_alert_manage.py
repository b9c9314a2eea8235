"""The signed link in every alert email: the alerts of one address, managed without an account."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core import mail, signing
from django.urls import reverse

from goodwork.core.siteurl import absolute_url
from jobs.choices import ContractType, Place, Sector, TimeOption
from residents.forms.alerts import ALERT_HOURS_RANGE, ALERT_NAME_MISSING
from residents.models import SavedSearch
from residents.services import alert_delivery
from residents.services.alerts import (
    MANAGE_SALT,
    manage_token,
    manage_url,
    unsubscribe_token,
)
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import (
    OwnedSavedSearchFactory,
    PausedSavedSearchFactory,
    SavedSearchFactory,
    StaleSavedSearchFactory,
    UnconfirmedSavedSearchFactory,
    UnsubscribedSavedSearchFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.net"
LINK_INVALID = "This link is not valid"


def manage_path(email: str = ADDRESS) -> str:
    return reverse("residents:alert_manage", kwargs={"token": manage_token(email)})


def change_path(search: SavedSearch, email: str = ADDRESS) -> str:
    return reverse(
        "residents:alert_manage_update", kwargs={"token": manage_token(email), "pk": search.pk}
    )


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


class _FormValues(HTMLParser):
    """What a browser would send from the page's forms as they stand: each text box's value,
    each ticked box and each chosen radio, by field name."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input" or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        kind = a.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        if kind in ("submit", "hidden"):
            return
        self.values.setdefault(a["name"], []).append(a.get("value") or "")


def form_values(html: str) -> dict[str, list[str]]:
    parser = _FormValues()
    parser.feed(html)
    return parser.values


# -- The link in every email --------------------------------------------------------------------


def test_every_alert_email_carries_the_link_to_manage_the_addresss_alerts(
    client, django_capture_on_commit_callbacks
):
    SavedSearchFactory(email=ADDRESS, sectors=[Sector.RETAIL])
    StaleSavedSearchFactory(email=ADDRESS, sectors=[Sector.CONSTRUCTION])
    LiveVacancyFactory(alerts_matched_at=None, sector=Sector.RETAIL)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("residents:alert_create") + "?sector=retail",
            {"name": "Shops", "frequency": "daily", "email": ADDRESS},
        )
    alert_delivery.alerts_sweep()
    alert_delivery.alerts_ask_to_keep()
    subjects = sorted(message.subject for message in mail.outbox)
    assert [subject.split(" ")[0] for subject in subjects] == ["Confirm", "Do", "One"], subjects
    old_list = absolute_url(reverse("residents:alert_list"))
    for message in mail.outbox:
        for text in (message.body, message.alternatives[0][0]):
            assert manage_url(ADDRESS) in links(text), message.subject
            assert old_list not in links(text), "a link that needs an account to open"


def test_the_link_lists_every_alert_of_the_address_without_signing_in(client):
    SavedSearchFactory(email=ADDRESS, name="Shop work")
    OwnedSavedSearchFactory(owner__email=ADDRESS, name="Care work")
    PausedSavedSearchFactory(email=ADDRESS, name="Evenings")
    UnconfirmedSavedSearchFactory(email=ADDRESS, name="Weekends")
    UnsubscribedSavedSearchFactory(email=ADDRESS, name="Long gone")
    SavedSearchFactory(email="someone.else@example.net", name="Not yours")
    response = client.get(manage_path())
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Shop work", "Care work", "Evenings", "Weekends"):
        assert name in html
    assert "Long gone" not in html and "Not yours" not in html
    assert ADDRESS in html
    assert "Paused" in html and "Not started" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_page_has_fixed_queries(client, django_assert_num_queries):
    for n in range(4):
        SavedSearchFactory(email=ADDRESS, name=f"Alert {n}")
    # session, the alerts with their counts
    with django_assert_num_queries(1):
        assert client.get(manage_path()).status_code == 200


def test_the_link_is_tied_to_the_address_however_it_is_written(client):
    SavedSearchFactory(email=ADDRESS, name="Mine")
    assert manage_token(" Reader@Example.NET ") == manage_token(ADDRESS)
    assert "Mine" in client.get(manage_path("READER@example.net")).content.decode()
    assert manage_token("other@example.net") != manage_token(ADDRESS)
    assert "Mine" not in client.get(manage_path("other@example.net")).content.decode()


# Built when the test runs, not when it is collected: signing.dumps() stamps the time, and every
# test worker must collect the same parameters.
BAD_TOKENS = {
    "not a token": lambda: "not-a-token",
    "address edited in the link": lambda: manage_token(ADDRESS)[:-3] + "abc",
    "another email's link": lambda: signing.Signer(salt="residents.alerts.unsubscribe")
    .sign_object({"id": 1, "e": ADDRESS}),
    "a list": lambda: signing.Signer(salt=MANAGE_SALT).sign_object(["reader@example.net"]),
    "another key": lambda: signing.Signer(salt=MANAGE_SALT).sign_object({"email": ADDRESS}),
    "not an address": lambda: signing.Signer(salt=MANAGE_SALT).sign_object({"e": 12}),
    "timestamped": lambda: signing.dumps({"e": ADDRESS}, salt=MANAGE_SALT),
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_tampered_or_unknown_link_gets_a_clear_page(client, kind):
    token = BAD_TOKENS[kind]()
    SavedSearchFactory(email=ADDRESS)
    for url in (
        reverse("residents:alert_manage", kwargs={"token": token}),
        reverse("residents:alert_manage_stop_all", kwargs={"token": token}),
        reverse("residents:alert_manage_update", kwargs={"token": token, "pk": 1}),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert LINK_INVALID in response.content.decode()


def test_an_unsubscribe_link_stays_an_unsubscribe_link(client):
    search = SavedSearchFactory(email=ADDRESS)
    url = reverse("residents:alert_manage", kwargs={"token": unsubscribe_token(search)})
    assert client.get(url).status_code == 404


# -- Pause, turn back on, start, stop -----------------------------------------------------------


def test_pause_and_turn_back_on(client):
    search = SavedSearchFactory(email=ADDRESS, name="Shop work")
    page = manage_path()
    client.get(page)
    response = client.post(page, {"alert": search.pk, "action": "pause"})
    assert response.status_code == 302 and response.url == page
    search.refresh_from_db()
    assert search.paused and not search.is_active
    html = client.get(page).content.decode()
    assert "Your alert “Shop work” is paused." in html
    assert re.search(r'value="resume"[^>]*>Turn back on', html)
    client.post(page, {"alert": search.pk, "action": "resume"})
    search.refresh_from_db()
    assert search.is_active


def test_an_alert_never_confirmed_can_be_started_from_the_link(client):
    search = UnconfirmedSavedSearchFactory(email=ADDRESS)
    page = manage_path()
    assert "Start this alert" in client.get(page).content.decode()
    client.post(page, {"alert": search.pk, "action": "resume"})
    search.refresh_from_db()
    assert search.confirmed_at is not None and search.is_active


def test_stop_one_alert(client):
    stopped = SavedSearchFactory(email=ADDRESS, name="Shop work")
    kept = SavedSearchFactory(email=ADDRESS, name="Care work")
    page = manage_path()
    client.get(page)
    client.post(page, {"alert": stopped.pk, "action": "stop"})
    stopped.refresh_from_db()
    kept.refresh_from_db()
    assert stopped.unsubscribed_at is not None and kept.unsubscribed_at is None
    html = client.get(page).content.decode()
    assert "We will not email you about “Shop work” again." in html
    assert "<h2 class=\"govuk-heading-m govuk-!-margin-bottom-1\">Shop work</h2>" not in html
    assert "Care work" in html


def test_stop_all_asks_first_then_stops_every_alert_of_the_address(client):
    mine = [SavedSearchFactory(email=ADDRESS), PausedSavedSearchFactory(email=ADDRESS)]
    theirs = SavedSearchFactory(email="someone.else@example.net")
    page = manage_path()
    stop_all = reverse("residents:alert_manage_stop_all", kwargs={"token": manage_token(ADDRESS)})
    assert stop_all in client.get(page).content.decode()
    html = client.get(stop_all).content.decode()
    assert "all 2 of your job alerts" in html
    assert not SavedSearch.objects.filter(unsubscribed_at__isnull=False).exists()
    response = client.post(stop_all)
    assert response.status_code == 302 and response.url == page
    assert all(SavedSearch.objects.get(pk=s.pk).unsubscribed_at for s in mine)
    assert SavedSearch.objects.get(pk=theirs.pk).unsubscribed_at is None
    html = client.get(page).content.decode()
    assert f"We will not send {ADDRESS} any more job alerts." in html
    assert "We are not sending any job alerts to this address." in html


def test_nothing_changes_on_get(client):
    search = SavedSearchFactory(email=ADDRESS)
    stop_all = reverse("residents:alert_manage_stop_all", kwargs={"token": manage_token(ADDRESS)})
    client.get(manage_path())
    client.get(stop_all)
    client.get(change_path(search))
    search.refresh_from_db()
    assert search.is_active


def test_the_link_reaches_only_its_own_addresss_alerts(client):
    theirs = SavedSearchFactory(email="someone.else@example.net", name="Theirs")
    assert client.get(change_path(theirs)).status_code == 404
    for action in ("pause", "stop"):
        response = client.post(manage_path(), {"alert": theirs.pk, "action": action}, forged=True)
        assert response.status_code == 404
    response = client.post(change_path(theirs), {"name": "Hijacked", "frequency": "daily"},
                           forged=True)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and theirs.name == "Theirs"


def test_a_button_no_page_shows_is_refused(client):
    search = SavedSearchFactory(email=ADDRESS)
    response = client.post(manage_path(), {"alert": search.pk, "action": "delete"}, forged=True)
    assert response.status_code == 404
    assert SavedSearch.objects.get(pk=search.pk).is_active


def test_the_buttons_need_the_pages_csrf_token():
    from django.test import Client

    search = SavedSearchFactory(email=ADDRESS)
    answer = Client(enforce_csrf_checks=True).post(
        manage_path(), {"alert": search.pk, "action": "stop"}
    )
    assert answer.status_code == 403
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is None


# -- Change: a round trip -----------------------------------------------------------------------

CHANGED = {
    "name": "School hours, near home",
    "frequency": "weekly",
    "paused": "on",
    "q": "teaching assistant",
    "time": [TimeOption.TERM_TIME, TimeOption.PART_TIME],
    "place": [Place.HYBRID],
    "hours_min": "10",
    "hours_max": "22.5",
    "pay_min": "14.8",
    "llw": "on",
    "contract": [ContractType.PERMANENT],
    "sector": [Sector.EDUCATION, Sector.RETAIL],
    "area": ["remote"],
    "pledge": "on",
}


def expected_form(data: dict) -> dict[str, list[str]]:
    return {
        key: sorted(str(v) for v in (value if isinstance(value, list) else [value]))
        for key, value in data.items()
    }


def shown_form(html: str) -> dict[str, list[str]]:
    """The answers the page shows, leaving out the empty boxes."""
    return {
        key: sorted(values) for key, values in form_values(html).items() if any(values)
    }


def test_change_saves_and_the_page_shows_what_was_saved(client):
    search = SavedSearchFactory(
        email=ADDRESS, name="Anything", frequency="immediate", keywords="care",
        hours_max=Decimal("30"),
    )
    url = change_path(search)
    html = client.get(url).content.decode()
    assert shown_form(html) == expected_form(
        {"name": "Anything", "frequency": "immediate", "q": "care", "hours_max": "30"}
    )
    response = client.post(url, CHANGED)
    assert response.status_code == 302 and response.url == manage_path()
    search.refresh_from_db()
    assert (search.name, search.frequency, search.paused, search.keywords) == (
        "School hours, near home", "weekly", True, "teaching assistant",
    )
    assert sorted(search.time_options) == sorted([TimeOption.TERM_TIME, TimeOption.PART_TIME])
    assert (search.places, search.contract_types, search.areas) == (
        [Place.HYBRID], [ContractType.PERMANENT], ["remote"],
    )
    assert sorted(search.sectors) == sorted([Sector.EDUCATION, Sector.RETAIL])
    assert (search.hours_min, search.hours_max, search.pay_min) == (
        Decimal("10"), Decimal("22.5"), Decimal("14.8"),
    )
    assert search.llw and search.pledge_only
    assert "Your alert “School hours, near home” has been updated." in client.get(
        manage_path()
    ).content.decode()
    assert shown_form(client.get(url).content.decode()) == expected_form(CHANGED)


def test_change_clears_a_criterion_left_empty(client):
    search = OwnedSavedSearchFactory(owner__email=ADDRESS)
    url = change_path(search)
    client.get(url)
    client.post(url, {"name": "Anything at all", "frequency": "daily"})
    search.refresh_from_db()
    assert (search.keywords, search.time_options, search.hours_min, search.hours_max) == (
        "", [], None, None,
    )
    assert search.criteria_labels == ["Every new job"]
    assert shown_form(client.get(url).content.decode()) == expected_form(
        {"name": "Anything at all", "frequency": "daily"}
    )


@pytest.mark.parametrize("data, message", [
    ({"name": "", "frequency": "daily"}, ALERT_NAME_MISSING),
    ({"name": "Hours", "frequency": "daily", "hours_min": "30", "hours_max": "10"},
     ALERT_HOURS_RANGE),
    ({"name": "Pay", "frequency": "daily", "pay_min": "lots"}, "Enter a number"),
    ({"name": "Sector", "frequency": "daily", "sector": "spaceship"}, "spaceship"),
])
def test_change_explains_what_is_wrong_and_saves_nothing(client, data, message):
    search = SavedSearchFactory(email=ADDRESS, name="Before", keywords="care")
    url = change_path(search)
    client.get(url)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Change your alert (error) – Good Work Camden</title>" in html
    assert message in html
    search.refresh_from_db()
    assert (search.name, search.keywords) == ("Before", "care")


# -- Signed in: the account's own list ----------------------------------------------------------


def test_a_signed_in_resident_changes_criteria_from_their_own_list(resident_client, resident):
    search = OwnedSavedSearchFactory(owner=resident.user, email=resident.user.email)
    listing = resident_client.get(reverse("residents:alert_list")).content.decode()
    url = reverse("residents:alert_update", kwargs={"pk": search.pk})
    assert url in listing
    assert shown_form(resident_client.get(url).content.decode()) == expected_form(
        {"name": search.name, "frequency": "daily", "q": "care", "time": ["part_time"],
         "hours_min": "10", "hours_max": "30"}
    )
    response = resident_client.post(url, CHANGED)
    assert response.status_code == 302 and response.url == reverse("residents:alert_list")
    assert shown_form(resident_client.get(url).content.decode()) == expected_form(CHANGED)


def test_the_link_in_a_residents_email_also_reaches_their_alerts(client, resident):
    search = OwnedSavedSearchFactory(owner=resident.user, email=resident.user.email, name="Mine")
    html = client.get(manage_path(resident.user.email)).content.decode()
    assert "Mine" in html
    client.post(manage_path(resident.user.email), {"alert": search.pk, "action": "pause"})
    search.refresh_from_db()
    assert search.paused


def test_one_click_unsubscribe_still_works_beside_the_link():
    from django.test import Client

    search = SavedSearchFactory(email=ADDRESS)
    other = SavedSearchFactory(email=ADDRESS)
    url = reverse("residents:alert_unsubscribe", kwargs={"token": unsubscribe_token(search)})
    assert Client(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    ).status_code == 200
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is not None
    assert SavedSearch.objects.get(pk=other.pk).unsubscribed_at is None
