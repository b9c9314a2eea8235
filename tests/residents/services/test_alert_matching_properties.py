"""Whatever the criteria, an alert matches exactly the jobs the search page shows for them."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobs.choices import ContractType, Place, Sector, TimeOption, Ward
from jobs.filters import AREA_CHOICES, VacancyFilter
from jobs.models import Vacancy
from residents.forms.alerts import criteria_from_params
from residents.models import AlertDelivery, SavedSearch
from residents.services.alert_delivery import alerts_match
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db

TITLES = ["Care assistant", "School cleaner", "Library assistant", "Chef", "Teaching assistant"]


@pytest.fixture
def vacancies():
    pledged = OrganisationFactory()
    PledgeFactory(organisation=pledged)
    rows = []
    combos = [
        (Sector.HEALTH_CARE, [TimeOption.PART_TIME], Place.ON_SITE, Ward.KILBURN, "16", "24", "15"),
        (
            Sector.EDUCATION,
            [TimeOption.TERM_TIME, TimeOption.JOB_SHARE],
            Place.ON_SITE,
            Ward.GOSPEL_OAK,
            "20",
            "25",
            "14",
        ),
        (
            Sector.FACILITIES,
            [TimeOption.SHIFT_SWAPPING],
            Place.ON_SITE,
            Ward.CAMDEN_TOWN,
            "30",
            "40",
            "13",
        ),
        (Sector.DIGITAL, [], Place.REMOTE, Ward.OUTSIDE_LONDON, "35", "37.5", "25"),
        (
            Sector.ADMIN,
            [TimeOption.COMPRESSED_HOURS],
            Place.HYBRID,
            Ward.ELSEWHERE_LONDON,
            "30",
            "37",
            "17",
        ),
        (
            Sector.HOSPITALITY,
            [TimeOption.FLEXITIME],
            Place.ON_SITE,
            Ward.KINGS_CROSS,
            "10",
            "20",
            "12.5",
        ),
    ]
    for n, (sector, options, place, ward, low, high, pay) in enumerate(combos):
        rows.append(
            LiveVacancyFactory(
                title=TITLES[n % len(TITLES)],
                sector=sector,
                time_options=options,
                place=place,
                ward=ward,
                hours_min=Decimal(low),
                hours_max=Decimal(high),
                pay_min=Decimal(pay),
                pay_max=None,
                pays_living_wage=Decimal(pay) >= Decimal("14.80"),
                alerts_matched_at=None,
                contract_type=[ContractType.PERMANENT, ContractType.CASUAL][n % 2],
                organisation=pledged if n % 3 == 0 else OrganisationFactory(),
            )
        )
    return rows


def subset(choices):
    return st.lists(st.sampled_from([value for value, _ in choices]), unique=True, max_size=2)


queries = st.fixed_dictionaries(
    {
        "q": st.sampled_from(["", "assistant", "cleaner", '"care assistant"', "chef or library"]),
        "time": subset(TimeOption.choices),
        "place": subset([(p.value, p.label) for p in Place if p != Place.ON_SITE]),
        "contract": subset(ContractType.choices),
        "sector": subset(Sector.choices),
        "area": subset(AREA_CHOICES),
        "hours_min": st.sampled_from(["", "10", "20", "36"]),
        "hours_max": st.sampled_from(["", "20", "30", "40"]),
        "pay_min": st.sampled_from(["", "13", "14.80", "20"]),
        "llw": st.sampled_from(["", "on"]),
        "pledge": st.sampled_from(["", "on"]),
    }
)


def as_params(query: dict) -> QueryDict:
    """A drawn search as the URL parameters the search page would get."""
    params = QueryDict(mutable=True)
    for key, value in query.items():
        if isinstance(value, list):
            params.setlist(key, value)
        elif value:
            params[key] = value
    return params


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_alert_matches_what_the_search_page_shows(vacancies, query):
    params = as_params(query)
    criteria, form = criteria_from_params(params)
    if form.errors:
        return
    search = SavedSearch.objects.create(
        email="p@example.net", name="p", confirmed_at="2026-01-01T00:00Z", **criteria
    )
    try:
        Vacancy.objects.filter(id__in=[v.id for v in vacancies]).update(alerts_matched_at=None)
        alerts_match(vacancy_ids=[v.id for v in vacancies])
        matched = set(
            AlertDelivery.objects.filter(saved_search=search).values_list("vacancy_id", flat=True)
        )
        shown = set(
            VacancyFilter(params, queryset=Vacancy.objects.live()).qs.values_list("id", flat=True)
        )
        assert matched == shown
    finally:
        search.delete()
        AlertDelivery.objects.all().delete()


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(queries, min_size=2, max_size=4))
def test_alerts_matched_together_each_match_what_the_search_page_shows(vacancies, batch):
    """Searches matched in one statement share keyword strings and keys; each still gets
    exactly its own jobs."""
    cases = []
    for query in batch:
        params = as_params(query)
        criteria, form = criteria_from_params(params)
        if not form.errors:
            cases.append((params, criteria))
    searches = [
        SavedSearch.objects.create(
            email="p@example.net", name="p", confirmed_at="2026-01-01T00:00Z", **criteria
        )
        for _, criteria in cases
    ]
    try:
        Vacancy.objects.filter(id__in=[v.id for v in vacancies]).update(alerts_matched_at=None)
        alerts_match(vacancy_ids=[v.id for v in vacancies])
        for search, (params, _) in zip(searches, cases, strict=True):
            matched = set(
                AlertDelivery.objects.filter(saved_search=search).values_list(
                    "vacancy_id", flat=True
                )
            )
            shown = set(
                VacancyFilter(params, queryset=Vacancy.objects.live()).qs.values_list(
                    "id", flat=True
                )
            )
            assert matched == shown
    finally:
        SavedSearch.objects.filter(id__in=[s.id for s in searches]).delete()
        AlertDelivery.objects.all().delete()
