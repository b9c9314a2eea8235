"""Reads for work coaching that span models or take the coach's filters."""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.functions import Concat
from django.http import QueryDict

from goodwork.core.models import AuditEvent, User
from jobs.choices import Ward
from residents.coaching.models import (
    Action,
    Barrier,
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Coach,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    Provider,
    ProviderTransfer,
    Referral,
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

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def filter_barrier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Only barriers this user may see: the entry's own provider's, under its consent.
        barriers = Barrier.objects.visible_to(self.user).filter(
            resident=OuterRef("resident_id"),
            provider=OuterRef("provider_id"),
            kind=value,
            resolved_on__isnull=True,
        )
        return queryset.filter(Exists(barriers))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(is_overdue=True) if value else queryset


def caseload_search(*, user: User, params: QueryDict) -> CaseloadFilter:
    queryset = (
        CaseloadEntry.objects.visible_to(user)
        .with_summary(user)
        .order_by("next_action_due", "resident__last_name")
    )
    return CaseloadFilter(params, queryset=queryset, user=user)


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


def resident_record(*, entry: CaseloadEntry, user: User) -> dict:
    """Everything on the resident record page: the records of the entry's provider that
    ``user`` may see under the consent given to it (each through its visible_to)."""
    resident, provider = entry.resident, entry.provider
    consent = Consent.objects.current().get(resident=resident, provider=provider)
    record: dict = {"entry": entry, "resident": resident, "consent": consent}
    record["history"] = (
        CaseloadEntry.objects.filter(resident=resident, provider=provider)
        .select_related("coach__user")
        .order_by("-started_at")
    )

    def scoped(model):
        return model.objects.visible_to(user).of_entry(entry)

    record["notes"] = scoped(CaseNote).select_related("author__user")
    record["barriers"] = (
        scoped(Barrier)
        .select_related("recorded_by__user")
        .order_by("resolved_on", "-identified_on")
    )
    record["actions"] = scoped(Action).select_related("created_by__user")
    record["referrals"] = scoped(Referral).select_related("vacancy__organisation", "coach__user")
    record["outcomes"] = scoped(JobOutcome).select_related("referral__vacancy").prefetch_related(
        Prefetch(
            "sustainment_checks",
            SustainmentCheck.objects.visible_to(user).order_by("weeks"),
        )
    )
    record["flexible_requests"] = scoped(FlexibleWorkingRequest).select_related("prepared_by__user")
    record["transfers"] = (
        ProviderTransfer.objects.visible_to(user)
        .filter(resident=resident, from_provider=provider)
        .select_related("to_provider", "from_coach__user")
    )
    return record


def incoming_transfers(*, user: User) -> QuerySet[ProviderTransfer]:
    """Moves waiting to come to a provider the user coaches at."""
    posts = user.coach_roles.filter(active=True).values("provider_id")
    return (
        ProviderTransfer.objects.visible_to(user)
        .pending()
        .filter(to_provider__in=posts)
        .select_related("resident", "from_provider", "to_provider", "from_coach__user")
    )


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
        "transfers": ProviderTransfer.objects.filter(resident=resident)
        .pending()
        .select_related("from_provider", "to_provider"),
        "entries": CaseloadEntry.objects.open()
        .filter(resident=resident)
        .select_related("coach__user", "provider"),
    }


def record_viewers(*, resident: Resident) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(resident_id=resident.pk)
        .exclude(actor=resident.user_id)
        .order_by("-at")
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
