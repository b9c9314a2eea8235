"""Writes for the Flexible Jobs Index."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jobs.figures import flexible_jobs_index
from jobs.models import FlexibleJobsSnapshot


@transaction.atomic
def flexible_jobs_snapshot_take() -> FlexibleJobsSnapshot:
    """Record today's index. Taking it again the same day replaces the row, so a retried or
    repeated nightly run leaves one true figure for the day."""
    index = flexible_jobs_index()
    snapshot, _ = FlexibleJobsSnapshot.objects.update_or_create(
        taken_on=index.on,
        defaults={
            "taken_at": timezone.now(),
            "live_vacancies": index.overall.total,
            "living_wage_rate": index.living_wage_rate,
            "figures": index.as_snapshot_figures(),
        },
    )
    return snapshot
