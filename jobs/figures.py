"""Reads for the Flexible Jobs Index: every figure is a count made in SQL over live vacancies.

The index is made of one set of measures (how many live vacancies offer each flexible option,
any option, are happy to talk, pay the London Living Wage), counted overall and grouped by
sector, contract type and pay band. Each grouping is one GROUP BY query with conditional
aggregates (COUNT ... FILTER), so the page costs the same few queries however many vacancies
there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import models
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from jobs.choices import FLEXIBLE_PLACES, ContractType, Place, Sector, TimeOption
from jobs.models import FlexibleJobsSnapshot, LivingWageRate, Vacancy
from jobs.querysets import HAPPY_TO_TALK, OFFERS_CONCRETE_FLEXIBILITY, VacancyQuerySet

# Timewise, Flexible Jobs Index 2022: the share of UK job adverts that offered flexible working.
UK_REFERENCE_PERCENT = 30
UK_REFERENCE_SOURCE = "Timewise, Flexible Jobs Index 2022"

# Pay bands compare the lowest hourly pay with the London Living Wage rather than with fixed
# amounts in pounds, so the bands keep their meaning when the rate goes up each year.
ABOVE_LLW_FACTOR = Decimal("1.2")
TREND_MONTHS = 12


class PayBand(models.TextChoices):
    BELOW = "below", "Below the London Living Wage"
    LLW = "llw", "London Living Wage up to 20% above it"
    ABOVE = "above", "20% or more above the London Living Wage"


# Every measure, in the order the page shows flexible options.
OPTION_MEASURES: list[tuple[str, str]] = [
    *[(f"time_{option.value}", option.label) for option in TimeOption],
    (f"place_{Place.HYBRID.value}", Place.HYBRID.label),
    (f"place_{Place.REMOTE.value}", Place.REMOTE.label),
    ("any_flexible", "Any flexible option"),
    ("happy_to_talk", "Happy to talk about flexible working"),
]
PAYS_LLW = Q(pay_hourly_min__gte=F("llw_rate"))


def _measures() -> dict[str, Count]:
    measures: dict[str, Count] = {"total": Count("id")}
    for option in TimeOption:
        measures[f"time_{option.value}"] = Count(
            "id", filter=Q(time_options__contains=[option.value])
        )
    for place in FLEXIBLE_PLACES:
        measures[f"place_{place.value}"] = Count("id", filter=Q(place=place))
    measures["any_flexible"] = Count("id", filter=OFFERS_CONCRETE_FLEXIBILITY)
    measures["happy_to_talk"] = Count("id", filter=HAPPY_TO_TALK)
    measures["pays_llw"] = Count("id", filter=PAYS_LLW)
    return measures


def live_vacancies_with_pay_band() -> VacancyQuerySet:
    """Live vacancies with the London Living Wage they are judged against and their pay band.

    A vacancy is judged against the rate in force on the day it was published (as its
    ``pays_living_wage`` flag is), so a new rate does not turn yesterday's fair offer into a
    failing one before employers have had the chance to adopt it.
    """
    rate_at_publication = (
        LivingWageRate.objects.filter(effective_from__lte=OuterRef("published_on"))
        .order_by("-effective_from")
        .values("hourly_rate")[:1]
    )
    # A vacancy published before the first recorded rate is judged against the oldest one.
    oldest_rate = LivingWageRate.objects.order_by("effective_from").values("hourly_rate")[:1]
    return (
        Vacancy.objects.live()
        .annotate(published_on=TruncDate("published_at"))
        .annotate(
            llw_rate=Coalesce(Subquery(rate_at_publication), Subquery(oldest_rate)),
        )
        .annotate(
            pay_band=Case(
                When(pay_hourly_min__lt=F("llw_rate"), then=Value(PayBand.BELOW.value)),
                When(
                    pay_hourly_min__lt=F("llw_rate") * Value(ABOVE_LLW_FACTOR),
                    then=Value(PayBand.LLW.value),
                ),
                default=Value(PayBand.ABOVE.value),
                output_field=models.CharField(),
            ),
        )
    )


def percent(count: int, total: int) -> int | None:
    """A whole percentage, half rounded up, as the page and the CSV files show it."""
    if not total:
        return None
    return int(
        (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    )


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return self.counts.get("total", 0)

    def count(self, measure: str) -> int:
        return self.counts.get(measure, 0)

    def share(self, measure: str) -> int | None:
        return percent(self.count(measure), self.total)


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date
    counts: dict[str, int] | None
    taken_on: datetime.date | None
    is_today: bool = False

    @property
    def total(self) -> int | None:
        return None if self.counts is None else self.counts.get("total", 0)

    def share(self, measure: str) -> int | None:
        if self.counts is None:
            return None
        return percent(self.counts.get(measure, 0), self.counts.get("total", 0))


class FlexibleJobsIndex:
    """The index for today. Each part is counted the first time it is read, so a CSV file of
    one table costs only that table's query."""

    def __init__(self, *, on: datetime.date | None = None):
        self.on = on or timezone.localdate()

    @cached_property
    def living_wage_rate(self) -> Decimal | None:
        return LivingWageRate.objects.in_force_on(self.on)

    @cached_property
    def overall(self) -> GroupRow:
        return _overall(live_vacancies_with_pay_band())

    @cached_property
    def by_sector(self) -> list[GroupRow]:
        return _grouped(live_vacancies_with_pay_band(), "sector", Sector)

    @cached_property
    def by_contract_type(self) -> list[GroupRow]:
        return _grouped(live_vacancies_with_pay_band(), "contract_type", ContractType)

    @cached_property
    def by_pay_band(self) -> list[GroupRow]:
        # Every band is shown, even an empty one: "none below the Living Wage" is the news.
        counted = {
            row.key: row for row in _grouped(live_vacancies_with_pay_band(), "pay_band", PayBand)
        }
        return [
            counted.get(band.value, GroupRow(band.value, band.label, {"total": 0}))
            for band in PayBand
        ]

    @cached_property
    def trend(self) -> list[TrendPoint]:
        return flexible_jobs_trend(today=self.overall, on=self.on)

    def as_snapshot_figures(self) -> dict:
        return {
            "overall": self.overall.counts,
            "sector": {row.key: row.counts for row in self.by_sector},
            "contract_type": {row.key: row.counts for row in self.by_contract_type},
            "pay_band": {row.key: row.counts for row in self.by_pay_band},
        }


