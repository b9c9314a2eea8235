"""The whole-page cache for anonymous visitors: what is shared, and what never is."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goodwork.core import pagecache
from goodwork.core.redisclient import redis_client
from jobs.filters import VacancyFilter
from jobs.models import Vacancy
from jobs.tracking import vacancy_views_pending
from jobs.views import VacancyListView
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("jobs:vacancy_list")


@pytest.fixture
def page_cache(settings, empty_cache):
    settings.PAGE_CACHE_SECONDS = 60
    return empty_cache


def get_counting_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.parametrize("url", [SEARCH, f"{SEARCH}?q=cleaner&time=part_time", "/"])
def test_an_anonymous_visitor_gets_the_page_rendered_for_the_one_before(client, page_cache, url):
    LiveVacancyFactory(title="Office cleaner", time_options=["part_time"])
    first, first_queries = get_counting_queries(client, url)
    second, second_queries = get_counting_queries(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    # The security headers are added per response, not stored with the page.
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == "DENY"


def test_a_page_may_be_a_minute_old_for_anonymous_visitors_but_never_for_signed_in_ones(
    resident_client, page_cache
):
    client = Client()
    vacancy = LiveVacancyFactory(title="Caretaker")
    url = vacancy.get_absolute_url()
    assert client.get(url).status_code == 200
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Site caretaker")
    assert b"Site caretaker" not in client.get(url).content
    assert b"Site caretaker" in resident_client.get(url).content


def test_search_parameters_in_another_order_share_one_page(client, page_cache):
    LiveVacancyFactory(time_options=["part_time", "job_share"])
    client.get(f"{SEARCH}?time=part_time&time=job_share&llw=on")
    _, queries = get_counting_queries(client, f"{SEARCH}?llw=on&time=job_share&time=part_time")
    assert queries == 0
    _, queries = get_counting_queries(client, f"{SEARCH}?time=part_time&llw=on")
    assert queries > 0


def test_a_signed_in_users_page_is_neither_served_from_nor_stored_in_the_cache(
    resident_client, page_cache
):
    client = Client()
    client.get(SEARCH)
    response, queries = get_counting_queries(resident_client, SEARCH)
    assert queries > 0
    assert b"Sign out" in response.content
    assert len(_page_keys(page_cache)) == 1  # the anonymous visitor's page only
    # The anonymous copy does not show the resident's navigation, and vice versa.
    assert b"Sign out" not in client.get(SEARCH).content


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, page_cache):
    client.get("/")
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    response = HttpResponse()
    storage.add(constants.SUCCESS, "Your alert has been set up.")
    storage.update(response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    response, queries = get_counting_queries(client, "/")
    assert queries > 0
    assert b"Your alert has been set up." in response.content


def test_a_visitor_with_a_session_gets_a_fresh_page(client, page_cache, settings):
    client.get("/")
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    _, queries = get_counting_queries(client, "/")
    assert queries > 0


def test_job_page_reads_served_from_the_cache_are_still_counted(client, page_cache):
    vacancy = LiveVacancyFactory()
    for _ in range(3):
        assert client.get(vacancy.get_absolute_url()).status_code == 200
    assert vacancy_views_pending() == {vacancy.pk: 3}


def test_a_closed_jobs_page_is_shared_but_its_reads_are_not_counted(client, page_cache):
    vacancy = LiveVacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
    assert client.get(vacancy.get_absolute_url()).status_code == 410
    response, queries = get_counting_queries(client, vacancy.get_absolute_url())
    assert response.status_code == 410
    assert queries == 0
    assert vacancy_views_pending() == {}


def test_redirects_and_errors_are_not_stored(client, page_cache):
    vacancy = LiveVacancyFactory(title="Cook")
    wrong_slug = reverse("jobs:vacancy_detail", kwargs={"pk": vacancy.pk, "slug": "chef"})
    assert client.get(wrong_slug).status_code == 301
    assert client.get("/jobs/999999-nothing/").status_code == 404
    assert _page_keys(page_cache) == []


def test_a_page_that_sets_a_cookie_or_uses_a_csrf_token_is_not_stored(page_cache):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.COOKIES = {}
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("tracking", "1")
    pagecache.store_page(request, with_cookie)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    pagecache.store_page(request, HttpResponse("y"))
    assert _page_keys(page_cache) == []


@pytest.mark.parametrize("setting", ["PAGE_CACHE_SECONDS", "PAGE_CACHE_MAX_PAGES"])
def test_nothing_is_stored_when_the_cache_is_off(client, settings, empty_cache, setting):
    settings.PAGE_CACHE_SECONDS = 60
    setattr(settings, setting, 0)
    client.get(SEARCH)
    _, queries = get_counting_queries(client, SEARCH)
    assert queries > 0
    assert _page_keys(empty_cache) == []


def _page_keys(cache) -> list[bytes]:
    return list(redis_client().scan_iter(f"{cache.key_prefix}:*:page:*"))


def _stored_pages(cache) -> list[bytes]:
    stored = [redis_client().get(key) for key in _page_keys(cache)]
    return [gzip.decompress(pagecache.CachedPage.loads(value).gzipped) for value in stored if value]


def _forget_stored_pages(cache) -> None:
    keys = [*_page_keys(cache), pagecache.page_index_key()]
    redis_client().delete(*keys)


# -- The key is what the page means -------------------------------------------------------

JUNK = "gw-junk-9f3c"


def test_the_search_reads_its_filters_page_number_and_sort_order():
    parameters = VacancyListView.page_parameters
    assert parameters.single | parameters.multiple == {*VacancyFilter.base_filters, "page", "sort"}
    assert parameters.multiple == {"time", "place", "contract", "sector", "area"}


@pytest.mark.parametrize("page", ["search", "home", "job"])
def test_parameters_a_page_does_not_read_share_its_stored_page(client, page_cache, page):
    vacancy = LiveVacancyFactory(title="Office cleaner")
    url = {"search": f"{SEARCH}?q=cleaner", "home": "/", "job": vacancy.get_absolute_url()}[page]
    joiner = "&" if "?" in url else "?"
    first = client.get(url)
    for junk in ("x=1", "x=2", f"utm_source={JUNK}&utm_medium=email", f"{JUNK}=1&x=3&x=4"):
        response, queries = get_counting_queries(client, f"{url}{joiner}{junk}")
        assert queries == 0
        assert response.content == first.content
    assert len(_page_keys(page_cache)) == 1
    if page == "job":
        assert vacancy_views_pending() == {vacancy.pk: 5}


def test_each_search_the_page_reads_is_stored_once_whatever_else_the_url_holds(client, page_cache):
    LiveVacancyFactory(title="Office cleaner", time_options=["part_time"])
    searches = ["q=cleaner", "q=cook", "time=part_time", "page=2", "sort=closing", "llw=on"]
    for search in searches:
        client.get(f"{SEARCH}?{search}")
        client.get(f"{SEARCH}?{search}&utm_campaign={JUNK}")
    assert len(_page_keys(page_cache)) == len(searches)


@pytest.mark.parametrize(
    "meaning, spellings",
    [
        ("q=cleaner", ["q=+cleaner+", "q=&q=cleaner", "q=cook&q=cleaner", "q=cleaner&page="]),
        ("time=part_time", ["time=part_time&time=part_time", "time=&time=part_time&sort="]),
        (
            "time=job_share&time=part_time&llw=on",
            ["llw=on&time=part_time&time=job_share", "time=part_time&llw=on&time=job_share"],
        ),
        ("", ["q=", "page=&sort=+", "time="]),
    ],
)
def test_blank_and_repeated_values_share_the_page_of_their_meaning(
    client, page_cache, meaning, spellings
):
    LiveVacancyFactory(title="Office cleaner", time_options=["part_time", "job_share"])
    client.get(f"{SEARCH}?{meaning}")
    for spelling in spellings:
        _, queries = get_counting_queries(client, f"{SEARCH}?{spelling}")
        assert queries == 0, spelling
    assert len(_page_keys(page_cache)) == 1


@pytest.mark.parametrize(
    "fresh, other, shown",
    [
        # Page 2 of a search with two options of one group: tags, and links to other pages.
        (
            "q=cleaner&time=part_time&time=job_share&page=2&sort=closing",
            f"sort=closing&time=job_share&utm_source={JUNK}&q=cleaner&time=part_time&page=2",
            'rel="prev"',
        ),
        # The tags and links list the options in one order, whichever order the URL had.
        ("time=job_share&time=part_time", "time=part_time&time=job_share", "Remove this filter"),
        # A value the page could not use is shown back, as it is to any visitor.
        ("time=fortnightly&page=99", f"page=99&time=fortnightly&{JUNK}=1", "“fortnightly”"),
    ],
)
def test_a_page_served_from_the_cache_is_the_page_rendered_for_its_meaning(
    client, page_cache, fresh, other, shown
):
    LiveVacancyFactory.create_batch(
        25, title="Office cleaner", time_options=["part_time", "job_share"]
    )
    expected = client.get(f"{SEARCH}?{fresh}")
    assert shown in expected.content.decode()
    _forget_stored_pages(page_cache)
    first = client.get(f"{SEARCH}?{other}")
    served, queries = get_counting_queries(client, f"{SEARCH}?{fresh}")
    assert queries == 0
    assert first.content == served.content == expected.content
    assert _stored_pages(page_cache) == [expected.content]
    assert JUNK.encode() not in first.content


# -- At most PAGE_CACHE_MAX_PAGES pages ---------------------------------------------------


@pytest.mark.parametrize("search", ["page={}", "q=cleaner{}", "page={}&utm_id={}"])
def test_the_number_of_stored_pages_stays_within_the_limit(client, page_cache, settings, search):
    settings.PAGE_CACHE_MAX_PAGES = 5
    LiveVacancyFactory.create_batch(3, title="Office cleaner")
    index = pagecache.page_index_key()
    for number in range(1, 16):
        client.get(f"{SEARCH}?{search.format(number, number)}")
        assert len(_page_keys(page_cache)) == min(number, 5)
        assert redis_client().zcard(index) == min(number, 5)
    # The newest pages are kept; the oldest were evicted and are rendered again.
    _, queries = get_counting_queries(client, f"{SEARCH}?{search.format(15, 15)}")
    assert queries == 0
    _, queries = get_counting_queries(client, f"{SEARCH}?{search.format(1, 1)}")
    assert queries > 0
    assert len(_page_keys(page_cache)) == 5
    # The index lives no longer than the pages it lists (to the millisecond, rounded up).
    assert 0 < redis_client().pttl(index) <= 60_001


def test_pages_that_have_expired_leave_the_index_and_free_their_place(client, page_cache, settings):
    settings.PAGE_CACHE_MAX_PAGES = 2
    client.get("/")
    index = pagecache.page_index_key()
    (home,) = redis_client().zrange(index, 0, -1)
    # As if the home page had been stored long ago and Redis had let it expire.
    redis_client().delete(home)
    redis_client().zadd(index, {home: 1})
    client.get(SEARCH)
    assert redis_client().zcard(index) == 1
    client.get(f"{SEARCH}?q=cleaner")
    assert len(_page_keys(page_cache)) == 2
    assert home not in redis_client().zrange(index, 0, -1)
    _, queries = get_counting_queries(client, SEARCH)
    assert queries == 0


def test_a_stored_page_comes_back_byte_for_byte():
    original = HttpResponse(b"<p>a\nb</p>\n\xe2\x80\x99", status=410)
    page = pagecache.CachedPage.loads(pagecache.CachedPage.of(original).dumps())
    response = page.response(RequestFactory().get("/"))
    assert response.status_code == 410
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == original.content
    assert "Content-Encoding" not in response


def test_a_browser_that_accepts_gzip_gets_the_stored_page_compressed(client, page_cache):
    LiveVacancyFactory(title="Office cleaner")
    first = client.get(SEARCH)
    second = client.get(SEARCH, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert second["Content-Encoding"] == "gzip"
    # A shared cache in front must key the page by both: anonymous and compressed.
    assert {"Accept-Encoding", "Cookie"} <= {v.strip() for v in second["Vary"].split(",")}
    assert gzip.decompress(second.content) == first.content
    assert len(second.content) < len(first.content) / 3
    # Without gzip in Accept-Encoding, the same stored page, uncompressed.
    third = client.get(SEARCH, HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in third
    assert third.content == first.content
