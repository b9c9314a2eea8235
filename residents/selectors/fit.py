"""'Jobs that fit you': live vacancies ranked by how well they fit a resident's profile.

The ranking is worked out in the database: each answer the resident gave is scored by CASE
expressions over the vacancy's columns and the profile's values, their sum orders the rows,
and only the page's worth is fetched. The plain-words reasons are then read off those same
annotations, the weightiest first, and only the few that matter most are shown.

A vacancy's days and times are the employer's own words ("Monday to Wednesday, 9am to 3pm",
"early and late shifts"): they are read with the patterns below, as PostgreSQL regular
expressions in the ranking and as the same expressions in Python for the reasons, so the two
always agree. Words the patterns do not recognise count for nothing either way.
"""

from __future__ import annotations

import functools
import re
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

from goodwork.core.templatetags.govuk import pounds
from jobs.choices import Day, Place, Sector, TimeOption, Ward
from jobs.models import Vacancy
from jobs.querysets import HAPPY_TO_TALK
from residents.models import Resident

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

FIT_PAGE_SIZE = 20
# How many reasons each job shows: the ones that weigh most in its score.
REASONS_SHOWN = 3

# Each answer's weight in the score. Needs outweigh everything else: a job without a needed
# option is rarely workable. A job that asks for days or times the resident cannot work loses
# as much as one on the right days gains.
WEIGHTS = {
    "fit_needs": 50,
    "fit_preferred": 10,
    "fit_hours": 20,
    "fit_pay": 20,
    "fit_days": 15,
    "fit_days_clash": -15,
    "fit_times": 15,
    "fit_times_clash": -15,
    "fit_place": 10,
    "fit_sector": 10,
    "fit_caring": 5,
    "fit_ward": 5,
    "fit_llw": 5,
    "fit_talk": 3,
}
# How much a reason weighs where it is not one of the scores above: an employer happy to talk
# about flexible working, when the job lacks an option the resident needs, is how such a job
# could still work, so it ranks above the small things.
_WEIGHT_OF_REASON = {"talk_instead": 8}

# Options that let people choose when they work: with one of them, days or times the job
# names that the resident cannot do do not count against it.
CHOOSE_WHEN = [TimeOption.SELF_ROSTERING, TimeOption.FLEXITIME, TimeOption.SHIFT_SWAPPING]


# -- Reading a vacancy's days and times -----------------------------------------------------

_WEEK = [day.value for day in Day]
_DAY_NAMES = {
    "mon": r"mon(?:day)?s?",
    "tue": r"tue(?:s|sday)?s?",
    "wed": r"wed(?:s|nesday)?s?",
    "thu": r"thu(?:r|rs|rsday)?s?",
    "fri": r"fri(?:day)?s?",
    "sat": r"sat(?:urday)?s?",
    "sun": r"sun(?:day)?s?",
}
# Portable between PostgreSQL's and Python's regular expressions: lookarounds, no \b or \m.
_START, _END = r"(?<![a-z])", r"(?![a-z])"
_TO = r"\s*(?:to|-|–|—|until|till|through|thru)\s*"


def _day(code: str) -> str:
    return f"{_START}{_DAY_NAMES[code]}\\.?{_END}"


def _days_pattern(code: str) -> str:
    """Mentions this day: by name, in a range ("Monday to Friday", "Fri-Mon"), or as part of
    weekdays, weekends or every day."""
    index = _WEEK.index(code)
    ranges = []
    for first in range(7):
        # The ranges from `first` that reach this day: those ending on it or after it.
        lasts = [
            (first + length) % 7
            for length in range(1, 7)
            if (index - first) % 7 <= length
        ]
        ends = "|".join(f"(?:{_day(_WEEK[last])})" for last in lasts)
        ranges.append(f"{_day(_WEEK[first])}{_TO}(?:{ends})")
    words = [_day(code), *ranges, r"every\s*day", r"(?:7|seven)\s*days", r"daily", r"any\s*day"]
    if index < 5:
        words.append(f"{_START}week\\s*days?{_END}")
    else:
        words.append(f"{_START}week\\s*-?\\s*ends?{_END}")
    return "|".join(f"(?:{word})" for word in words)


