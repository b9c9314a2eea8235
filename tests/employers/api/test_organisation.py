"""The recruitment systems' part of the API: every operation with every kind of key."""

from __future__ import annotations

import datetime
import json
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.services.recruitment import VACANCY_HAS_CLOSED
from goodwork.core.models import AuditEvent, SiteSettings
from jobs.api.errors import NOT_AUTHENTICATED
from jobs.models import Vacancy
from jobs.services import ALERTS_MATCH_TASK, vacancy_approve, vacancy_reject
from tests.employers.api.helpers import (
    auth,
    close_vacancy,
    put_vacancy,
    vacancy_payload,
    vacancy_url,
)
from tests.employers.factories import ApiKeyFactory, OrganisationFactory, RevokedApiKeyFactory
from tests.goodwork.core.factories import CouncilAdminFactory
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_key(organisation):
    return ApiKeyFactory(organisation=organisation)


@pytest.fixture
def moderation():
    site = SiteSettings.load()
    site.moderation_enabled = True
    site.save()
    return site


def _errors(response) -> dict:
    body = response.json()
    assert "detail" in body
    return body.get("errors", {})


# -- Creating and updating by reference -------------------------------------------------------


def test_a_new_reference_creates_the_vacancy_and_sends_it_for_review(client, api_key, moderation):
    response = put_vacancy(client, api_key.key, "REQ-1001")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "REQ-1001"
    assert body["status"] == Vacancy.Status.IN_REVIEW
    assert body["url"] is None
    vacancy = Vacancy.objects.get(reference="REQ-1001")
    assert vacancy.organisation == api_key.organisation
    assert vacancy.source == Vacancy.Source.API
    assert vacancy.time_options == ["part_time", "term_time"]
    assert str(vacancy.pay_min) == "15.50"


def test_without_moderation_the_vacancy_goes_live_and_is_matched_to_alerts(
    client, api_key, django_capture_on_commit_callbacks
):
    with (
        mock.patch("goodwork.core.tasks.current_app.send_task") as send_task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = put_vacancy(client, api_key.key, "REQ-1")
    assert response.status_code == 201
    vacancy = Vacancy.objects.get(reference="REQ-1")
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert response.json()["url"].endswith(vacancy.get_absolute_url())
    send_task.assert_called_once_with(ALERTS_MATCH_TASK, args=[vacancy.pk])


def test_the_same_vacancy_sent_twice_changes_nothing(client, api_key, moderation):
    put_vacancy(client, api_key.key, "REQ-1")
    vacancy = Vacancy.objects.get(reference="REQ-1")
    vacancy_approve(vacancy=vacancy, by=_admin())
    before = Vacancy.objects.get(pk=vacancy.pk)
    response = put_vacancy(client, api_key.key, "REQ-1")
    assert response.status_code == 200
    assert Vacancy.objects.filter(reference="REQ-1").count() == 1
    after = Vacancy.objects.get(pk=vacancy.pk)
    assert after.status == Vacancy.Status.PUBLISHED
    assert after.updated_at == before.updated_at


def test_a_change_updates_the_vacancy_and_a_live_one_goes_back_for_review(
    client, api_key, moderation
):
    put_vacancy(client, api_key.key, "REQ-1")
    vacancy_approve(vacancy=Vacancy.objects.get(reference="REQ-1"), by=_admin())
    response = put_vacancy(client, api_key.key, "REQ-1", vacancy_payload(title="Senior carer"))
    assert response.status_code == 200
    vacancy = Vacancy.objects.get(reference="REQ-1")
    assert vacancy.title == "Senior carer"
    assert vacancy.status == Vacancy.Status.IN_REVIEW
    assert "Job title: Care assistant" in vacancy.moderation_note


def test_a_vacancy_the_council_sent_back_goes_to_it_again_when_corrected(
    client, api_key, moderation
):
    put_vacancy(client, api_key.key, "REQ-1")
    vacancy_reject(vacancy=Vacancy.objects.get(reference="REQ-1"), by=_admin(), note="Pay?")
    response = put_vacancy(client, api_key.key, "REQ-1", vacancy_payload(pay_min=16))
    assert response.json()["status"] == Vacancy.Status.IN_REVIEW


def test_a_closed_vacancy_cannot_be_sent_again(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    close_vacancy(client, api_key.key, "REQ-1")
    response = put_vacancy(client, api_key.key, "REQ-1", vacancy_payload(title="Again"))
    assert response.status_code == 409
    assert _errors(response) == {"non_field_errors": [VACANCY_HAS_CLOSED]}


def test_references_belong_to_one_organisation(client, api_key):
    other_key = ApiKeyFactory(organisation=OrganisationFactory())
    put_vacancy(client, api_key.key, "REQ-1")
    response = put_vacancy(client, other_key.key, "REQ-1", vacancy_payload(title="Theirs"))
    assert response.status_code == 201
    mine = Vacancy.objects.get(organisation=api_key.organisation, reference="REQ-1")
    assert mine.title == "Care assistant"


# -- The form's validation, as JSON errors by field ---------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"hours_min": "sixteen"}, "hours_min"),
        ({"hours_min": True}, "hours_min"),
        ({"title": 12}, "title"),
        ({"zero_hours": "yes"}, "zero_hours"),
        ({"time_options": "part_time"}, "time_options"),
        ({"sector": "astronaut"}, "sector"),
        ({"time_options": ["part_time", "naps"]}, "time_options"),
        ({"pay_period": "fortnight"}, "pay_period"),
        ({"closing_date": "2027-02-30"}, "closing_date"),
        ({"closing_date": "next week"}, "closing_date"),
        ({"closing_date": "1999-01-01"}, "closing_date"),
        ({"start_date": "20270101"}, "start_date"),
        ({"hours_min": 30, "hours_max": 20}, "hours_max"),
        ({"hours_min": 1e300}, "hours_min"),
        ({"hours_min": 0}, "hours_min"),
        ({"pay_min": -1}, "pay_min"),
        ({"pay_min": 2000, "pay_period": "hour", "pay_max": None}, "pay_min"),
        ({"flexibility": "yes", "time_options": [], "place": "on_site"}, "time_options"),
        ({"time_options": ["predictable_shifts"]}, "rota_weeks_ahead"),
        ({"apply_url": "", "apply_email": ""}, "apply_url"),
        ({"apply_email": "not an address"}, "apply_email"),
        ({"apply_url": "javascript:alert(1)"}, "apply_url"),
        ({"summary": "x" * 301}, "summary"),
        ({"title": ...}, "title"),
        ({"salary": 30000}, "salary"),
        # The rules the law and the data require, whichever page of the form asks each answer.
        ({"zero_hours": True, "guaranteed_hours": 10}, "guaranteed_hours"),
        ({"pay_min": 5, "pay_max": None, "pay_period": "hour"}, "pay_min"),
        ({"postcode": "NOPE", "ward": "belsize"}, "postcode"),
        ({"postcode": "NW3 2QG", "ward": "kentish_town_south"}, "postcode"),
    ],
)
def test_a_bad_vacancy_is_refused_with_its_field_named(client, api_key, changes, field):
    response = put_vacancy(client, api_key.key, "REQ-1", vacancy_payload(**changes))
    assert response.status_code == 422, response.content
    assert field in _errors(response), response.json()
    assert not Vacancy.objects.filter(reference="REQ-1").exists()


