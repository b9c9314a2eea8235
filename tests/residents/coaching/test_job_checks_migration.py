"""Job starts recorded before the 52-week check existed are given one by the migration."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from residents.coaching.models import SustainmentCheck
from tests.residents.coaching.factories import JobOutcomeFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "residents.migrations.0005_job_checks_at_52_weeks_and_status_dates"
)


def test_each_earlier_job_start_gets_one_52_week_check_a_year_on():
    earlier = JobOutcomeFactory(start_date=datetime.date(2025, 3, 3), week_52_check=None)
    recent = JobOutcomeFactory(start_date=datetime.date(2026, 3, 2))
    migration.add_52_week_checks(apps, None)
    migration.add_52_week_checks(apps, None)
    assert list(
        SustainmentCheck.objects.filter(weeks=52).order_by("due_on").values_list(
            "job_outcome", "due_on"
        )
    ) == [
        (earlier.pk, datetime.date(2026, 3, 2)),
        (recent.pk, recent.sustainment_checks.get(weeks=52).due_on),
    ]
