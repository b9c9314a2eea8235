"""The job search page at /jobs/: keywords, filters, sorting, tags, messages and query count."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.choices import ContractType, PayPeriod, Place, Sector, TimeOption, Ward
from jobs.filters import IGNORED_KEYWORDS_NO_WORDS, IGNORED_KEYWORDS_TOO_LONG
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("jobs:vacancy_list")
CARD_ID = re.compile(r'data-vacancy-id="(\d+)"')


def result_ids(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in CARD_ID.findall(response.content.decode())]


def test_lists_live_jobs_only(client):
    live = LiveVacancyFactory()
    DraftVacancyFactory()
    InReviewVacancyFactory()
    ClosedVacancyFactory()
    ExpiredVacancyFactory()
    suspended = LiveVacancyFactory(organisation=OrganisationFactory(suspended_at=timezone.now()))
    ids = result_ids(client.get(URL))
    assert ids == [live.pk]
    assert suspended.pk not in ids


def test_empty_state_without_any_jobs(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no live jobs at the moment" in response.content.decode()


def test_default_order_is_newest_first(client):
    now = timezone.now()
    older = LiveVacancyFactory(published_at=now - datetime.timedelta(days=3))
    newer = LiveVacancyFactory(published_at=now - datetime.timedelta(hours=1))
    assert result_ids(client.get(URL)) == [newer.pk, older.pk]


# -- Keywords -------------------------------------------------------------------------------


def test_stemming_finds_other_forms_of_a_word(client):
    care = LiveVacancyFactory(
        title="Care worker", summary="Home visits.", description="Visiting people."
    )
    LiveVacancyFactory(title="Chef", summary="Cook lunches.", description="A busy kitchen.")
    assert result_ids(client.get(URL, {"q": "caring"})) == [care.pk]


def test_quoted_phrase_matches_the_words_together(client):
    phrase = LiveVacancyFactory(
        title="School office manager", summary="Run the office.", description="x"
    )
    apart = LiveVacancyFactory(
        title="Office cleaner", summary="Clean a school and its office.", description="x"
    )
    assert result_ids(client.get(URL, {"q": '"school office"'})) == [phrase.pk]
    assert set(result_ids(client.get(URL, {"q": "school office"}))) == {phrase.pk, apart.pk}


def test_minus_excludes_a_word(client):
    cook = LiveVacancyFactory(title="Cook", summary="School lunches.", description="x")
    LiveVacancyFactory(title="Cook and chef", summary="Restaurant.", description="x")
    assert result_ids(client.get(URL, {"q": "cook -chef"})) == [cook.pk]


def test_or_finds_either_word(client):
    cook = LiveVacancyFactory(title="Cook", summary="Lunches.", description="x")
    porter = LiveVacancyFactory(title="Porter", summary="Moving things.", description="x")
    LiveVacancyFactory(title="Gardener", summary="Parks.", description="x")
    assert set(result_ids(client.get(URL, {"q": "cook or porter"}))) == {cook.pk, porter.pk}


def test_keyword_results_rank_title_matches_first(client):
    now = timezone.now()
    in_description = LiveVacancyFactory(
        title="Assistant",
        summary="Helping out.",
        description="Some driver duties.",
        published_at=now,
    )
    in_title = LiveVacancyFactory(
        title="Driver",
        summary="Deliveries.",
        description="x",
        published_at=now - datetime.timedelta(days=5),
    )
    assert result_ids(client.get(URL, {"q": "driver"})) == [in_title.pk, in_description.pk]
    # Newest first when asked, whatever the rank.
    assert result_ids(client.get(URL, {"q": "driver", "sort": "newest"})) == [
        in_description.pk,
        in_title.pk,
    ]


def test_matched_words_are_highlighted_and_the_summary_escaped(client):
    LiveVacancyFactory(
        title="Nurse", summary="Caring <b>nurse</b> for <script>alert(1)</script> wards."
    )
    html = client.get(URL, {"q": "nurse"}).content.decode()
    assert "<mark>nurse</mark>" in html
    assert ">Caring <mark>nurse</mark><" not in html  # the title is "Nurse"
    assert '"><mark>Nurse</mark></a>' in html
    assert "&lt;b&gt;<mark>nurse</mark>&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b>" not in html


@pytest.mark.parametrize(
    "text", ['"unclosed', "-", "or or or", "!!&&||", "((", "':*", "a:b", "\\", "-(-)"]
)
def test_odd_keyword_syntax_never_errors(client, text):
    LiveVacancyFactory(title="Cook")
    response = client.get(URL, {"q": text})
    assert response.status_code == 200


def test_stop_words_only_are_ignored_with_a_message(client):
    vacancy = LiveVacancyFactory()
    response = client.get(URL, {"q": "the and"})
    assert result_ids(response) == [vacancy.pk]
    assert IGNORED_KEYWORDS_NO_WORDS.split("“")[0] in response.content.decode()
    assert "only contain very common words" in response.content.decode()


def test_relevance_is_not_offered_without_keywords(client):
    LiveVacancyFactory()
    html = client.get(URL).content.decode()
    assert 'value="relevance"' not in html
    html = client.get(URL, {"q": "care"}).content.decode()
    assert 'value="relevance" selected' in html


# -- Filters --------------------------------------------------------------------------------


def test_or_within_a_group_and_across_groups(client):
    part_time = LiveVacancyFactory(time_options=[TimeOption.PART_TIME], sector=Sector.RETAIL)
    term_time = LiveVacancyFactory(time_options=[TimeOption.TERM_TIME], sector=Sector.RETAIL)
    LiveVacancyFactory(time_options=[TimeOption.TERM_TIME], sector=Sector.DIGITAL)
    LiveVacancyFactory(time_options=[TimeOption.FLEXITIME], sector=Sector.RETAIL)
    ids = result_ids(client.get(URL, {"time": ["part_time", "term_time"], "sector": "retail"}))
    assert set(ids) == {part_time.pk, term_time.pk}


def test_area_includes_fully_remote_jobs(client):
    kilburn = LiveVacancyFactory(ward=Ward.KILBURN)
    remote = LiveVacancyFactory(ward="", place=Place.REMOTE)
    LiveVacancyFactory(ward=Ward.HIGHGATE)
    assert set(result_ids(client.get(URL, {"area": ["kilburn", "remote"]}))) == {
        kilburn.pk,
        remote.pk,
    }


def test_pledge_filter_shows_pledged_employers_only(client):
    pledged = LiveVacancyFactory()
    PledgeFactory(organisation=pledged.organisation)
    LiveVacancyFactory()
    assert result_ids(client.get(URL, {"pledge": "on"})) == [pledged.pk]
    assert result_ids(client.get(URL, {"pledge": "true"})) == [pledged.pk]


def test_pay_filter_uses_the_hourly_equivalent(client):
    salary = LiveVacancyFactory(
        pay_min=Decimal("31200"),
        pay_max=None,
        pay_period=PayPeriod.YEAR,
        hours_min=Decimal("30"),
        hours_max=Decimal("30"),
    )  # £20 an hour
    LiveVacancyFactory(pay_min=Decimal("12.00"), pay_max=None, pay_period=PayPeriod.HOUR)
    assert result_ids(client.get(URL, {"pay_min": "15"})) == [salary.pk]
    assert result_ids(client.get(URL, {"pay_min": "15", "sort": "pay"})) == [salary.pk]


def test_sort_by_closing_date_and_by_pay(client):
    today = timezone.localdate()
    late = LiveVacancyFactory(
        closing_date=today + datetime.timedelta(days=20), pay_min=Decimal("20"), pay_max=None
    )
    soon = LiveVacancyFactory(
        closing_date=today + datetime.timedelta(days=2), pay_min=Decimal("15"), pay_max=None
    )
    assert result_ids(client.get(URL, {"sort": "closing"})) == [soon.pk, late.pk]
    assert result_ids(client.get(URL, {"sort": "pay"})) == [late.pk, soon.pk]


def test_selected_filters_are_tags_that_link_to_the_search_without_them(client):
    LiveVacancyFactory()
    html = client.get(
        URL, {"time": ["part_time", "term_time"], "llw": "on", "q": "care"}
    ).content.decode()
    assert 'href="?q=care&amp;time=term_time&amp;llw=on"' in html
    assert 'href="?q=care&amp;time=part_time&amp;llw=on"' in html
    assert 'href="?q=care&amp;time=part_time&amp;time=term_time"' in html
    assert "Remove this filter: </span>Part-time" in html


def test_empty_result_suggests_which_filter_to_drop(client, django_assert_max_num_queries):
    LiveVacancyFactory(
        time_options=[TimeOption.PART_TIME], sector=Sector.RETAIL, contract_type=ContractType.CASUAL
    )
    LiveVacancyFactory(
        time_options=[TimeOption.PART_TIME], sector=Sector.RETAIL, contract_type=ContractType.CASUAL
    )
    LiveVacancyFactory(
        time_options=[TimeOption.JOB_SHARE],
        sector=Sector.DIGITAL,
        contract_type=ContractType.PERMANENT,
    )
    params = {"time": "part_time", "sector": "digital", "contract": "casual"}
    with django_assert_max_num_queries(3):
        response = client.get(URL, params)
    html = response.content.decode()
    assert result_ids(response) == []
    assert "No live jobs match all of your search" in html
    suggestions = re.search(
        r'<ul class="govuk-list govuk-list--bullet" id="drop-suggestions">(.*?)</ul>', html, re.S
    )
    assert suggestions
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", suggestions.group(1))).strip()
    # Without the sector, the two part-time casual retail jobs match.
    assert text == "remove sector to see 2 jobs"


def test_alert_link_carries_the_search_when_alerts_exist(client):
    from django.urls import NoReverseMatch

    LiveVacancyFactory()
    html = client.get(URL, {"time": "part_time"}).content.decode()
    try:
        alert_url = reverse("residents:alert_create")
    except NoReverseMatch:
        assert "Get email alerts" not in html
    else:
        assert f'href="{alert_url}?time=part_time"' in html


# -- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"time": "<script>alert(1)</script>"},
            "We ignored “&lt;script&gt;alert(1)&lt;/script&gt;” in",
        ),
        ({"hours_min": "9" * 400}, "enter a number from 0 to 60"),
        ({"hours_max": "-5"}, "enter a number from 0 to 60"),
        ({"pay_min": "NaN"}, "enter a number from 0 to 1000"),
        ({"pay_min": "1e999999"}, "enter a number from 0 to 1000"),
        ({"posted": "9999"}, "it is not one of the options"),
        ({"closing": "'; DROP TABLE"}, "it is not one of the options"),
        ({"sort": "<img src=x>"}, "for sorting"),
        ({"page": "abc"}, "There is no page"),
        ({"page": "99999999999999999999"}, "There is no page"),
        ({"page": "5"}, "There is no page"),
        ({"q": "x" * 201}, IGNORED_KEYWORDS_TOO_LONG),
        ({"q": "care\x00worker"}, "characters we cannot search for"),
        ({"llw": "maybe"}, "it is not one of the options"),
        ({"area": ["kilburn", "atlantis"]}, "We ignored “atlantis” in “Area”"),
    ],
)
def test_bad_parameters_give_a_normal_page_with_a_message(client, params, message):
    LiveVacancyFactory(ward=Ward.KILBURN)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ignored-parameters"' in html
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x>" not in html


def test_a_bad_value_does_not_drop_the_good_values_of_its_group(client):
    kilburn = LiveVacancyFactory(ward=Ward.KILBURN)
    LiveVacancyFactory(ward=Ward.HIGHGATE)
    assert result_ids(client.get(URL, {"area": ["kilburn", "atlantis"]})) == [kilburn.pk]


def test_script_in_keywords_is_escaped_everywhere(client):
    LiveVacancyFactory()
    payload = '"><script>alert(1)</script>'
    html = client.get(URL, {"q": payload}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_parameters_are_ignored_quietly(client):
    vacancy = LiveVacancyFactory()
    response = client.get(URL, {"utm_source": "newsletter"})
    assert result_ids(response) == [vacancy.pk]
    assert 'id="ignored-parameters"' not in response.content.decode()


# -- Pagination and queries -----------------------------------------------------------------


def test_pagination_keeps_the_search(client, settings):
    for _ in range(22):
        LiveVacancyFactory(time_options=[TimeOption.PART_TIME])
    html = client.get(URL, {"time": "part_time"}).content.decode()
    assert 'href="?time=part_time&amp;page=2"' in html
    assert len(result_ids(client.get(URL, {"time": "part_time", "page": "2"}))) == 2


@pytest.mark.parametrize(
    # The page of results, and one aggregate for the result total and every option's count.
    # With keywords, one more: the check that they hold a word to search for.
    "params, queries", [({}, 2), ({"q": "care", "pledge": "on", "time": "part_time"}, 3)]
)
def test_query_count_does_not_grow_with_the_page(
    client, django_assert_num_queries, params, queries
):
    for _n in range(3):
        PledgeFactory(organisation=LiveVacancyFactory().organisation)
    with django_assert_num_queries(queries):
        assert len(result_ids(client.get(URL, params))) == 3
    for _n in range(22):
        PledgeFactory(organisation=LiveVacancyFactory().organisation)
    with django_assert_num_queries(queries):
        assert len(result_ids(client.get(URL, params))) == 20


@pytest.mark.parametrize(
    "role", [None, "resident", "employer_member", "coach", "council_admin", "user"]
)
def test_search_page_renders_for_every_role(client, request, role):
    LiveVacancyFactory(title="Teaching assistant")
    if role:
        person = request.getfixturevalue(role)
        client.force_login(getattr(person, "user", person))
    response = client.get(URL, {"q": "teaching"})
    assert response.status_code == 200
    assert "<mark>Teaching</mark> assistant" in response.content.decode()


def test_filterset_bound_directly_keeps_its_valid_groups():
    from django.http import QueryDict

    from jobs.filters import VacancyFilter
    from jobs.models import Vacancy

    part_time = LiveVacancyFactory(time_options=[TimeOption.PART_TIME])
    LiveVacancyFactory(time_options=[TimeOption.FLEXITIME])
    filterset = VacancyFilter(
        QueryDict("time=part_time&hours_min=lots"), queryset=Vacancy.objects.live()
    )
    assert list(filterset.qs) == [part_time]


def test_filter_options_show_how_many_jobs_each_would_give(client):
    LiveVacancyFactory(
        time_options=[TimeOption.PART_TIME], sector=Sector.RETAIL, pays_living_wage=True
    )
    LiveVacancyFactory(
        time_options=[TimeOption.PART_TIME], sector=Sector.DIGITAL, pays_living_wage=False
    )
    LiveVacancyFactory(
        time_options=[TimeOption.JOB_SHARE], sector=Sector.RETAIL, pays_living_wage=True
    )
    DraftVacancyFactory(time_options=[TimeOption.PART_TIME], sector=Sector.RETAIL)
    html = client.get(URL, {"sector": "retail"}).content.decode()
    # Other groups are counted within the search; the sector group ignores its own choice.
    assert ">Part-time (1)</label>" in html
    assert ">Job share (1)</label>" in html
    assert ">Flexitime (0)</label>" in html
    assert ">Retail (2)</label>" in html
    assert ">Technology and digital (1)</label>" in html
    assert ">Pays the London Living Wage (2)</label>" in html


def test_signed_in_query_count_does_not_grow_with_the_page(client, resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(resident.user)
    LiveVacancyFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"time": "part_time"})
    for _ in range(24):
        LiveVacancyFactory()
    with CaptureQueriesContext(connection) as many:
        assert len(result_ids(client.get(URL, {"time": "part_time"}))) == 20
    assert len(many) == len(few)


def test_page_links_show_first_last_and_neighbours():
    from jobs.views import page_links

    items = page_links(5, 9, "q=care")
    numbers = [item.get("number", "…") for item in items]
    assert numbers == [1, "…", 4, 5, 6, "…", 9]
    assert items[3] == {"number": 5, "href": "?q=care&page=5", "current": True}
    assert [item["number"] for item in page_links(1, 2, "")] == [1, 2]


def test_home_page_search_box_and_popular_searches_lead_to_the_search(client):
    LiveVacancyFactory(title="Term-time cook", time_options=[TimeOption.TERM_TIME])
    html = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in html and 'name="q"' in html
    assert f'href="{URL}?time=term_time"' in html
    assert "Term-time cook" in client.get(URL, {"time": "term_time"}).content.decode()


def test_many_bad_values_are_summed_up(client):
    LiveVacancyFactory()
    bad = [f"nonsense{n}" for n in range(300)] + ["part_time"]
    html = client.get(URL, {"time": bad}).content.decode()
    assert html.count("We ignored “nonsense") == 5
    assert "and 295 other values we could not use" in html



def test_counts_are_cached_briefly_and_shared_by_equivalent_searches(
    client, settings, django_assert_num_queries, empty_cache
):
    settings.SEARCH_COUNTS_CACHE_SECONDS = 60
    LiveVacancyFactory(time_options=[TimeOption.PART_TIME], title="Cook")
    first = client.get(URL, {"time": "part_time", "q": "cook", "sort": "newest"})
    # The same criteria in another order, on another page and sorted otherwise: counts reused,
    # leaving the keyword check and the page of results.
    with django_assert_num_queries(2):
        second = client.get(URL, {"q": "cook", "time": ["part_time", "nonsense"], "page": "1"})
    assert result_ids(first) == result_ids(second)
    assert "Part-time (1)" in second.content.decode()


def test_jobs_without_the_keywords_are_counted_only_when_nothing_matches(
    client, django_assert_num_queries
):
    LiveVacancyFactory(title="Cook", time_options=[TimeOption.PART_TIME])
    LiveVacancyFactory(title="Cleaner", time_options=[TimeOption.PART_TIME])
    # The keyword check, the aggregate, the page of results.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "cook", "time": "part_time"})
    assert "remove your keywords" not in response.content.decode()
    # Nothing matches: no page to read, but one count of the jobs without the keywords.
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "gardener", "time": "part_time"})
    html = response.content.decode()
    assert "No live jobs match all of your search" in html
    assert re.search(r"remove your keywords</a> to see 2 jobs", html)


HOSTILE_NUMBERS = ["1e-100000", "1e400", "NaN", "Infinity", "-0.001", "12.345", "²", "١٢"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["hours_min", "hours_max", "pay_min"])
@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
@pytest.mark.parametrize("page", ["jobs:vacancy_list", "jobs:vacancy_feed"])
def test_a_number_out_of_form_is_ignored_with_a_message_never_a_500(client, page, name, value):
    LiveVacancyFactory()
    response = client.get(reverse(page), {name: value})
    assert response.status_code == 200
    if page == "jobs:vacancy_list":
        assert "We ignored" in response.text