def test_the_form_messages_come_back_in_the_forms_words(client, api_key):
    payload = vacancy_payload(hours_min=30, hours_max=20)
    response = put_vacancy(client, api_key.key, "REQ-1", payload)
    assert _errors(response)["hours_max"] == [
        "The most hours must be the same as or more than the fewest hours."
    ]


@pytest.mark.parametrize(
    "raw, status",
    [("{not json", 400), ("[1, 2]", 422), ('"a string"', 422), ("", 422), ("null", 422)],
)
def test_a_body_that_is_not_a_vacancy_is_refused_as_json(client, api_key, raw, status):
    response = put_vacancy(client, api_key.key, "REQ-1", raw=raw)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_huge_body_is_refused_before_it_is_read(client, api_key):
    payload = vacancy_payload(description="word " * 100_000)
    response = put_vacancy(client, api_key.key, "REQ-1", payload)
    assert response.status_code == 413
    assert "detail" in response.json()


@pytest.mark.parametrize("reference", ["has space", "x" * 101, "ünïcode", "a;b"])
def test_a_reference_must_be_plain(client, api_key, reference):
    response = put_vacancy(client, api_key.key, reference)
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")
    assert not Vacancy.objects.exists()


# -- Keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "gwc_not-a-key", "nonsense", "gwc_" + "a" * 500])
def test_no_key_or_an_unknown_key_gets_401(client, key):
    for response in (
        put_vacancy(client, key, "REQ-1"),
        client.get(reverse("api_v1:organisation_vacancy_list"), headers=auth(key)),
        close_vacancy(client, key, "REQ-1"),
    ):
        assert response.status_code == 401
        assert response.json()["detail"] == NOT_AUTHENTICATED
    assert not Vacancy.objects.exists()


def test_a_revoked_key_gets_401(client, organisation):
    revoked = RevokedApiKeyFactory(organisation=organisation)
    assert put_vacancy(client, revoked.key, "REQ-1").status_code == 401


