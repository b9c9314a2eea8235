"""Building blocks for the work-coaching tests: residents put on a caseload the way the
portal does it, through its services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from residents.coaching.models import CaseloadEntry, Coach
from residents.coaching.services import consent as consent_services
from residents.models import Resident
from tests.residents.factories import OfflineResidentFactory


def on_caseload(coach: Coach, resident: Resident | None = None, **consent) -> CaseloadEntry:
    resident = resident or OfflineResidentFactory()
    consent_services.consent_record(
        resident=resident, provider=coach.provider, by=coach.user, **consent
    )
    return CaseloadEntry.objects.create(resident=resident, coach=coach, provider=coach.provider)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