def _overall(queryset: VacancyQuerySet) -> GroupRow:
    return GroupRow("all", "All live vacancies", queryset.aggregate(**_measures()))


def _grouped(
    queryset: VacancyQuerySet, column: str, choices: type[models.TextChoices]
) -> list[GroupRow]:
    """One row per choice, in the choices' order; groups with no live vacancies are left out."""
    counted = {
        row.pop(column): row for row in queryset.order_by().values(column).annotate(**_measures())
    }
    return [
        GroupRow(choice.value, choice.label, counted[choice.value])
        for choice in choices
        if choice.value in counted
    ]


def flexible_jobs_trend(
    *, today: GroupRow, on: datetime.date | None = None, months: int = TREND_MONTHS
) -> list[TrendPoint]:
    """Month by month: the last snapshot taken in each month, and today's own figures for the
    current month (they are what that month's last snapshot will record if nothing changes).

    Months without a snapshot between the first one and now are kept, with no figures, so the
    gaps show rather than the months closing up.
    """
    on = on or timezone.localdate()
    this_month = on.replace(day=1)
    first_month = _add_months(this_month, -(months - 1))
    snapshots = (
        FlexibleJobsSnapshot.objects.filter(taken_on__gte=first_month, taken_on__lt=this_month)
        .annotate(month=TruncMonth("taken_on"))
        .order_by("month", "-taken_on")
        .distinct("month")
        .values("month", "taken_on", "figures")
    )
    by_month = {row["month"]: row for row in snapshots}
    start = min(by_month, default=this_month)
    points: list[TrendPoint] = []
    month = start
    while month < this_month:
        row = by_month.get(month)
        points.append(
            TrendPoint(
                month, row["figures"]["overall"] if row else None, row["taken_on"] if row else None
            )
        )
        month = _add_months(month, 1)
    points.append(TrendPoint(this_month, today.counts, on, is_today=True))
    return points


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def flexible_jobs_index(*, on: datetime.date | None = None) -> FlexibleJobsIndex:
    return FlexibleJobsIndex(on=on)


