from __future__ import annotations

from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from residents.coaching.services.reminders import overdue_actions_remind, sustainment_reminders_send


@shared_task(name="residents.coaching.tasks.overdue_actions_remind_task", **TASK_RETRY)
def overdue_actions_remind_task() -> int:
    return overdue_actions_remind()


@shared_task(name="residents.coaching.tasks.sustainment_reminders_send_task", **TASK_RETRY)
def sustainment_reminders_send_task() -> int:
    return sustainment_reminders_send()
