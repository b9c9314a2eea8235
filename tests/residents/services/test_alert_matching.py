"""The matching statement, one criterion at a time: each test has a vacancy that should match
and one that should not, so a criterion that is ignored or inverted fails."""

from decimal import Decimal

import pytest

from jobs.choices import ContractType, Place, Sector, TimeOption, Ward
from jobs.models import Vacancy
from residents.models import AlertDelivery
from residents.services.alert_delivery import alerts_match
from tests.employers.factories import OrganisationFactory
from tests.jobs.factories import ClosedVacancyFactory, LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory, UnconfirmedSavedSearchFactory

pytestmark = pytest.mark.django_db


def unmatched(**kwargs):
    return LiveVacancyFactory(alerts_matched_at=None, **kwargs)


def matched_pairs():
    return set(AlertDelivery.objects.values_list("saved_search_id", "vacancy_id"))


def assert_matches(search, yes, no):
    alerts_match(vacancy_ids=[yes.id, no.id])
    pairs = matched_pairs()
    assert (search.id, yes.id) in pairs
    assert (search.id, no.id) not in pairs


def test_keywords_use_web_search_syntax():
    search = SavedSearchFactory(keywords='"teaching assistant" -nursery')
    yes = unmatched(title="Teaching assistant at a primary school")
    no = unmatched(title="Teaching assistant", summary="In our nursery")
    assert_matches(search, yes, no)


def test_keywords_match_stemmed_words():
    search = SavedSearchFactory(keywords="cleaners")
    assert_matches(search, unmatched(title="Office cleaner"), unmatched(title="Chef"))


def test_time_options_match_any_of_them():
    search = SavedSearchFactory(time_options=[TimeOption.TERM_TIME, TimeOption.JOB_SHARE])
    yes = unmatched(time_options=[TimeOption.JOB_SHARE])
    no = unmatched(time_options=[TimeOption.PART_TIME])
    assert_matches(search, yes, no)


def test_places():
    search = SavedSearchFactory(places=[Place.HYBRID])
    assert_matches(search, unmatched(place=Place.HYBRID), unmatched(place=Place.ON_SITE))


def test_contract_types():
    search = SavedSearchFactory(contract_types=[ContractType.PERMANENT])
    assert_matches(
        search,
        unmatched(contract_type=ContractType.PERMANENT),
        unmatched(contract_type=ContractType.CASUAL),
    )


def test_sectors():
    search = SavedSearchFactory(sectors=[Sector.RETAIL, Sector.EDUCATION])
    assert_matches(search, unmatched(sector=Sector.EDUCATION), unmatched(sector=Sector.HEALTH_CARE))


def test_areas_are_wards():
    search = SavedSearchFactory(areas=[Ward.KILBURN])
    assert_matches(search, unmatched(ward=Ward.KILBURN), unmatched(ward=Ward.CAMDEN_TOWN))


def test_remote_area_matches_fully_remote_jobs_anywhere():
    search = SavedSearchFactory(areas=[Ward.KILBURN, "remote"])
    assert_matches(
        search,
        unmatched(ward=Ward.OUTSIDE_LONDON, place=Place.REMOTE),
        unmatched(ward=Ward.OUTSIDE_LONDON, place=Place.HYBRID),
    )


def test_hours_min_needs_a_job_that_can_give_that_many():
    search = SavedSearchFactory(hours_min=Decimal("20"))
    assert_matches(
        search,
        unmatched(hours_min=Decimal("16"), hours_max=Decimal("20")),
        unmatched(hours_min=Decimal("10"), hours_max=Decimal("18")),
    )


def test_hours_max_needs_a_job_that_can_be_done_in_that_many():
    search = SavedSearchFactory(hours_max=Decimal("16"))
    assert_matches(
        search,
        unmatched(hours_min=Decimal("16"), hours_max=Decimal("30")),
        unmatched(hours_min=Decimal("20"), hours_max=Decimal("30")),
    )