def _hour(hour: int) -> str:
    """A clock time on this hour: 9am, 9.30 am, 2:15pm, midday, midnight, 09:00, 0900."""
    minutes = r"(?:[:.][0-5][0-9])?"
    twelve = hour % 12 or 12
    half = "a" if hour < 12 else "p"
    spoken = f"(?<![0-9]){twelve}{minutes}\\s*{half}\\.?m{_END}"
    clock = f"(?<![0-9]){hour:02d}:?[0-5][0-9](?![0-9])(?!\\s*[ap]\\.?m)"
    named = {0: "|midnight", 12: "|midday|noon"}.get(hour, "")
    return f"{spoken}|{clock}{named}"


def _clock_hours(hours: range | list[int]) -> str:
    return "(?:" + "|".join(f"(?:{_hour(hour)})" for hour in hours) + ")"


# Parts of the day as hours [from, to): the resident's choices of when they can work.
_DAY_PARTS = {
    "mornings": (6, 12, r"mornings?|early\s*shifts?|earl(?:y|ies)|breakfast"),
    "afternoons": (12, 17, r"afternoons?|lunch\s*times?"),
    "evenings": (17, 23, r"evenings?|late\s*shifts?|lates|after\s*school"),
    "nights": (23, 6, r"nights?|overnight|sleep[\s-]*ins?"),
}
_DAYTIME = r"school\s*hours|office\s*hours|9\s*(?:to|-)\s*5(?![0-9])"


def _times_pattern(part: str) -> str:
    """Mentions this part of the day: by name, or a time range that runs into it."""
    start, end, words = _DAY_PARTS[part]
    patterns = [f"{_START}(?:{words}){_END}"]
    if part in ("mornings", "afternoons"):
        patterns.append(f"{_START}(?:{_DAYTIME})")
    if part == "nights":
        # From late evening, or into the small hours.
        starts, ends = [23, 0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]
        patterns.append(f"{_clock_hours(starts)}{_TO}{_clock_hours(range(24))}")
        patterns.append(f"{_clock_hours(range(24))}{_TO}{_clock_hours(ends)}")
    else:
        # A range that starts before the part ends and ends after it starts.
        patterns.append(f"{_clock_hours(range(0, end))}{_TO}{_clock_hours(range(start + 1, 24))}")
    return "|".join(f"(?:{pattern})" for pattern in patterns)


DAY_PATTERNS = {code: _days_pattern(code) for code in _WEEK}
TIME_PATTERNS = {part: _times_pattern(part) for part in _DAY_PARTS}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def work_pattern_days(text: str) -> list[str]:
    """The days a vacancy's 'days and times' mention, Monday first."""
    return [code for code in _WEEK if _compiled(DAY_PATTERNS[code]).search(text or "")]


def work_pattern_times(text: str) -> list[str]:
    """The parts of the day a vacancy's 'days and times' mention, morning first."""
    return [part for part in _DAY_PARTS if _compiled(TIME_PATTERNS[part]).search(text or "")]


def _mentions(patterns: dict[str, str], codes) -> Q:
    condition = Q()
    for code in codes:
        condition |= Q(work_pattern__iregex=patterns[code])
    return condition


# -- Scoring ---------------------------------------------------------------------------------


class FitAnnotations(TypedDict):
    """What jobs_that_fit() adds to each vacancy: a flag per test in WEIGHTS, and the score."""

    fit_needs: bool
    fit_preferred: bool
    fit_hours: bool
    fit_pay: bool
    fit_days: bool
    fit_days_clash: bool
    fit_times: bool
    fit_times_clash: bool
    fit_place: bool
    fit_sector: bool
    fit_caring: bool
    fit_ward: bool
    fit_llw: bool
    fit_talk: bool
    fit_score: int


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _never() -> Q:
    # Always false, but as SQL: an empty IN () would make Django drop the whole expression.
    return Q(pk__isnull=True)


def _when_conditions(
    chosen: list[str], patterns: dict[str, str]
) -> tuple[Q, Q]:
    """(fits, clashes) for the days or the times a resident can work.

    It fits when the job names some and every one it names is one they chose; it clashes when
    it names one they did not choose and offers no way to choose when to work. A job that
    names none, or a resident who chose none, is neither.
    """
    if not chosen:
        return _never(), _never()
    others = [code for code in patterns if code not in chosen]
    named = _mentions(patterns, patterns)
    if not others:
        return named, _never()
    outside = _mentions(patterns, others)
    return named & ~outside, outside & ~Q(time_options__overlap=CHOOSE_WHEN)


