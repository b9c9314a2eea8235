"""Job alert tasks. Each takes ids, calls one service and owns its retries.

The services commit per email, so a retry carries on where the failed run stopped.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.db import DatabaseError

from residents.services import alert_delivery as alerts

RETRYABLE = (DatabaseError, SMTPException, OSError)
RETRY = {
    "acks_late": True,
    "autoretry_for": RETRYABLE,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="residents.tasks.alerts_match_vacancy_task", **RETRY)
def alerts_match_vacancy_task(vacancy_id: int) -> int:
    return alerts.alerts_match_vacancy(vacancy_id=vacancy_id)


@shared_task(name="residents.tasks.alerts_sweep_task", **RETRY)
def alerts_sweep_task() -> int:
    return alerts.alerts_sweep()


@shared_task(name="residents.tasks.alerts_send_daily_task", **RETRY)
def alerts_send_daily_task() -> int:
    return alerts.alerts_send_daily()


@shared_task(name="residents.tasks.alerts_send_weekly_task", **RETRY)
def alerts_send_weekly_task() -> int:
    return alerts.alerts_send_weekly()


@shared_task(name="residents.tasks.alerts_expire_task", **RETRY)
def alerts_expire_task() -> int:
    return alerts.alerts_expire()
