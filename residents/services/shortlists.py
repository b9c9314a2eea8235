"""Telling residents that a job they shortlisted closed before its closing date."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from employers.services.email import email_send
from jobs.models import Vacancy
from residents.models import Shortlist


def shortlists_notify_closed_early(*, vacancy_id: int) -> int:
    """Email every resident who shortlisted the vacancy, once each. Returns how many were told.

    Each resident is claimed with SKIP LOCKED and marked in the same short transaction as their
    email is sent, so two workers never email the same resident, and a failure part-way
    through (a mail server error, a killed worker) leaves only the residents not yet told for
    the retry.
    """
    vacancy = Vacancy.objects.select_related("organisation").get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.CLOSED:
        return 0
    told = 0
    while True:
        with transaction.atomic():
            shortlist = (
                Shortlist.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(vacancy_id=vacancy_id, closed_early_notified_at__isnull=True)
                .select_related("resident__user")
                .order_by("pk")
                .first()
            )
            if shortlist is None:
                return told
            shortlist.closed_early_notified_at = timezone.now()
            shortlist.save(update_fields=["closed_early_notified_at", "updated_at"])
            if shortlist.resident.user is None:  # the resident deleted their account
                continue
            email_send(
                template="residents/email/vacancy_closed_early",
                context={"vacancy": vacancy, "resident": shortlist.resident},
                to=[shortlist.resident.user.email],
            )
            told += 1
