"""Jobs a coach may suggest: live ones only, narrowed by keywords, best fit first where the
resident shares their profile with the provider."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.choices import Place, Sector, TimeOption
from residents.coaching.models import Consent
from residents.coaching.selectors.suggest import SUGGEST_PAGE_SIZE, jobs_to_suggest
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    LiveVacancyFactory,
    PastClosingDateVacancyFactory,
)
from tests.residents.coaching.factories import ReferralFactory
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, ProfileCompletedResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(coach):
    return coach.coach_roles.get()


@pytest.fixture
def entry(post):
    # Needs term-time work, 16 to 25 hours, at least £14.80 an hour, in health and care.
    return on_caseload(post, ProfileCompletedResidentFactory())


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def jobs():
    """Three live jobs, the worst fit closing first, so closing-date order is the reverse."""
    return {
        "best": LiveVacancyFactory(
            title="Library assistant",
            time_options=[TimeOption.TERM_TIME, TimeOption.PART_TIME],
            hours_min=Decimal("16"),
            hours_max=Decimal("20"),
            pay_min=Decimal("15.00"),
            place=Place.ON_SITE,
            sector=Sector.HEALTH_CARE,
            closing_date=_in(30),
        ),
        "middle": LiveVacancyFactory(
            title="School library helper",
            time_options=[TimeOption.PART_TIME],
            hours_min=Decimal("16"),
            hours_max=Decimal("20"),
            pay_min=Decimal("15.00"),
            place=Place.ON_SITE,
            sector=Sector.HEALTH_CARE,
            closing_date=_in(20),
        ),
        "worst": LiveVacancyFactory(
            title="Night warehouse operative",
            time_options=[],
            hours_min=Decimal("37.5"),
            hours_max=Decimal("40"),
            pay_min=Decimal("12.60"),
            place=Place.ON_SITE,
            sector=Sector.TRANSPORT,
            closing_date=_in(10),
        ),
    }


def _titles(suggestions) -> list[str]:
    return [v.title for v in suggestions.vacancies]


def test_jobs_are_ranked_by_fit_to_the_residents_profile(entry, post, jobs):
    suggestions = jobs_to_suggest(entry=entry, user=post.user)
    assert suggestions.ranked_by_fit
    assert _titles(suggestions) == [
        "Library assistant",
        "School library helper",
        "Night warehouse operative",
    ]
    assert suggestions.count == 3


def test_keywords_narrow_the_jobs_and_keep_the_fit_order(entry, post, jobs):
    suggestions = jobs_to_suggest(entry=entry, user=post.user, keywords="  library ")
    assert _titles(suggestions) == ["Library assistant", "School library helper"]
    assert suggestions.keywords == "library" and suggestions.count == 2
    assert _titles(jobs_to_suggest(entry=entry, user=post.user, keywords="warehouse")) == [
        "Night warehouse operative"
    ]
    assert jobs_to_suggest(entry=entry, user=post.user, keywords="plumber").count == 0


def test_keywords_of_only_common_words_are_ignored_not_matched_against(entry, post, jobs):
    suggestions = jobs_to_suggest(entry=entry, user=post.user, keywords="the and")
    assert suggestions.keywords_ignored and suggestions.count == 3


def test_closed_and_unpublished_jobs_are_never_offered(entry, post, jobs):
    for factory in (
        ClosedVacancyFactory,
        DraftVacancyFactory,
        PastClosingDateVacancyFactory,
    ):
        factory(title="Library porter")
    suggestions = jobs_to_suggest(entry=entry, user=post.user, keywords="library")
    assert "Library porter" not in _titles(suggestions)
    assert suggestions.count == 2


def test_without_the_profile_shared_jobs_are_in_closing_date_order(entry, post, jobs):
    Consent.objects.filter(resident=entry.resident, provider=post.provider).update(
        shares_profile=False
    )
    suggestions = jobs_to_suggest(entry=entry, user=post.user)
    assert not suggestions.ranked_by_fit
    assert _titles(suggestions) == [
        "Night warehouse operative",
        "School library helper",
        "Library assistant",
    ]


def test_results_are_paged_with_the_whole_count(entry, post):
    LiveVacancyFactory.create_batch(SUGGEST_PAGE_SIZE + 3)
    first = jobs_to_suggest(entry=entry, user=post.user)
    second = jobs_to_suggest(entry=entry, user=post.user, page=2)
    assert first.count == second.count == SUGGEST_PAGE_SIZE + 3
    assert (len(first.vacancies), len(second.vacancies)) == (SUGGEST_PAGE_SIZE, 3)
    assert not {v.pk for v in first.vacancies} & {v.pk for v in second.vacancies}


def test_only_the_providers_own_suggestions_are_marked(entry, post, jobs):
    ReferralFactory(resident=entry.resident, coach=post, vacancy=jobs["best"])
    elsewhere = CoachFactory()
    on_caseload(elsewhere, entry.resident)
    ReferralFactory(resident=entry.resident, coach=elsewhere, vacancy=jobs["middle"])
    suggestions = jobs_to_suggest(entry=entry, user=post.user)
    assert set(suggestions.suggested) == {jobs["best"].pk}
