"""Reports for a provider's managers: a period's work, job starts and whether jobs lasted."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from residents.coaching.models import (
    Action,
    CaseloadEntry,
    CaseNote,
    Coach,
    JobOutcome,
    Provider,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)

MILESTONES = SustainmentCheck.Milestone.values


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """This month and the two before it, to today."""
    today = today or timezone.localdate()
    month, year = today.month - 2, today.year
    if month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1), today


def _within(path: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    bounds = Q()
    if start is not None:
        bounds &= Q(**{f"{path}__gte": start})
    if end is not None:
        bounds &= Q(**{f"{path}__lte": end})
    return bounds


def provider_report(
    *,
    provider: Provider,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> dict:
    """Per coach and overall, from one aggregate query per measure. The caseload and overdue
    actions are as they are today; contacts, suggested jobs and job starts are those of the
    period (from ``start`` to ``end``, both included; unbounded where not given), and the
    checks are those that fell due in it and were recorded."""
    today = today or timezone.localdate()
    coaches = list(
        Coach.objects.filter(provider=provider).select_related("user").order_by("user__last_name")
    )
    rows: dict[int, dict] = {
        c.pk: {
            "coach": c,
            "caseload": 0,
            "contacts": 0,
            "overdue": 0,
            "starts": 0,
            "llw": 0,
            "flexible": 0,
            "referrals": defaultdict(int),
            **_milestone_counts(),
        }
        for c in coaches
    }

    def merge(queryset, key: str, **fields) -> None:
        for row in queryset:
            target = rows.get(row[key])
            if target is not None:
                for name, source in fields.items():
                    target[name] = row[source]

    entries = CaseloadEntry.objects.open().with_consent().filter(provider=provider)
    merge(entries.values("coach_id").annotate(n=Count("id")).order_by(), "coach_id", caseload="n")
    merge(
        CaseNote.objects.filter(_within("contact_on", start, end), provider=provider)
        .values("author_id")
        .annotate(n=Count("id"))
        .order_by(),
        "author_id",
        contacts="n",
    )
    current_coach = Subquery(
        entries.filter(resident=OuterRef("resident_id")).values("coach_id")[:1]
    )
    merge(
        Action.objects.overdue(today)
        .filter(provider=provider)
        .annotate(current=current_coach)
        .values("current")
        .annotate(n=Count("id"))
        .order_by(),
        "current",
        overdue="n",
    )
    merge(
        JobOutcome.objects.filter(_within("start_date", start, end), provider=provider)
        .values("coach_id")
        .annotate(
            n=Count("id"),
            llw=Count("id", filter=Q(living_wage_rate__isnull=False, below_living_wage=False)),
            flexible=Count("id", filter=~Q(flexible_options=[])),
        )
        .order_by(),
        "coach_id",
        starts="n",
        llw="llw",
        flexible="flexible",
    )
    for row in (
        Referral.objects.filter(_within("created_at__date", start, end), provider=provider)
        .values("coach_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if row["coach_id"] in rows:
            rows[row["coach_id"]]["referrals"][row["status"]] = row["n"]
    for row in (
        SustainmentCheck.objects.filter(
            _within("due_on", start, end), job_outcome__provider=provider, recorded_at__isnull=False
        )
        .values("job_outcome__coach_id", "weeks")
        .annotate(due=Count("id"), lasted=Count("id", filter=Q(still_in_work=True)))
        .order_by()
    ):
        target = rows.get(row["job_outcome__coach_id"])
        if target is not None:
            target[f"due_{row['weeks']}"] = row["due"]
            target[f"sustained_{row['weeks']}"] = row["lasted"]

    totals: dict = {
        "caseload": 0,
        "contacts": 0,
        "overdue": 0,
        "starts": 0,
        "llw": 0,
        "flexible": 0,
        "referrals": defaultdict(int),
        **_milestone_counts(),
    }
    for row in rows.values():
        for name, value in row.items():
            if name == "referrals":
                for status, n in value.items():
                    totals["referrals"][status] += n
            elif name != "coach":
                totals[name] += value
    statuses = ReferralStatus.choices
    for row in [*rows.values(), totals]:
        row["referral_counts"] = [
            (label, row["referrals"].get(value, 0)) for value, label in statuses
        ]
        row["referrals_total"] = sum(row["referrals"].values())
        row["llw_share"] = _share(row["llw"], row["starts"])
        row["flexible_share"] = _share(row["flexible"], row["starts"])
        row["checks"] = [
            (weeks, row[f"sustained_{weeks}"], row[f"due_{weeks}"]) for weeks in MILESTONES
        ]
    return {
        "rows": list(rows.values()),
        "totals": totals,
        "statuses": statuses,
        "start": start,
        "end": end,
    }


def _milestone_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for weeks in MILESTONES:
        counts[f"sustained_{weeks}"] = counts[f"due_{weeks}"] = 0
    return counts


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


REPORT_CSV_HEADER = [
    "Provider",
    "Work coach",
    "From",
    "To",
    "On the caseload now",
    "Contacts",
    "Overdue actions now",
    *[f"Jobs suggested: {label.lower()}" for _, label in ReferralStatus.choices],
    "Job starts",
    "Job starts paying the London Living Wage",
    "Job starts with flexible options",
    *[
        heading
        for weeks in MILESTONES
        for heading in (f"{weeks}-week checks recorded", f"{weeks}-week checks still in work")
    ],
]


def report_csv_rows(provider: Provider, report: dict) -> list[list[object]]:
    """The report's figures, a row per work coach and one for them all, as REPORT_CSV_HEADER
    names them."""
    labelled = [(row["coach"].user.display_name, row) for row in report["rows"]]
    labelled.append(("All work coaches", report["totals"]))
    return [
        [
            provider.name,
            name,
            report["start"],
            report["end"],
            row["caseload"],
            row["contacts"],
            row["overdue"],
            *[n for _, n in row["referral_counts"]],
            row["starts"],
            row["llw"],
            row["flexible"],
            *[n for _, lasted, recorded in row["checks"] for n in (recorded, lasted)],
        ]
        for name, row in labelled
    ]
