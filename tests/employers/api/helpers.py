"""Requests as a recruitment system makes them: JSON bodies, the key in the header."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.urls import reverse
from django.utils import timezone


def vacancy_payload(**changes: Any) -> dict[str, Any]:
    payload = {
        "title": "Care assistant",
        "summary": "Support older people to live well at home.",
        "description": "We are looking for a caring person.\n\n- paid training",
        "sector": "health_care",
        "contract_type": "permanent",
        "hours_min": 16,
        "hours_max": 24,
        "work_pattern": "Weekdays, 9am to 3pm",
        "pay_min": 15.5,
        "pay_max": 16.5,
        "pay_period": "hour",
        "flexibility": "yes",
        "time_options": ["part_time", "term_time"],
        "place": "on_site",
        "ward": "camden_town",
        "postcode": "NW1 7JE",
        "closing_date": (timezone.localdate() + datetime.timedelta(days=21)).isoformat(),
        "apply_url": "https://jobs.example.org/apply/123",
    }
    payload.update(changes)
    return {name: value for name, value in payload.items() if value is not ...}


def auth(key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"} if key else {}


def vacancy_url(reference: str) -> str:
    return reverse("api_v1:organisation_vacancy_put", kwargs={"reference": reference})


def put_vacancy(client, key: str | None, reference: str, payload: Any = None, *, raw=None):
    body = raw if raw is not None else json.dumps(vacancy_payload() if payload is None else payload)
    return client.put(
        vacancy_url(reference), data=body, content_type="application/json", headers=auth(key)
    )


def close_vacancy(client, key: str | None, reference: str):
    return client.post(
        reverse("api_v1:organisation_vacancy_close", kwargs={"reference": reference}),
        content_type="application/json", headers=auth(key),
    )
