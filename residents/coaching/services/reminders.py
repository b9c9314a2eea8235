"""Reminders to work coaches: overdue actions (daily) and the 13-, 26- and 52-week job checks."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from residents.coaching.models import Action, CaseloadEntry, Coach, SustainmentCheck
from residents.coaching.services.email import send_coaching_email


def _current_coach(resident_field: str, provider_field: str) -> Subquery:
    return Subquery(
        CaseloadEntry.objects.open()
        .with_consent()
        .filter(resident=OuterRef(resident_field), provider=OuterRef(provider_field))
        .values("coach_id")[:1]
    )


def overdue_actions_remind(*, today: datetime.date | None = None) -> int:
    """One email per coach listing every overdue action on their caseload. Returns emails sent."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.overdue(today)
        .annotate(current_coach_id=_current_coach("resident_id", "provider_id"))
        .filter(current_coach_id__isnull=False)
        .select_related("resident")
        .order_by("due_on")
    )
    by_coach: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_coach[action.current_coach_id].append(action)
    coaches = Coach.objects.select_related("user").in_bulk(list(by_coach))
    for coach_id, coach_actions in by_coach.items():
        coach = coaches[coach_id]
        send_coaching_email(
            template="overdue_actions",
            to=coach.user.email,
            context={"coach": coach, "actions": coach_actions, "today": today},
        )
    return len(by_coach)


def sustainment_reminders_send(*, today: datetime.date | None = None, batch_size: int = 100) -> int:
    """Each due check's reminder is sent once: rows are claimed under a lock and marked in the
    same transaction, so a second run, or a second worker, finds nothing left to send."""
    today = today or timezone.localdate()
    sent = 0
    while True:
        with transaction.atomic():
            checks = list(
                SustainmentCheck.objects.due(today)
                .unreminded()
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("job_outcome__resident", "job_outcome__coach__user")
                .order_by("due_on", "pk")[:batch_size]
            )
            if not checks:
                return sent
            for check in checks:
                outcome = check.job_outcome
                entry = (
                    CaseloadEntry.objects.open()
                    .with_consent()
                    .filter(resident=outcome.resident_id, provider=outcome.provider_id)
                    .select_related("coach__user")
                    .first()
                )
                coach = entry.coach if entry else outcome.coach
                send_coaching_email(
                    template="sustainment_due",
                    to=coach.user.email,
                    context={
                        "coach": coach,
                        "check": check,
                        "outcome": outcome,
                        "resident": outcome.resident,
                    },
                )
                check.reminder_sent_at = timezone.now()
                check.save(update_fields=["reminder_sent_at", "updated_at"])
                sent += 1
