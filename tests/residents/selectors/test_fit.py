"""Jobs that fit: the days and times a resident can work, read against each job's own words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobs.choices import TimeOption
from jobs.models import Vacancy
from residents.models import Resident
from residents.selectors.fit import (
    REASONS_SHOWN,
    explain_fit,
    jobs_that_fit,
    jobs_that_fit_explained,
    work_pattern_days,
    work_pattern_times,
)
from tests.jobs.factories import ClosedVacancyFactory, LiveVacancyFactory
from tests.residents.factories import ResidentFactory


@pytest.mark.parametrize(
    "text, days, times",
    [
        ("Monday to Wednesday, 9am to 3pm", ["mon", "tue", "wed"], ["mornings", "afternoons"]),
        ("Mornings, 7am to 11am", [], ["mornings"]),
        ("Tuesdays and Thursdays, 9.30am - 2.30pm", ["tue", "thu"], ["mornings", "afternoons"]),
        ("Fri-Mon, 18:00 to 23:00", ["mon", "fri", "sat", "sun"], ["evenings"]),
        ("Weekends, 10pm to 6am", ["sat", "sun"], ["nights"]),
        ("Weekdays, school hours", ["mon", "tue", "wed", "thu", "fri"], ["mornings", "afternoons"]),
        ("Early and late shifts", [], ["mornings", "evenings"]),
        ("Saturday 8am to 8pm", ["sat"], ["mornings", "afternoons", "evenings"]),
        ("Flexible, to suit you", [], []),
        ("Wedding venue, sunny terrace", [], []),
    ],
)
def test_a_jobs_days_and_times_are_read_from_its_own_words(text, days, times):
    assert work_pattern_days(text) == days
    assert work_pattern_times(text) == times


@pytest.mark.django_db
def test_days_and_times_rank_the_same_jobs_differently_for_different_residents():
    weekday_mornings = LiveVacancyFactory(
        title="Breakfast club", work_pattern="Monday to Friday, 7am to 11am"
    )
    weekend_evenings = LiveVacancyFactory(
        title="Bar staff", work_pattern="Saturdays and Sundays, 6pm to 11pm"
    )
    unsaid = LiveVacancyFactory(title="Office", work_pattern="")
    parent = ResidentFactory(
        days_available=["mon", "tue", "wed", "thu", "fri"], times_available=["mornings"]
    )
    student = ResidentFactory(days_available=["sat", "sun"], times_available=["evenings"])

    assert list(jobs_that_fit(resident=parent)) == [weekday_mornings, unsaid, weekend_evenings]
    assert list(jobs_that_fit(resident=student)) == [weekend_evenings, unsaid, weekday_mornings]

    fits = {fit.vacancy: fit for fit in jobs_that_fit_explained(resident=parent)}
    assert fits[weekday_mornings].fits[0] == (
        "Monday to Friday, 7am to 11am: days and times you can work"
    )
    assert fits[weekend_evenings].does_not_fit[:2] == [
        "Asks for Saturday and Sunday, when you cannot work",
        "Asks for evenings work, when you cannot work",
    ]
    assert fits[unsaid].does_not_fit == []


@pytest.mark.django_db
def test_a_job_that_lets_you_choose_your_shifts_does_not_clash():
    rostered = LiveVacancyFactory(
        work_pattern="Evenings and weekends", time_options=[TimeOption.SELF_ROSTERING]
    )
    fixed = LiveVacancyFactory(work_pattern="Evenings and weekends", time_options=[])
    resident = ResidentFactory(days_available=["mon", "tue"], times_available=["mornings"])
    ranked = list(jobs_that_fit(resident=resident))
    assert ranked == [rostered, fixed]
    assert not ranked[0].fit_days_clash and ranked[1].fit_days_clash
    assert ranked[1].fit_times_clash


@pytest.mark.django_db
def test_every_answer_counts_and_only_the_weightiest_reasons_are_shown():
    resident = ResidentFactory(
        hours_min=Decimal("16"),
        hours_max=Decimal("24"),
        days_available=["mon", "tue", "wed"],
        times_available=["mornings", "afternoons"],
        time_options_needed=[TimeOption.PART_TIME],
        time_options_preferred=[TimeOption.JOB_SHARE],
        pay_needed_hourly=Decimal("14.80"),
        caring=Resident.Caring.CHILDREN,
    )
    job = LiveVacancyFactory(
        work_pattern="Monday to Wednesday, school hours",
        time_options=[TimeOption.PART_TIME, TimeOption.JOB_SHARE],
        hours_min=Decimal("18"),
        hours_max=Decimal("18"),
        pay_min=Decimal("15.5"),
    )
    (ranked,) = jobs_that_fit(resident=resident)
    fit = explain_fit(ranked, resident)
    assert len(fit.fits) + len(fit.does_not_fit) == REASONS_SHOWN
    assert fit.fits == [
        "Part-time, as you asked",
        "18 hours a week",
        "Pays at least £15.50 an hour, what you need or more",
    ]
    texts = [reason.text for reason in fit.reasons]
    assert "Monday to Wednesday, school hours: days and times you can work" in texts
    assert "Term-time or school hours, which can fit around children" in texts
    assert ranked.pk == job.pk and ranked.fit_score == 50 + 10 + 20 + 20 + 15 + 15 + 5 + 5


@pytest.mark.django_db
def test_the_jobs_ranked_can_be_narrowed_and_are_only_ever_live():
    wanted = LiveVacancyFactory(title="Cook")
    LiveVacancyFactory(title="Cleaner")
    closed = ClosedVacancyFactory(title="Cook, closed")
    resident = ResidentFactory()
    narrowed = Vacancy.objects.filter(title__startswith="Cook")
    assert list(jobs_that_fit(resident=resident, vacancies=narrowed, limit=None)) == [wanted]
    assert closed not in list(jobs_that_fit(resident=resident, limit=None))
