"""Saving a job from the search results and from its page, and finding the way back."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from jobs.choices import TimeOption
from jobs.views import VacancyListView
from residents.models import Shortlist
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db
URL = reverse("jobs:vacancy_list")
SEARCH = f"{URL}?time=part_time&sort=closing&page=2"


def _forget_pages(settings) -> None:
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


def card(page: str, vacancy) -> str:
    match = re.search(
        rf'<div class="gw-card" data-vacancy-id="{vacancy.pk}">(.*?)\n</div>', page, re.S
    )
    assert match, f"no card for {vacancy}"
    return match.group(1)


def job_link(page: str, vacancy) -> str:
    href = re.search(r'<h3[^>]*><a class="govuk-link" href="([^"]+)"', card(page, vacancy))
    return html.unescape(href.group(1))


@pytest.fixture
def part_time_jobs(monkeypatch):
    monkeypatch.setattr(VacancyListView, "paginate_by", 2)
    return [LiveVacancyFactory(time_options=[TimeOption.PART_TIME]) for _ in range(3)]


def test_a_resident_saves_a_job_from_the_results_and_is_back_on_the_same_search(
    resident_client, resident, part_time_jobs
):
    page = resident_client.get(SEARCH).text
    (vacancy,) = [job for job in part_time_jobs if f'data-vacancy-id="{job.pk}"' in page]
    assert "Save<span" in card(page, vacancy)

    response = resident_client.post(
        reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk}),
        {"next": f"{URL}?sort=closing&time=part_time&page=2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?sort=closing&time=part_time&page=2"
    entry = Shortlist.objects.get(resident=resident, vacancy=vacancy)

    page = resident_client.get(response["Location"]).text
    saved = card(page, vacancy)
    assert "in your saved jobs" in page
    assert ">Saved</strong>" in saved and "Remove from saved" in saved
    assert reverse("residents:shortlist_remove", kwargs={"pk": entry.pk}) in saved

    response = resident_client.post(
        reverse("residents:shortlist_remove", kwargs={"pk": entry.pk}),
        {"next": f"{URL}?sort=closing&time=part_time&page=2"},
    )
    assert response["Location"] == f"{URL}?sort=closing&time=part_time&page=2"
    assert not Shortlist.objects.filter(pk=entry.pk).exists()
    assert "Save<span" in card(resident_client.get(response["Location"]).text, vacancy)


def test_the_save_button_posts_with_its_token_and_the_search_it_came_from(
    resident_client, part_time_jobs
):
    page = resident_client.get(SEARCH).text
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    saves = [body for action, body in forms if "/shortlist/add/" in action]
    assert len(saves) == 1
    assert 'name="csrfmiddlewaretoken"' in saves[0]
    next_value = html.unescape(re.search(r'name="next" value="([^"]*)"', saves[0]).group(1))
    assert urlsplit(next_value).path == URL
    assert parse_qs(urlsplit(next_value).query) == {
        "page": ["2"], "sort": ["closing"], "time": ["part_time"]
    }


def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_search(client, part_time_jobs):
    page = client.get(SEARCH).text
    assert "csrfmiddlewaretoken" not in page
    sign_in = re.search(r'<a class="govuk-link" href="([^"]+)">Sign in to save this job', page)
    link = urlsplit(html.unescape(sign_in.group(1)))
    assert link.path == reverse("account_login")
    back = parse_qs(link.query)["next"][0]
    assert urlsplit(back).path == URL
    assert parse_qs(urlsplit(back).query) == {
        "page": ["2"], "sort": ["closing"], "time": ["part_time"]
    }


def test_people_who_are_not_residents_see_no_save_button(employer_client, part_time_jobs):
    page = employer_client.get(SEARCH).text
    assert "/shortlist/add/" not in page and "Sign in to save" not in page


def test_a_job_opened_from_a_search_links_back_to_it(client, part_time_jobs):
    page = client.get(f"{SEARCH}&utm_source=newsletter").text
    vacancy = next(job for job in part_time_jobs if f'data-vacancy-id="{job.pk}"' in page)
    link = job_link(page, vacancy)
    job_page = client.get(link).text
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link" id="back-to-search">', job_page)
    assert "Back to search results" in job_page
    target = urlsplit(html.unescape(back.group(1)))
    assert target.path == URL
    assert parse_qs(target.query) == {"page": ["2"], "sort": ["closing"], "time": ["part_time"]}
    assert '<link rel="canonical" href="http://' in job_page
    assert "back=" not in re.search(r'<link rel="canonical" href="([^"]+)"', job_page).group(1)


def test_a_resident_saves_from_the_job_page_and_keeps_the_way_back(
    resident_client, resident
):
    vacancy = LiveVacancyFactory()
    page_url = f"{vacancy.get_absolute_url()}?back=%2Fjobs%2F%3Fq%3Dcook"
    page = resident_client.get(page_url).text
    assert "Back to search results" in page
    response = resident_client.post(
        reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk}),
        {"next": re.search(r'name="next" value="([^"]*)"', page).group(1).replace("&amp;", "&")},
    )
    assert response["Location"] == page_url
    page = resident_client.get(response["Location"]).text
    assert "Remove from saved" in page and 'href="/jobs/?q=cook"' in page
    assert Shortlist.objects.filter(resident=resident, vacancy=vacancy).exists()


@pytest.mark.parametrize(
    "back",
    [
        "https://elsewhere.example/jobs/?q=cook",
        "//elsewhere.example/jobs/?q=cook",
        "/\\elsewhere.example/jobs/",
        "javascript:alert(1)",
        "/accounts/logout/",
        "/jobs/feed/?q=cook",
        "jobs/?q=cook",
    ],
)
def test_the_way_back_is_never_another_site_or_page(client, back):
    vacancy = LiveVacancyFactory()
    page = client.get(vacancy.get_absolute_url(), {"back": back}).text
    assert "Back to search results" not in page
    assert "elsewhere" not in page and "javascript:" not in page


def test_only_the_searchs_own_parameters_come_back(client):
    vacancy = LiveVacancyFactory()
    page = client.get(
        vacancy.get_absolute_url(), {"back": '/jobs/?q=cook&x="><script>&sector=retail'}
    ).text
    assert 'href="/jobs/?q=cook&amp;sector=retail" class="govuk-back-link"' in page
    assert "<script>" not in page.split("<main")[1]


def test_a_signed_in_reader_coming_from_a_search_is_linked_back_by_the_referer(
    resident_client, settings
):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    vacancy = LiveVacancyFactory()
    page = resident_client.get(
        vacancy.get_absolute_url(),
        HTTP_REFERER="https://goodwork.camden.gov.uk/jobs/?q=cook&page=2",
    ).text
    assert 'href="/jobs/?page=2&amp;q=cook" class="govuk-back-link"' in page
    other = resident_client.get(
        vacancy.get_absolute_url(), HTTP_REFERER="https://elsewhere.example/jobs/?q=cook"
    ).text
    assert "Back to search results" not in other


def test_a_shared_page_never_takes_the_way_back_from_the_referer(client, settings, empty_cache):
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    settings.PAGE_CACHE_SECONDS = 60
    vacancy = LiveVacancyFactory()
    try:
        page = client.get(
            vacancy.get_absolute_url(),
            HTTP_REFERER="https://goodwork.camden.gov.uk/jobs/?q=cook",
        ).text
        assert "Back to search results" not in page
    finally:
        # The page it stored is this test's alone.
        _forget_pages(settings)