def _fit_conditions(resident: Resident) -> dict[str, Q]:
    needed = list(resident.time_options_needed)
    preferred = list(resident.time_options_preferred)
    days, days_clash = _when_conditions(list(resident.days_available), DAY_PATTERNS)
    times, times_clash = _when_conditions(list(resident.times_available), TIME_PATTERNS)
    looks_after_children = resident.caring in (Resident.Caring.CHILDREN, Resident.Caring.BOTH)
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
        "fit_days": days,
        "fit_days_clash": days_clash,
        "fit_times": times,
        "fit_times_clash": times_clash,
        "fit_place": Q(place__in=resident.places_wanted) if resident.places_wanted else _never(),
        "fit_sector": Q(sector__in=resident.sectors) if resident.sectors else _never(),
        "fit_caring": Q(time_options__contains=[TimeOption.TERM_TIME])
        | Q(work_pattern__iregex=r"school\s*(?:hours|run|times?)")
        if looks_after_children
        else _never(),
        "fit_ward": Q(ward=resident.ward) if resident.ward else _never(),
        "fit_llw": Q(pays_living_wage=True),
        "fit_talk": HAPPY_TO_TALK,
    }


def jobs_that_fit(
    *,
    resident: Resident,
    limit: int | None = FIT_PAGE_SIZE,
    vacancies: QuerySet[Vacancy] | None = None,
) -> QuerySet[WithAnnotations[Vacancy, FitAnnotations]]:
    """Live jobs, the best fit first, `limit` of them (None: all).

    `vacancies` narrows the jobs ranked (a keyword search, say); it defaults to every live job.
    Only live jobs are ever ranked.
    """
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
    live = Vacancy.objects.live()
    if vacancies is not None:
        live = live.filter(pk__in=vacancies.values("pk"))
    ranked = (
        live.for_listing()
        .annotate(**{name: _flag(condition) for name, condition in conditions.items()})
        .annotate(fit_score=score)
        .order_by("-fit_score", F("closing_date").asc(), "-published_at", "-id")
    )
    return ranked[:limit] if limit is not None else ranked


# -- Reasons ---------------------------------------------------------------------------------


def _hours(low: Decimal, high: Decimal) -> str:
    low_s, high_s = f"{low.normalize():f}", f"{high.normalize():f}"
    return f"{low_s} hours" if low == high else f"{low_s} to {high_s} hours"


def _listed(labels: list[str]) -> str:
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


@dataclass(frozen=True)
class Reason:
    text: str
    fits: bool
    weight: int


@dataclass
class Fit:
    """A job with the reasons it fits or not: `fits` and `does_not_fit` hold the few that
    matter most (REASONS_SHOWN in all); `reasons` holds every one, the weightiest first."""

    vacancy: Vacancy
    fits: list[str] = field(default_factory=list)
    does_not_fit: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)


