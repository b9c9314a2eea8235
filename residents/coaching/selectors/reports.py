"""Reports for a provider's managers: the month's work, job starts and whether jobs lasted."""

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


def _month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def provider_report(*, provider: Provider, today: datetime.date | None = None) -> dict:
    """Per coach and overall, from one aggregate query per measure."""
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
            "sustained_13": 0,
            "due_13": 0,
            "sustained_26": 0,
            "due_26": 0,
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
        CaseNote.objects.filter(provider=provider, contact_on__gte=_month_start(today))
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
        JobOutcome.objects.filter(provider=provider)
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
        Referral.objects.filter(provider=provider)
        .values("coach_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if row["coach_id"] in rows:
            rows[row["coach_id"]]["referrals"][row["status"]] = row["n"]
    for row in (
        SustainmentCheck.objects.filter(job_outcome__provider=provider, recorded_at__isnull=False)
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
        "sustained_13": 0,
        "due_13": 0,
        "sustained_26": 0,
        "due_26": 0,
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
        row["referral_cells"] = [row["referrals"].get(value, 0) for value, _ in statuses]
        row["llw_share"] = _share(row["llw"], row["starts"])
        row["flexible_share"] = _share(row["flexible"], row["starts"])
    return {
        "rows": list(rows.values()),
        "totals": totals,
        "statuses": statuses,
        "month_start": _month_start(today),
    }


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None