def test_pay_min_compares_the_hourly_equivalent():
    search = SavedSearchFactory(pay_min=Decimal("15"))
    # £31,200 a year over 40 hours is £15.00 an hour; over 42 hours it is less.
    yes = unmatched(
        pay_min=Decimal("31200"),
        pay_max=None,
        pay_period="year",
        hours_min=Decimal("35"),
        hours_max=Decimal("40"),
    )
    no = unmatched(
        pay_min=Decimal("31200"),
        pay_max=None,
        pay_period="year",
        hours_min=Decimal("35"),
        hours_max=Decimal("42"),
    )
    assert_matches(search, yes, no)


def test_living_wage():
    search = SavedSearchFactory(llw=True)
    assert_matches(search, unmatched(pays_living_wage=True), unmatched(pays_living_wage=False))


def test_pledge_only(organisation):
    from tests.employers.factories import PledgeFactory

    PledgeFactory(organisation=organisation)
    search = SavedSearchFactory(pledge_only=True)
    assert_matches(
        search, unmatched(organisation=organisation), unmatched(organisation=OrganisationFactory())
    )


def test_criteria_combine_with_and():
    search = SavedSearchFactory(sectors=[Sector.RETAIL], time_options=[TimeOption.TERM_TIME])
    yes = unmatched(sector=Sector.RETAIL, time_options=[TimeOption.TERM_TIME])
    no = unmatched(sector=Sector.RETAIL, time_options=[TimeOption.PART_TIME])
    assert_matches(search, yes, no)


def test_no_criteria_matches_every_live_job():
    search = SavedSearchFactory()
    vacancy = unmatched()
    alerts_match(vacancy_ids=[vacancy.id])
    assert matched_pairs() == {(search.id, vacancy.id)}


def test_inactive_searches_are_not_matched():
    UnconfirmedSavedSearchFactory()
    SavedSearchFactory(paused=True)
    from django.utils import timezone

    SavedSearchFactory(unsubscribed_at=timezone.now())
    alerts_match(vacancy_ids=[unmatched().id])
    assert not AlertDelivery.objects.exists()


def test_closed_vacancies_are_not_matched():
    SavedSearchFactory()
    alerts_match(vacancy_ids=[ClosedVacancyFactory(alerts_matched_at=None).id])
    assert not AlertDelivery.objects.exists()


def test_matching_twice_creates_each_delivery_once():
    search = SavedSearchFactory()
    vacancy = unmatched()
    assert alerts_match(vacancy_ids=[vacancy.id]) == 1
    Vacancy.objects.filter(id=vacancy.id).update(alerts_matched_at=None)
    assert alerts_match(vacancy_ids=[vacancy.id]) == 0
    assert alerts_match() == 0
    assert list(AlertDelivery.objects.values_list("saved_search_id", "vacancy_id")) == [
        (search.id, vacancy.id)
    ]


def test_sweep_matches_every_unmatched_live_vacancy_and_marks_them():
    search = SavedSearchFactory()
    first, second = unmatched(), unmatched()
    already = LiveVacancyFactory()
    assert alerts_match() == 2
    assert matched_pairs() == {(search.id, first.id), (search.id, second.id)}
    assert not Vacancy.objects.unmatched().filter(id__in=[first.id, second.id, already.id]).exists()