# -- The London Living Wage rate table in the admin ------------------------------------------


def living_wage_rates_with_use() -> models.QuerySet[LivingWageRate]:
    """Each rate with the day the next one took over and how many vacancies were published
    while it was in force: a rate that vacancies were judged against is history, not a draft."""
    next_rate = (
        LivingWageRate.objects.filter(effective_from__gt=OuterRef("effective_from"))
        .order_by("effective_from")
        .values("effective_from")[:1]
    )
    published_under = (
        Vacancy.objects.filter(published_at__isnull=False)
        .annotate(published_on=TruncDate("published_at"))
        .filter(
            published_on__gte=OuterRef("effective_from"),
            published_on__lt=OuterRef("in_force_until"),
        )
        .order_by()
        # COUNT as a plain function: an aggregate here would add a GROUP BY to the subquery.
        .annotate(n=Func("id", function="COUNT"))
        .values("n")
    )
    return LivingWageRate.objects.annotate(
        in_force_until=Coalesce(Subquery(next_rate), Value(datetime.date.max)),
    ).annotate(vacancies_published=Subquery(published_under, output_field=models.IntegerField()))


def latest_publication_on() -> datetime.date | None:
    latest = (
        Vacancy.objects.filter(published_at__isnull=False)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return timezone.localdate(latest) if latest else None


# -- The council dashboard's vacancy figures -------------------------------------------------


@dataclass(frozen=True)
class VacancyStatusCounts:
    status: str
    label: str
    now: int
    created: int
    published: int


def vacancies_by_status(
    *, starts_at: datetime.datetime, ends_before: datetime.datetime, ward: str = ""
) -> list[VacancyStatusCounts]:
    """Every status, in the choices' order: how many vacancies have it today, and how many of
    those were created and published from ``starts_at`` up to ``ends_before``. A ward narrows
    the count to vacancies in it. One query."""
    vacancies = Vacancy.objects.all()
    if ward:
        vacancies = vacancies.filter(ward=ward)
    rows = (
        vacancies.values("status")
        .annotate(
            now=Count("id"),
            created=Count("id", filter=Q(created_at__gte=starts_at, created_at__lt=ends_before)),
            published=Count(
                "id", filter=Q(published_at__gte=starts_at, published_at__lt=ends_before)
            ),
        )
        .order_by()
    )
    counted = {row["status"]: row for row in rows}
    return [
        VacancyStatusCounts(
            status=status,
            label=label,
            now=counted.get(status, {}).get("now", 0),
            created=counted.get(status, {}).get("created", 0),
            published=counted.get(status, {}).get("published", 0),
        )
        for status, label in Vacancy.Status.choices
    ]


def living_wage_rates_on(days: list[datetime.date]) -> list[Decimal | None]:
    """The London Living Wage in force on each day, in one query; None before the first
    recorded rate."""
    if not days:
        return []
    rates: list[tuple[datetime.date, Decimal]] = list(
        LivingWageRate.objects.filter(effective_from__lte=max(days))
        .order_by("effective_from")
        .values_list("effective_from", "hourly_rate")
    )
    return [next((rate for since, rate in reversed(rates) if since <= day), None) for day in days]
