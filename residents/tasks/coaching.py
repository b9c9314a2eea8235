from __future__ import annotations

from celery import shared_task

from residents.services.coaching_reminders import overdue_actions_remind, sustainment_reminders_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def overdue_actions_remind_task() -> int:
    return overdue_actions_remind()


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def sustainment_reminders_send_task() -> int:
    return sustainment_reminders_send()
