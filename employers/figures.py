"""Employers' figures for the council dashboard: counts made in SQL, one query each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from employers.models import Organisation, Pledge, PledgeCheck


@dataclass(frozen=True)
class PledgeStatusCount:
    status: str
    label: str
    organisations: int


@dataclass(frozen=True)
class PledgedOrganisations:
    """Organisations pledged on a day, by the status of their latest pledge check on or before
    it (every status in order), and those not checked yet."""

    total: int
    statuses: list[PledgeStatusCount]
    unchecked: int


def pledged_organisations(*, on: datetime.date, ward: str = "") -> PledgedOrganisations:
    """Organisations with a pledge signed by the end of ``on`` and not withdrawn before then,
    counted by their latest check run on or before ``on``. A ward narrows the count to
    organisations in it."""
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
    )
    pledged = Pledge.objects.filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end_of_day),
        organisation=OuterRef("pk"),
        signed_on__lte=on,
    )
    latest = (
        PledgeCheck.objects.filter(organisation=OuterRef("pk"), run_on__lte=on)
        .order_by("-run_on")
        .values("status")[:1]
    )
    organisations = Organisation.objects.filter(Exists(pledged))
    if ward:
        organisations = organisations.filter(ward=ward)
    counts = organisations.annotate(latest=Subquery(latest)).aggregate(
        total=Count("id"),
        **{
            status.value: Count("id", filter=Q(latest=status.value))
            for status in PledgeCheck.Status
        },
        unchecked=Count("id", filter=Q(latest__isnull=True)),
    )
    return PledgedOrganisations(
        total=counts["total"],
        statuses=[
            PledgeStatusCount(status.value, status.label, counts[status.value])
            for status in PledgeCheck.Status
        ],
        unchecked=counts["unchecked"],
    )