def test_saved_search_and_search_page_agree(rf):
    """The same criteria, as a saved search and as the search page's filters, find the same jobs."""
    from jobs.filters import VacancyFilter
    from residents.forms.alerts import criteria_from_params

    vacancies = [
        unmatched(sector=Sector.RETAIL, time_options=[TimeOption.TERM_TIME], ward=Ward.KILBURN),
        unmatched(sector=Sector.RETAIL, time_options=[TimeOption.PART_TIME], place=Place.REMOTE),
        unmatched(
            sector=Sector.EDUCATION, time_options=[TimeOption.TERM_TIME], hours_max=Decimal("40")
        ),
        unmatched(
            sector=Sector.RETAIL,
            title="Shop supervisor",
            pay_min=Decimal("13"),
            pays_living_wage=False,
        ),
    ]
    query = (
        "sector=retail&time=term_time&time=part_time&area=kilburn&area=remote&hours_max=30&llw=on"
    )
    params = rf.get("/?" + query).GET
    criteria, _ = criteria_from_params(params)
    search = SavedSearchFactory(**criteria)
    alerts_match(vacancy_ids=[v.id for v in vacancies])
    from_alert = set(
        AlertDelivery.objects.filter(saved_search=search).values_list("vacancy_id", flat=True)
    )
    from_page = set(
        VacancyFilter(params, queryset=Vacancy.objects.live()).qs.values_list("id", flat=True)
    )
    assert from_alert == from_page == {vacancies[0].id, vacancies[1].id}


def test_keywords_combine_with_the_other_criteria():
    search = SavedSearchFactory(
        keywords="cleaner", sectors=[Sector.FACILITIES], areas=[Ward.KILBURN], llw=True
    )
    yes = unmatched(title="Office cleaner", sector=Sector.FACILITIES, ward=Ward.KILBURN)
    others = [
        unmatched(title="Chef", sector=Sector.FACILITIES, ward=Ward.KILBURN),
        unmatched(title="Office cleaner", sector=Sector.RETAIL, ward=Ward.KILBURN),
        unmatched(title="Office cleaner", sector=Sector.FACILITIES, ward=Ward.CAMDEN_TOWN),
        unmatched(
            title="Office cleaner",
            sector=Sector.FACILITIES,
            ward=Ward.KILBURN,
            pays_living_wage=False,
        ),
    ]
    alerts_match(vacancy_ids=[yes.id, *(v.id for v in others)])
    assert matched_pairs() == {(search.id, yes.id)}


def test_searches_sharing_keywords_each_keep_their_own_criteria():
    in_kilburn = SavedSearchFactory(keywords="cleaner", areas=[Ward.KILBURN])
    living_wage = SavedSearchFactory(keywords="cleaner", llw=True)
    anywhere = SavedSearchFactory(keywords="Cleaners")
    chef = SavedSearchFactory(keywords="chef", areas=[Ward.KILBURN])
    vacancy = unmatched(title="Office cleaner", ward=Ward.KILBURN, pays_living_wage=False)
    assert alerts_match(vacancy_ids=[vacancy.id]) == 2
    assert matched_pairs() == {(in_kilburn.id, vacancy.id), (anywhere.id, vacancy.id)}
    assert not AlertDelivery.objects.filter(saved_search__in=[living_wage, chef]).exists()


def test_keywords_with_only_very_common_words_match_nothing():
    SavedSearchFactory(keywords="the")
    SavedSearchFactory(keywords="the and of", sectors=[Sector.FACILITIES])
    with_a_word = SavedSearchFactory(keywords="the cleaner")
    vacancy = unmatched(title="The cleaner of the year", sector=Sector.FACILITIES)
    assert alerts_match(vacancy_ids=[vacancy.id]) == 1
    assert matched_pairs() == {(with_a_word.id, vacancy.id)}


def test_a_value_named_twice_gives_one_delivery():
    search = SavedSearchFactory(
        sectors=[Sector.RETAIL, Sector.RETAIL], areas=[Ward.KILBURN, Ward.KILBURN]
    )
    vacancy = unmatched(sector=Sector.RETAIL, ward=Ward.KILBURN)
    assert alerts_match(vacancy_ids=[vacancy.id]) == 1
    assert matched_pairs() == {(search.id, vacancy.id)}


def test_a_remote_job_in_a_named_ward_gives_one_delivery():
    search = SavedSearchFactory(areas=[Ward.KILBURN, "remote"])
    vacancy = unmatched(ward=Ward.KILBURN, place=Place.REMOTE)
    assert alerts_match(vacancy_ids=[vacancy.id]) == 1
    assert matched_pairs() == {(search.id, vacancy.id)}
