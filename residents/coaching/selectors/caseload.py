"""Reads for work coaching that span models or take the coach's filters."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

import django_filters
from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat
from django.http import QueryDict
from django.utils import timezone

from goodwork.core.models import AuditEvent, User
from jobs.choices import Ward
from residents.coaching.models import (
    Action,
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Coach,
    Consent,
    JobOutcome,
    Provider,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)
from residents.models import Resident


class CaseloadFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Name", method="filter_name")
    status = django_filters.ChoiceFilter(
        label="Status", choices=CaseStatus.choices, empty_label="Any status"
    )
    barrier = django_filters.ChoiceFilter(
        label="Barrier",
        choices=BarrierKind.choices,
        method="filter_barrier",
        empty_label="Any barrier",
    )
    ward = django_filters.ChoiceFilter(
        label="Ward", field_name="resident__ward", choices=Ward.choices, empty_label="Any ward"
    )
    overdue = django_filters.BooleanFilter(
        label="Only with overdue actions",
        method="filter_overdue",
        widget=django_filters.widgets.forms.CheckboxInput,
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        empty_label=None,
        null_label=None,
        fields=(
            ("resident__last_name", "name"),
            ("next_action_due", "next_action"),
            ("last_contact", "last_contact"),
            ("started_at", "started"),
        ),
        field_labels={
            "name": "Name",
            "next_action": "Next action due",
            "last_contact": "Last contact",
            "started": "Date added",
            "-name": "Name (Z to A)",
            "-next_action": "Next action due (latest first)",
            "-last_contact": "Last contact (most recent first)",
            "-started": "Date added (newest first)",
        },
    )

    class Meta:
        model = CaseloadEntry
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = " ".join(value.split())
        if not value:
            return queryset
        return queryset.annotate(
            _full_name=Concat("resident__first_name", Value(" "), "resident__last_name")
        ).filter(_full_name__icontains=value)

    def filter_barrier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            resident__barriers__kind=value, resident__barriers__resolved_on__isnull=True
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(is_overdue=True) if value else queryset


def caseload_search(*, user: User, params: QueryDict) -> CaseloadFilter:
    queryset = (
        CaseloadEntry.objects.visible_to(user)
        .with_summary()
        .order_by("next_action_due", "resident__last_name")
    )
    return CaseloadFilter(params, queryset=queryset)


def entry_for(*, user: User, resident_id: int) -> CaseloadEntry | None:
    """The open, consented caseload entry through which this user may see the resident.
    A coach's own entry comes before one seen as a provider manager."""
    return (
        CaseloadEntry.objects.visible_to(user)
        .filter(resident_id=resident_id)
        .select_related("resident", "coach__user", "provider")
        .order_by(Case(When(coach__user=user, then=Value(0)), default=Value(1)), "-started_at")
        .first()
    )


def acting_coach(*, user: User, provider: Provider) -> Coach | None:
    return (
        Coach.objects.filter(user=user, provider=provider, active=True)
        .select_related("user", "provider")
        .first()
    )


def resident_record(*, entry: CaseloadEntry) -> dict:
    """Everything on the resident record page that a provider may see under the consent given."""
    resident, provider = entry.resident, entry.provider
    consent = Consent.objects.current().get(resident=resident, provider=provider)
    record: dict = {"entry": entry, "resident": resident, "consent": consent}
    record["history"] = (
        CaseloadEntry.objects.filter(resident=resident, provider=provider)
        .select_related("coach__user")
        .order_by("-started_at")
    )
    record["notes"] = CaseNote.objects.filter(resident=resident, provider=provider).select_related(
        "author__user"
    )
    record["barriers"] = resident.barriers.select_related("recorded_by__user").order_by(
        "resolved_on", "-identified_on"
    )
    if consent.shares_plan:
        record["actions"] = Action.objects.filter(
            resident=resident, provider=provider
        ).select_related("created_by__user")
        record["referrals"] = Referral.objects.filter(
            resident=resident, provider=provider
        ).select_related("vacancy__organisation", "coach__user")
        record["outcomes"] = JobOutcome.objects.filter(
            resident=resident, provider=provider
        ).prefetch_related(
            Prefetch("sustainment_checks", SustainmentCheck.objects.order_by("weeks"))
        )
        record["flexible_requests"] = resident.flexible_working_requests.select_related(
            "prepared_by__user"
        )
    return record


def resident_plan(*, resident: Resident) -> dict:
    actions = Action.objects.shared_with(resident).select_related("provider")
    consents = (
        Consent.objects.current().filter(resident=resident, shares_plan=True).values("provider_id")
    )
    referrals = Referral.objects.filter(resident=resident, provider__in=consents).select_related(
        "vacancy__organisation", "provider"
    )
    return {
        "open_actions": [a for a in actions if a.completed_at is None],
        "done_actions": [a for a in actions if a.completed_at is not None],
        "referrals": referrals,
        "consents": Consent.objects.current().filter(resident=resident).select_related("provider"),
        "entries": CaseloadEntry.objects.open()
        .filter(resident=resident)
        .select_related("coach__user", "provider"),
    }


def record_viewers(*, resident: Resident) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(resident_id=resident.pk).exclude(actor=resident.user_id).order_by("-at")
    )


def referral_counts_for_vacancies(vacancy_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Counts per vacancy and status, with 'total'. Employers see these numbers and nothing else."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Referral.objects.filter(vacancy_id__in=list(vacancy_ids))
        .values("vacancy_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        per = counts.setdefault(row["vacancy_id"], {"total": 0})
        per[row["status"]] = row["n"]
        per["total"] += row["n"]
    return counts


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
