"""The Celery app for workers started by the job alert integration tests (`celery -A` this).

It is the portal's own app, with one addition for the test that kills a worker mid-batch:
while the file named by TEST_PAUSE_AFTER_CLAIM exists, each claim of an alert's deliveries
writes their ids to "<file>.claimed" and waits, inside the claim's transaction, until the test
deletes that file (or the first one). The test kills the worker there, holding the claim.
"""

import os
import time
from pathlib import Path

import django

django.setup()

from goodwork.celery import app  # noqa: E402
from residents.models import AlertDelivery  # noqa: E402
from residents.services import alert_delivery  # noqa: E402

__all__ = ["app"]

PAUSE_FILE = os.environ.get("TEST_PAUSE_AFTER_CLAIM", "")


def pause_after_claim(deliveries: list[AlertDelivery]) -> None:
    if not PAUSE_FILE or not Path(PAUSE_FILE).exists():
        return
    claimed = Path(f"{PAUSE_FILE}.claimed")
    partial = Path(f"{PAUSE_FILE}.partial")
    partial.write_text(",".join(str(d.pk) for d in deliveries))
    partial.rename(claimed)
    while claimed.exists() and Path(PAUSE_FILE).exists():
        time.sleep(0.05)


_claim_next_search = alert_delivery._claim_next_search


def claim_then_pause(*args, **kwargs) -> list[AlertDelivery]:
    deliveries = _claim_next_search(*args, **kwargs)
    if deliveries:
        pause_after_claim(deliveries)
    return deliveries


alert_delivery._claim_next_search = claim_then_pause
