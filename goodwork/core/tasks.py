"""How every task retries, and how a service starts one once its transaction has committed."""

from __future__ import annotations

import logging
from smtplib import SMTPException
from typing import Any

from celery import current_app
from django.db import DatabaseError, transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a retry can mend: the database, the mail relay or the network was away for a moment.
# A bug (any other exception) fails at once and is logged, rather than being run eight times.
RETRYABLE: tuple[type[BaseException], ...] = (DatabaseError, SMTPException, OSError, BrokerError)

# Every task's options. acks_late: a task whose worker dies is delivered again, so services
# are written to be run twice (each claims its rows, and commits per step). The backoff grows
# from 5 s to 10 minutes, with jitter so that retries after an outage do not arrive together.
TASK_RETRY: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": RETRYABLE,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def task_send_on_commit(name: str, *args: Any) -> None:
    """Send the task called `name` once the current transaction commits.

    By name, so a lower layer can start work in a higher one without importing it. A broker
    that is down must not undo the write that asked for the work: the failure is logged, and
    each such task has a periodic sweep that finds what was not done.
    """

    def send() -> None:
        try:
            current_app.send_task(name, args=list(args))
        except Exception:
            logger.warning("Could not enqueue %s%r", name, tuple(args), exc_info=True)

    transaction.on_commit(send)
