"""Reads that span models."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from employers.models import Organisation, Pledge, PledgeCheck
from goodwork.core.relations import related_model
from jobs.models import Vacancy

# Counts shown beside each vacancy on the dashboard: annotation name -> the vacancy's reverse
# relation from residents' records (read through it: employers sits below residents).
# Employers see these numbers, never who is behind them.
DASHBOARD_COUNTS: dict[str, tuple[str, dict]] = {
    "shortlist_count": ("shortlisted_by", {}),
    "alert_delivery_count": ("alert_deliveries", {"sent_at__isnull": False}),
    "referral_count": ("referrals", {}),
}


def _count_per_vacancy(relation: str, conditions: dict) -> Coalesce:
    # A correlated subquery per count: joining three one-to-many relations at once would
    # multiply their rows (shortlists x deliveries x referrals) before counting.
    # Reached through a relation, the model is typed only as Model; each of these has one
    # manager, `objects`, which is therefore its default manager.
    model = related_model(Vacancy, relation)
    counted = (
        model._default_manager.filter(vacancy=OuterRef("pk"), **conditions)
        .order_by().values("vacancy")
        .annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def vacancy_dashboard(*, organisation: Organisation) -> QuerySet:
    """Every vacancy of one organisation, with its counts, in one query."""
    return (
        Vacancy.objects.for_organisation(organisation)
        .annotate(**{
            name: _count_per_vacancy(label, conditions)
            for name, (label, conditions) in DASHBOARD_COUNTS.items()
        })
        .order_by("-updated_at", "-id")
    )


def pledged_organisations() -> QuerySet:
    active = Pledge.objects.active().filter(organisation=OuterRef("pk"))
    return (
        Organisation.objects.active()
        .pledged()
        .annotate(pledged_on=Subquery(active.values("signed_on")[:1]))
        .order_by("name")
    )


def procurement_rows() -> list[dict]:
    """Every organisation, its active pledge and its latest pledge check, for procurement."""
    active = Pledge.objects.active().filter(organisation=OuterRef("pk"))
    latest = PledgeCheck.objects.filter(organisation=OuterRef("pk")).order_by("-run_on")
    return list(
        Organisation.objects.annotate(
            pledge_signed_on=Subquery(active.values("signed_on")[:1]),
            pledge_version=Subquery(active.values("version__number")[:1]),
            latest_check_on=Subquery(latest.values("run_on")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_results=Subquery(latest.values("results")[:1]),
        )
        .order_by("name")
        .values(
            "name",
            "companies_house_number",
            "sector",
            "size_band",
            "living_wage_accredited",
            "suspended_at",
            "pledge_signed_on",
            "pledge_version",
            "latest_check_on",
            "latest_status",
            "latest_results",
        )
    )
