"""The public part of the API: live vacancies, searched with the search page's filters."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse

from jobs.selectors import vacancy_search
from tests.employers.factories import PledgeFactory, SuspendedOrganisationFactory
from tests.jobs.factories import (
    DraftVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
    PastClosingDateVacancyFactory,
)

pytestmark = pytest.mark.django_db

LIST = "api_v1:vacancy_list"


def _ids(response) -> list[int]:
    return [item["portal"]["id"] for item in response.json()["results"]]


def test_only_live_vacancies_are_listed_as_job_postings(client):
    live = LiveVacancyFactory(time_options=["job_share"], place="hybrid")
    DraftVacancyFactory()
    InReviewVacancyFactory()
    PastClosingDateVacancyFactory()
    LiveVacancyFactory(organisation=SuspendedOrganisationFactory())
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    posting = body["results"][0]
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == live.title
    assert posting["url"].endswith(live.get_absolute_url())
    assert posting["portal"]["time_options"] == ["job_share"]
    assert posting["portal"]["place"] == "hybrid"
    assert "Job share" in posting["description"]


@pytest.mark.parametrize(
    "query",
    [
        "time=part_time",
        "time=job_share&time=term_time",
        "place=remote",
        "hours_min=30",
        "hours_max=20",
        "pay_min=16",
        "llw=true",
        "contract=fixed_term",
        "sector=retail",
        "area=camden_town&area=remote",
        "pledge=true",
        "q=cook",
        "closing=7",
    ],
)
def test_the_filters_are_the_search_pages(client, query):
    from decimal import Decimal

    LiveVacancyFactory(time_options=["part_time"], hours_min=Decimal("10"), hours_max=Decimal("16"))
    LiveVacancyFactory(time_options=["job_share"], place="remote", contract_type="fixed_term")
    LiveVacancyFactory(
        time_options=[], place="hybrid", sector="retail", title="Cook", hours_min=Decimal("35"),
        hours_max=Decimal("37.5"), pay_min=Decimal("17"), pay_max=None, pays_living_wage=True,
    )
    pledged = LiveVacancyFactory(time_options=["term_time"], ward="kilburn")
    PledgeFactory(organisation=pledged.organisation)
    expected = [v.pk for v in vacancy_search(params=QueryDict(query)).queryset]
    response = client.get(reverse(LIST) + "?" + query)
    assert response.status_code == 200, response.content
    assert _ids(response) == expected


def test_pages_link_to_each_other(client):
    for _ in range(5):
        LiveVacancyFactory()
    first = client.get(reverse(LIST) + "?page_size=2").json()
    assert (first["count"], first["pages"], first["previous"]) == (5, 3, None)
    assert "page=2" in first["next"] and first["next"].startswith("http")
    last = client.get(reverse(LIST) + "?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get(reverse(LIST) + "?page=4&page_size=2").status_code == 404


@pytest.mark.parametrize(
    "query, field",
    [
        ("time=naps", "time"),
        ("hours_min=lots", "hours_min"),
        ("hours_min=1e-100000", "hours_min"),
        ("pay_min=5000", "pay_min"),
        ("colour=blue", "colour"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
        ("sort=cheapest", "sort"),
        ("posted=2", "posted"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_search_parameters_are_named(client, query, field):
    response = client.get(reverse(LIST) + "?" + query)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_one_live_vacancy_and_not_a_draft(client):
    live, draft = LiveVacancyFactory(), DraftVacancyFactory()
    url = lambda pk: reverse("api_v1:vacancy_detail", kwargs={"vacancy_id": pk})  # noqa: E731
    assert client.get(url(live.pk)).json()["portal"]["id"] == live.pk
    assert client.get(url(draft.pk)).status_code == 404


def test_the_public_search_is_rate_limited(client, settings, empty_cache):
    settings.API_PUBLIC_RATE_LIMIT = "2/m/ip"
    answers = [client.get(reverse(LIST)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_openapi_description_and_the_docs_page(client):
    schema = client.get(reverse("api_v1:openapi-json")).json()
    assert schema["info"]["version"] == "1"
    paths = schema["paths"]
    assert set(paths["/api/v1/organisation/vacancies/{reference}"]) == {"get", "put"}
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()
    time = next(p for p in paths["/api/v1/vacancies"]["get"]["parameters"] if p["name"] == "time")
    assert "part_time" in str(time)
    page = client.get(reverse("api_docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Create or update a vacancy" in html
    assert "/api/v1/organisation/vacancies/{reference}" in html
    assert "cdn" not in html.lower() and "<script>" not in html
