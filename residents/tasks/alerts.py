"""Job alert tasks. Each takes ids, calls one service and owns its retries.

The services commit per email, so a retry carries on where the failed run stopped.
"""

from __future__ import annotations

from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from residents.services import alert_delivery as alerts


@shared_task(name="residents.tasks.alerts_match_vacancy_task", **TASK_RETRY)
def alerts_match_vacancy_task(vacancy_id: int) -> int:
    return alerts.alerts_match_vacancy(vacancy_id=vacancy_id)


@shared_task(name="residents.tasks.alerts_sweep_task", **TASK_RETRY)
def alerts_sweep_task() -> int:
    return alerts.alerts_sweep()


@shared_task(name="residents.tasks.alerts_send_daily_task", **TASK_RETRY)
def alerts_send_daily_task() -> int:
    return alerts.alerts_send_daily()


@shared_task(name="residents.tasks.alerts_send_weekly_task", **TASK_RETRY)
def alerts_send_weekly_task() -> int:
    return alerts.alerts_send_weekly()


@shared_task(name="residents.tasks.alerts_expire_task", **TASK_RETRY)
def alerts_expire_task() -> int:
    return alerts.alerts_expire()
