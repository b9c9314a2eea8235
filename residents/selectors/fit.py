"""'Jobs that fit you': live vacancies ranked by how well they fit a resident's profile.

The ranking is worked out in the database: each test is a CASE expression over the vacancy's
columns and the profile's values, their weighted sum orders the rows, and only the page's worth
is fetched. The plain-words reasons are then read off those same annotations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from jobs.choices import Place, Sector, TimeOption, Ward
from jobs.models import Vacancy
from jobs.querysets import HAPPY_TO_TALK
from residents.models import Resident

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

FIT_PAGE_SIZE = 20
# Needs outweigh everything else together: a job without a needed option is rarely workable.
WEIGHTS = {
    "fit_needs": 50,
    "fit_preferred": 10,
    "fit_hours": 20,
    "fit_pay": 20,
    "fit_place": 10,
    "fit_sector": 10,
    "fit_ward": 5,
    "fit_llw": 5,
    "fit_talk": 3,
}


class FitAnnotations(TypedDict):
    """What jobs_that_fit() adds to each vacancy: a flag per test in WEIGHTS, and the score."""

    fit_needs: bool
    fit_preferred: bool
    fit_hours: bool
    fit_pay: bool
    fit_place: bool
    fit_sector: bool
    fit_ward: bool
    fit_llw: bool
    fit_talk: bool
    fit_score: int


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _never() -> Q:
    # Always false, but as SQL: an empty IN () would make Django drop the whole expression.
    return Q(pk__isnull=True)


def _fit_conditions(resident: Resident) -> dict[str, Q]:
    needed = list(resident.time_options_needed)
    preferred = list(resident.time_options_preferred)
    return {
        "fit_needs": Q(time_options__contains=needed) if needed else _never(),
        "fit_preferred": Q(time_options__overlap=preferred) if preferred else _never(),
        "fit_hours": (
            Q(hours_min__lte=resident.hours_max, hours_max__gte=resident.hours_min)
            if resident.hours_min is not None and resident.hours_max is not None
            else _never()
        ),
        "fit_pay": Q(pay_hourly_min__gte=resident.pay_needed_hourly)
        if resident.pay_needed_hourly
        else _never(),
        "fit_place": Q(place__in=resident.places_wanted) if resident.places_wanted else _never(),
        "fit_sector": Q(sector__in=resident.sectors) if resident.sectors else _never(),
        "fit_ward": Q(ward=resident.ward) if resident.ward else _never(),
        "fit_llw": Q(pays_living_wage=True),
        "fit_talk": HAPPY_TO_TALK,
    }


def jobs_that_fit(
    *, resident: Resident, limit: int = FIT_PAGE_SIZE
) -> QuerySet[WithAnnotations[Vacancy, FitAnnotations]]:
    conditions = _fit_conditions(resident)
    score = sum(
        (
            Case(
                When(condition, then=Value(WEIGHTS[name])),
                default=Value(0),
                output_field=IntegerField(),
            )
            for name, condition in conditions.items()
        ),
        start=Value(0, output_field=IntegerField()),
    )
    return (
        Vacancy.objects.live()
        .for_listing()
        .annotate(**{name: _flag(condition) for name, condition in conditions.items()})
        .annotate(fit_score=score)
        .order_by("-fit_score", F("closing_date").asc(), "-published_at", "-id")[:limit]
    )


def _hours(low: Decimal, high: Decimal) -> str:
    low_s, high_s = f"{low.normalize():f}", f"{high.normalize():f}"
    return f"{low_s} hours" if low == high else f"{low_s} to {high_s} hours"


@dataclass
class Fit:
    vacancy: Vacancy
    fits: list[str] = field(default_factory=list)
    does_not_fit: list[str] = field(default_factory=list)


def explain_fit(vacancy: WithAnnotations[Vacancy, FitAnnotations], resident: Resident) -> Fit:
    """Plain words for the annotations jobs_that_fit() computed."""
    fit = Fit(vacancy)
    offered = set(vacancy.time_options)
    for option in resident.time_options_needed:
        if option in offered:
            fit.fits.append(f"{TimeOption(option).label.capitalize()}, as you asked")
        else:
            fit.does_not_fit.append(f"Does not offer {TimeOption(option).label.lower()}")
    if resident.time_options_needed and not vacancy.fit_needs and vacancy.fit_talk:
        fit.fits.append("The employer is happy to talk about flexible working")
    for option in resident.time_options_preferred:
        if option in offered:
            fit.fits.append(f"{TimeOption(option).label.capitalize()}, which you would like")
    if resident.places_wanted:
        place = Place(vacancy.place).label
        (fit.fits if vacancy.fit_place else fit.does_not_fit).append(
            f"{place}, as you asked"
            if vacancy.fit_place
            else f"{place}, not where you want to work"
        )
    if resident.hours_min is not None and resident.hours_max is not None:
        # Only live vacancies are ranked, and those always have their hours.
        assert vacancy.hours_min is not None and vacancy.hours_max is not None
        hours = _hours(vacancy.hours_min, vacancy.hours_max)
        if vacancy.fit_hours:
            fit.fits.append(f"{hours} a week")
        else:
            fit.does_not_fit.append(
                f"{hours} a week; you want {_hours(resident.hours_min, resident.hours_max)}"
            )
    if resident.pay_needed_hourly:
        if vacancy.fit_pay:
            fit.fits.append(
                f"Pays at least £{vacancy.pay_hourly_min:.2f} an hour, what you need or more"
            )
        else:
            fit.does_not_fit.append(
                f"Pays from £{vacancy.pay_hourly_min:.2f} an hour; "
                f"you need £{resident.pay_needed_hourly:.2f}"
            )
    if vacancy.fit_llw:
        fit.fits.append("Pays the London Living Wage")
    if vacancy.fit_sector:
        fit.fits.append(f"{Sector(vacancy.sector).label}, work you are interested in")
    if vacancy.fit_ward:
        fit.fits.append(f"In {Ward(vacancy.ward).label}, where you live")
    return fit


def jobs_that_fit_explained(*, resident: Resident, limit: int = FIT_PAGE_SIZE) -> list[Fit]:
    return [
        explain_fit(vacancy, resident) for vacancy in jobs_that_fit(resident=resident, limit=limit)
    ]