def _reasons(vacancy: WithAnnotations[Vacancy, FitAnnotations], resident: Resident):
    """Every reason, with its weight in the score, in the order the questions are asked."""
    offered = set(vacancy.time_options)
    needs = WEIGHTS["fit_needs"]
    for option in resident.time_options_needed:
        label = TimeOption(option).label
        if option in offered:
            yield Reason(f"{label.capitalize()}, as you asked", True, needs)
        else:
            yield Reason(f"Does not offer {label.lower()}", False, needs)
    if resident.time_options_needed and not vacancy.fit_needs and vacancy.fit_talk:
        yield Reason(
            "The employer is happy to talk about flexible working",
            True,
            _WEIGHT_OF_REASON["talk_instead"],
        )
    for option in resident.time_options_preferred:
        if option in offered:
            label = TimeOption(option).label.capitalize()
            yield Reason(f"{label}, which you would like", True, WEIGHTS["fit_preferred"])
    if resident.hours_min is not None and resident.hours_max is not None:
        # Only live vacancies are ranked, and those always have their hours.
        assert vacancy.hours_min is not None and vacancy.hours_max is not None
        hours = _hours(vacancy.hours_min, vacancy.hours_max)
        if vacancy.fit_hours:
            yield Reason(f"{hours} a week", True, WEIGHTS["fit_hours"])
        else:
            wanted = _hours(resident.hours_min, resident.hours_max)
            yield Reason(f"{hours} a week; you want {wanted}", False, WEIGHTS["fit_hours"])
    yield from _when_reasons(vacancy, resident)
    if resident.pay_needed_hourly and vacancy.pay_hourly_min is not None:
        pay, needed = pounds(vacancy.pay_hourly_min), pounds(resident.pay_needed_hourly)
        weight = WEIGHTS["fit_pay"]
        if vacancy.fit_pay:
            yield Reason(f"Pays at least {pay} an hour, what you need or more", True, weight)
        else:
            yield Reason(f"Pays from {pay} an hour; you need {needed}", False, weight)
    if resident.places_wanted:
        place = Place(vacancy.place).label
        if vacancy.fit_place:
            yield Reason(f"{place}, as you asked", True, WEIGHTS["fit_place"])
        else:
            yield Reason(f"{place}, not where you want to work", False, WEIGHTS["fit_place"])
    if vacancy.fit_sector:
        sector = Sector(vacancy.sector).label
        yield Reason(f"{sector}, work you are interested in", True, WEIGHTS["fit_sector"])
    if vacancy.fit_caring:
        words = "Term-time or school hours, which can fit around children"
        yield Reason(words, True, WEIGHTS["fit_caring"])
    if vacancy.fit_ward:
        yield Reason(f"In {Ward(vacancy.ward).label}, where you live", True, WEIGHTS["fit_ward"])
    if vacancy.fit_llw:
        yield Reason("Pays the London Living Wage", True, WEIGHTS["fit_llw"])


def _when_reasons(vacancy, resident: Resident):
    """Whether the days and times the job names are ones the resident can work."""
    pattern = vacancy.work_pattern
    if vacancy.fit_days and vacancy.fit_times:
        yield Reason(f"{pattern}: days and times you can work", True, WEIGHTS["fit_days"])
    elif vacancy.fit_days:
        yield Reason(f"{pattern}: days you can work", True, WEIGHTS["fit_days"])
    elif vacancy.fit_times:
        yield Reason(f"{pattern}: times you can work", True, WEIGHTS["fit_times"])
    if vacancy.fit_days_clash:
        days = [Day(code).label for code in work_pattern_days(pattern)]
        outside = [
            Day(code).label
            for code in work_pattern_days(pattern)
            if code not in resident.days_available
        ]
        yield Reason(
            f"Asks for {_listed(outside or days)}, when you cannot work",
            False,
            -WEIGHTS["fit_days_clash"],
        )
    if vacancy.fit_times_clash:
        parts = dict(Resident.DayPart.choices)
        outside = [
            str(parts[part]).lower()
            for part in work_pattern_times(pattern)
            if part not in resident.times_available
        ]
        yield Reason(
            f"Asks for {_listed(outside)} work, when you cannot work",
            False,
            -WEIGHTS["fit_times_clash"],
        )


def explain_fit(
    vacancy: WithAnnotations[Vacancy, FitAnnotations],
    resident: Resident,
    *,
    shown: int = REASONS_SHOWN,
) -> Fit:
    """Plain words for the annotations jobs_that_fit() computed: the `shown` weightiest."""
    reasons = sorted(_reasons(vacancy, resident), key=lambda reason: -reason.weight)
    fit = Fit(vacancy, reasons=reasons)
    for reason in reasons[:shown]:
        (fit.fits if reason.fits else fit.does_not_fit).append(reason.text)
    return fit


def jobs_that_fit_explained(
    *,
    resident: Resident,
    limit: int | None = FIT_PAGE_SIZE,
    vacancies: QuerySet[Vacancy] | None = None,
    shown: int = REASONS_SHOWN,
) -> list[Fit]:
    return [
        explain_fit(vacancy, resident, shown=shown)
        for vacancy in jobs_that_fit(resident=resident, limit=limit, vacancies=vacancies)
    ]
