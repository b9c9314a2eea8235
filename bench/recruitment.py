"""Recruitment systems' figures, measured in this process against the configured database:
a batch of vacancies sent through the API one PUT each (then the same batch again, which
changes nothing), and the nightly Find a job file of every live vacancy.

    DJANGO_SETTINGS_MODULE=goodwork.settings DJANGO_DEBUG=true DATABASE_URL=<the bench database> \\
        .venv/bin/python -m bench.recruitment --vacancies 500

It adds one organisation with its vacancies to that database (named "Bench recruitment ...").
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
import uuid
from typing import Any

from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

UNLIMITED = "100000000/m/key"


def _payload(number: int) -> dict[str, Any]:
    return {
        "title": f"Care assistant {number}",
        "summary": "Support older people to live well at home.",
        "description": "We are looking for a caring person.\n\n- paid training",
        "sector": "health_care", "contract_type": "permanent",
        "hours_min": 16, "hours_max": 24 + number % 10, "pay_min": 15.5, "pay_period": "hour",
        "flexibility": "yes", "time_options": ["part_time", "term_time"], "postcode": "NW1 7JE",
        "closing_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "apply_url": f"https://jobs.example.org/apply/{number}",
    }


def api_import(*, vacancies: int = 500) -> dict[str, Any]:
    from employers.models import Membership, Organisation
    from employers.services.apikeys import api_key_create
    from goodwork.core.models import User

    tag = uuid.uuid4().hex[:8]
    owner = User.objects.create_user(email=f"bench-{tag}@example.org", password=None)
    organisation = Organisation.objects.create(
        name=f"Bench recruitment {tag}", slug=f"bench-recruitment-{tag}", sector="health_care",
        size_band="large", postcode="NW1 7JE",
    )
    Membership.objects.create(organisation=organisation, user=owner, role="owner")
    _api_key, key = api_key_create(organisation=organisation, name="bench", by=owner)
    client = Client(SERVER_NAME="127.0.0.1")
    headers = {"Authorization": f"Bearer {key}"}
    figures: dict[str, Any] = {"vacancies": vacancies}
    with override_settings(API_KEY_RATE_LIMIT=UNLIMITED):
        for label, expected in (("first", 201), ("again", 200)):
            started = time.perf_counter()
            for number in range(vacancies):
                response = client.put(
                    f"/api/v1/organisation/vacancies/BENCH-{number}",
                    data=json.dumps(_payload(number)), content_type="application/json",
                    headers=headers,
                )
                if response.status_code != expected:
                    raise RuntimeError(f"{label} PUT {number}: {response.status_code} "
                                       f"{response.content[:300]!r}")
            seconds = time.perf_counter() - started
            figures[f"{label}_seconds"] = round(seconds, 2)
            figures[f"{label}_per_second"] = round(vacancies / seconds, 1)
    return figures


def findajob_export() -> dict[str, Any]:
    from jobs.exports.findajob import findajob_xml

    started = time.perf_counter()
    content, count = findajob_xml()
    return {"live_vacancies": count, "seconds": round(time.perf_counter() - started, 2),
            "megabytes": round(len(content) / 1_000_000, 1)}


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=500)
    arguments = parser.parse_args()
    django.setup()
    print(json.dumps({"api_import": api_import(vacancies=arguments.vacancies),
                      "findajob_export": findajob_export()}, indent=2))


if __name__ == "__main__":
    main()
