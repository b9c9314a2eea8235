"""Residents' figures for the council dashboard: counts made in SQL, one query each."""

from __future__ import annotations

import datetime

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth

from residents.models import AlertDelivery


def alerts_sent_by_month(
    *, starts_at: datetime.datetime, ends_before: datetime.datetime, ward: str = ""
) -> dict[datetime.date, int]:
    """Jobs sent in alerts from ``starts_at`` up to ``ends_before``, by the first day of the
    month they were sent in; months with none are left out. A ward narrows the count to
    vacancies in it."""
    deliveries = AlertDelivery.objects.filter(sent_at__gte=starts_at, sent_at__lt=ends_before)
    if ward:
        deliveries = deliveries.filter(vacancy__ward=ward)
    rows = (
        deliveries.annotate(month=TruncMonth("sent_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows}
