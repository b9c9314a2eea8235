"""Work coaching's figures for the council dashboard: counts made in SQL, one query each.

Every figure takes the dashboard's filters as keyword arguments: the period, and optionally a
provider and a ward (the ward the resident lives in; an empty ward counts every ward).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from residents.coaching.models import CaseloadEntry, JobOutcome, Provider, SustainmentCheck


def _narrowed(
    provider: Provider | None,
    ward: str,
    *,
    resident_path: str = "resident",
    provider_path: str = "provider",
) -> Q:
    condition = Q()
    if provider is not None:
        condition &= Q(**{provider_path: provider})
    if ward:
        condition &= Q(**{f"{resident_path}__ward": ward})
    return condition


def providers_by_name() -> list[Provider]:
    """Every provider, by name, with only what a list of them shows."""
    return list(Provider.objects.order_by("name").only("pk", "name"))


# -- Residents supported ---------------------------------------------------------------------


@dataclass(frozen=True)
class Supported:
    """Residents with a caseload entry open at any time in the period, and those of them whose
    entry started in it."""

    supported: int = 0
    new: int = 0


def _entries(
    starts_at: datetime.datetime,
    ends_before: datetime.datetime,
    provider: Provider | None,
    ward: str,
) -> QuerySet[CaseloadEntry]:
    return CaseloadEntry.objects.filter(
        Q(started_at__lt=ends_before),
        Q(ended_at__isnull=True) | Q(ended_at__gte=starts_at),
        _narrowed(provider, ward),
    ).order_by()


def _supported_measures(starts_at: datetime.datetime) -> dict[str, Count]:
    return {
        "supported": Count("resident_id", distinct=True),
        "new": Count("resident_id", distinct=True, filter=Q(started_at__gte=starts_at)),
    }


def supported_by_provider(
    *,
    starts_at: datetime.datetime,
    ends_before: datetime.datetime,
    provider: Provider | None = None,
    ward: str = "",
) -> dict[int, Supported]:
    """Residents supported from ``starts_at`` up to ``ends_before``, by provider id; providers
    with nobody supported are left out."""
    rows = (
        _entries(starts_at, ends_before, provider, ward)
        .values("provider_id")
        .annotate(**_supported_measures(starts_at))
    )
    return {row["provider_id"]: Supported(row["supported"], row["new"]) for row in rows}


def supported_by_ward(
    *,
    starts_at: datetime.datetime,
    ends_before: datetime.datetime,
    provider: Provider | None = None,
    ward: str = "",
) -> dict[str, Supported]:
    """Residents supported from ``starts_at`` up to ``ends_before``, by the ward they live in
    ("" for not known). A resident lives in one ward, so the wards add up to each resident
    counted once, even one supported by two providers in the period."""
    rows = (
        _entries(starts_at, ends_before, provider, ward)
        .values("resident__ward")
        .annotate(**_supported_measures(starts_at))
    )
    return {row["resident__ward"]: Supported(row["supported"], row["new"]) for row in rows}


# -- Job starts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobStarts:
    """Job starts of one provider's residents in one ward: all of them, those paying at least
    the London Living Wage, and those offering a flexible option."""

    provider_id: int
    ward: str
    starts: int
    llw: int
    flexible: int


def job_starts(
    *,
    start: datetime.date,
    end: datetime.date,
    provider: Provider | None = None,
    ward: str = "",
) -> list[JobStarts]:
    """Job starts from ``start`` to ``end`` (both included), grouped by provider and ward; any
    total is a sum of these."""
    rows = (
        JobOutcome.objects.filter(
            _narrowed(provider, ward), start_date__gte=start, start_date__lte=end
        )
        .values("provider_id", "resident__ward")
        .annotate(
            starts=Count("id"),
            llw=Count("id", filter=Q(living_wage_rate__isnull=False, below_living_wage=False)),
            flexible=Count("id", filter=~Q(flexible_options=[])),
        )
        .order_by()
    )
    return [
        JobStarts(
            provider_id=row["provider_id"],
            ward=row["resident__ward"],
            starts=row["starts"],
            llw=row["llw"],
            flexible=row["flexible"],
        )
        for row in rows
    ]


# -- Sustainment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SustainmentCounts:
    weeks: int
    label: str
    due: int
    recorded: int
    lasted: int


def sustainment_checks_due(
    *,
    start: datetime.date,
    end: datetime.date,
    provider: Provider | None = None,
    ward: str = "",
    today: datetime.date | None = None,
) -> list[SustainmentCounts]:
    """Sustainment checks that fell due from ``start`` to ``end`` and are due by today, for
    every milestone in order: how many, how many were recorded, and how many of those found
    the resident still in work."""
    today = today or timezone.localdate()
    rows = (
        SustainmentCheck.objects.filter(
            _narrowed(
                provider,
                ward,
                resident_path="job_outcome__resident",
                provider_path="job_outcome__provider",
            ),
            due_on__gte=start,
            due_on__lte=min(end, today),
        )
        .values("weeks")
        .annotate(
            due=Count("id"),
            recorded=Count("id", filter=Q(recorded_at__isnull=False)),
            lasted=Count("id", filter=Q(recorded_at__isnull=False, still_in_work=True)),
        )
        .order_by()
    )
    counted = {row["weeks"]: row for row in rows}
    return [
        SustainmentCounts(
            weeks=milestone.value,
            label=milestone.label,
            due=counted.get(milestone.value, {}).get("due", 0),
            recorded=counted.get(milestone.value, {}).get("recorded", 0),
            lasted=counted.get(milestone.value, {}).get("lasted", 0),
        )
        for milestone in SustainmentCheck.Milestone
    ]


# -- In-work poverty -------------------------------------------------------------------------


@dataclass(frozen=True)
class InWork:
    """On one day: residents in work after a job start, those at risk of in-work poverty
    (paid below the rate of that day or working fewer hours than they want), and each cause."""

    on: datetime.date
    in_work: int
    at_risk: int
    below_llw: int
    fewer_hours: int


def in_work_poverty(
    *,
    days: list[tuple[datetime.date, Decimal | None]],
    provider: Provider | None = None,
    ward: str = "",
) -> list[InWork]:
    """For each (day, London Living Wage in force that day), in one query over the job starts.

    A resident is in work from a job start until a sustainment check that fell due records
    them as no longer in work. On a day with no rate (before the first recorded one) nobody
    is counted as paid below it.
    """
    if not days:
        return []
    left_on = (
        SustainmentCheck.objects.filter(
            job_outcome=OuterRef("pk"), recorded_at__isnull=False, still_in_work=False
        )
        .order_by("due_on")
        .values("due_on")[:1]
    )
    measures: dict[str, Count] = {}
    for n, (on, rate) in enumerate(days):
        in_work = Q(start_date__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))
        fewer = Q(fewer_hours_than_wanted=True)
        at_risk = fewer
        measures[f"in_work_{n}"] = Count("resident_id", distinct=True, filter=in_work)
        measures[f"fewer_{n}"] = Count("resident_id", distinct=True, filter=in_work & fewer)
        if rate is not None:
            below = Q(hourly_pay__lt=rate)
            at_risk = below | fewer
            measures[f"below_{n}"] = Count("resident_id", distinct=True, filter=in_work & below)
        measures[f"at_risk_{n}"] = Count("resident_id", distinct=True, filter=in_work & at_risk)
    counts = (
        JobOutcome.objects.filter(
            _narrowed(provider, ward), start_date__lte=max(on for on, _ in days)
        )
        .annotate(left_on=Subquery(left_on))
        .aggregate(**measures)
    )
    return [
        InWork(
            on=on,
            in_work=counts[f"in_work_{n}"],
            at_risk=counts[f"at_risk_{n}"],
            below_llw=counts.get(f"below_{n}", 0),
            fewer_hours=counts[f"fewer_{n}"],
        )
        for n, (on, _) in enumerate(days)
    ]
