"""Counting how often a job page is read, for employers' and the council's figures."""

from __future__ import annotations

from django.db.models import F

from jobs.models import Vacancy


def vacancy_record_view(*, vacancy_id: int) -> None:
    # One UPDATE with no read first: concurrent readers cannot lose each other's counts.
    Vacancy.objects.filter(pk=vacancy_id).update(view_count=F("view_count") + 1)
