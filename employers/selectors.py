"""Reads that span models."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from employers.models import Organisation, Pledge, PledgeCheck

# Counts shown beside each vacancy on the dashboard: annotation name -> reverse relation on
# Vacancy. Each is counted DISTINCT so the joins for several relations do not multiply.
# Alert deliveries and coach referrals join the same way once their models exist:
#     "alert_delivery_count": "alert_deliveries",
#     "referral_count": "referrals",
DASHBOARD_COUNTS = {
    "shortlist_count": "shortlisted_by",
}


def vacancy_dashboard(*, organisation: Organisation) -> QuerySet:
    """Every vacancy of one organisation, with its counts, in one query."""
    from jobs.models import Vacancy

    return (
        Vacancy.objects.for_organisation(organisation)
        .annotate(
            **{name: Count(relation, distinct=True) for name, relation in DASHBOARD_COUNTS.items()}
        )
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