def test_signed_in_members_need_a_key_too(client, employer_member):
    client.force_login(employer_member)
    assert put_vacancy(client, None, "REQ-1").status_code == 401
    response = client.get(reverse("api_v1:organisation_vacancy_list"))
    assert response.status_code == 401


def test_another_organisations_key_cannot_read_or_close_the_vacancy(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    other = ApiKeyFactory(organisation=OrganisationFactory())
    assert client.get(vacancy_url("REQ-1"), headers=auth(other.key)).status_code == 404
    assert close_vacancy(client, other.key, "REQ-1").status_code == 404
    listed = client.get(reverse("api_v1:organisation_vacancy_list"), headers=auth(other.key))
    assert listed.json()["count"] == 0
    assert Vacancy.objects.get(reference="REQ-1").status == Vacancy.Status.PUBLISHED


def test_a_suspended_organisations_key_is_refused(client, api_key):
    api_key.organisation.suspended_at = timezone.now()
    api_key.organisation.save()
    assert put_vacancy(client, api_key.key, "REQ-1").status_code == 403


def test_each_key_is_rate_limited(client, api_key, settings, empty_cache):
    settings.API_KEY_RATE_LIMIT = "2/m/key"
    url = reverse("api_v1:organisation_vacancy_list")
    answers = [client.get(url, headers=auth(api_key.key)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    other = ApiKeyFactory(organisation=api_key.organisation)
    assert client.get(url, headers=auth(other.key)).status_code == 200


def test_every_use_of_a_key_is_audited_against_it(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    put_vacancy(client, api_key.key, "REQ-2", vacancy_payload(hours_min="many"))
    put_vacancy(client, api_key.key, "REQ-3", vacancy_payload(sector="astronaut"))
    client.get(reverse("api_v1:organisation_vacancy_list"), headers=auth(api_key.key))
    close_vacancy(client, api_key.key, "REQ-1")
    events = AuditEvent.objects.filter(subject_type="employers.apikey", subject_id=str(api_key.pk))
    details = list(events.order_by("at", "id").values_list("detail", flat=True))
    assert len(details) == 5
    assert "created" in details[0]
    assert "hours_min" in details[1]
    assert "sector" in details[2]
    assert all(api_key.prefix in label for label in events.values_list("actor_label", flat=True))
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


# -- Listing, reading and closing -----------------------------------------------------------------


def test_the_list_holds_the_organisations_own_vacancies_from_its_systems(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    put_vacancy(client, api_key.key, "REQ-2")
    LiveVacancyFactory(organisation=api_key.organisation)  # posted with the form
    other = ApiKeyFactory(organisation=OrganisationFactory())
    put_vacancy(client, other.key, "THEIRS")
    response = client.get(reverse("api_v1:organisation_vacancy_list"), headers=auth(api_key.key))
    body = response.json()
    assert body["count"] == 2
    assert {item["reference"] for item in body["results"]} == {"REQ-1", "REQ-2"}
    beyond = client.get(
        reverse("api_v1:organisation_vacancy_list") + "?page=2", headers=auth(api_key.key)
    )
    assert beyond.status_code == 404


def test_reading_one_vacancy_by_reference(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    response = client.get(vacancy_url("REQ-1"), headers=auth(api_key.key))
    assert response.status_code == 200
    assert response.json()["title"] == "Care assistant"
    assert client.get(vacancy_url("NOPE"), headers=auth(api_key.key)).status_code == 404


def test_closing_a_live_vacancy_and_closing_it_again(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    first = close_vacancy(client, api_key.key, "REQ-1")
    assert first.status_code == 200
    assert first.json()["status"] == Vacancy.Status.CLOSED
    assert close_vacancy(client, api_key.key, "REQ-1").status_code == 200
    assert close_vacancy(client, api_key.key, "NOPE").status_code == 404


def test_a_vacancy_waiting_for_review_cannot_be_closed(client, api_key, moderation):
    put_vacancy(client, api_key.key, "REQ-1")
    assert close_vacancy(client, api_key.key, "REQ-1").status_code == 409


def test_the_closing_date_is_checked_on_update_too(client, api_key):
    put_vacancy(client, api_key.key, "REQ-1")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = put_vacancy(client, api_key.key, "REQ-1", vacancy_payload(closing_date=yesterday))
    assert "closing_date" in _errors(response)


def _admin():
    return CouncilAdminFactory()


def test_json_errors_never_leak_html(client, api_key):
    response = client.put(
        vacancy_url("REQ-1"), data=json.dumps(vacancy_payload()), content_type="text/plain",
        headers=auth(api_key.key),
    )
    assert response.status_code < 500
