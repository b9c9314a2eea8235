"""Telling residents that a job they shortlisted closed before its closing date."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from employers.services.email import email_send

# Small batches keep each transaction's row locks short while a large shortlist is emailed.
NOTIFY_BATCH_SIZE = 200


def shortlists_notify_closed_early(*, vacancy_id: int) -> int:
    """Email every resident who shortlisted the vacancy, once each. Returns how many were told.

    Rows are claimed with SKIP LOCKED and marked in the same transaction as the email is sent,
    so two workers never email the same resident and a retry only emails who is left.
    """
    from jobs.models import Vacancy
    from residents.models import Shortlist

    vacancy = Vacancy.objects.select_related("organisation").get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.CLOSED:
        return 0
    told = 0
    while True:
        with transaction.atomic():
            batch = list(
                Shortlist.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(vacancy_id=vacancy_id, closed_early_notified_at__isnull=True)
                .select_related("resident__user")[:NOTIFY_BATCH_SIZE]
            )
            if not batch:
                return told
            for shortlist in batch:
                if shortlist.resident.user is None:  # the resident deleted their account
                    continue
                email_send(
                    template="employers/email/vacancy_closed_early",
                    context={"vacancy": vacancy, "resident": shortlist.resident},
                    to=[shortlist.resident.user.email],
                )
            Shortlist.objects.filter(pk__in=[s.pk for s in batch]).update(
                closed_early_notified_at=timezone.now()
            )
            told += len(batch)
