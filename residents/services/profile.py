"""Writes to a resident's own profile and shortlist."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.models import User
from jobs.models import Vacancy
from residents.models import Resident, Shortlist

PROFILE_FIELDS = {
    "postcode",
    "ward",
    "hours_min",
    "hours_max",
    "days_available",
    "times_available",
    "time_options_needed",
    "time_options_preferred",
    "places_wanted",
    "sectors",
    "pay_needed_hourly",
    "caring",
}
SHORTLIST_NOT_LIVE = "You can only shortlist a job that is open for applications."


@transaction.atomic
def resident_create_for_user(*, user: User) -> Resident:
    existing = Resident.objects.filter(user=user).first()
    if existing:
        return existing
    resident = Resident(
        user=user,
        first_name=user.first_name or user.email.split("@")[0],
        last_name=user.last_name,
        email=user.email,
        created_by=user,
    )
    resident.full_clean()
    resident.save()
    return resident


@transaction.atomic
def resident_profile_update(
    *, resident: Resident, changes: dict[str, Any], completed: bool = False
) -> Resident:
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(resident, name, value)
    if completed and resident.profile_completed_at is None:
        resident.profile_completed_at = timezone.now()
    resident.full_clean()
    resident.save()
    return resident


@transaction.atomic
def resident_health_update(*, resident: Resident, consent: bool, condition: str) -> Resident:
    """Withdrawing consent erases what was kept."""
    condition = condition.strip()
    if condition and not consent:
        raise ValidationError({"health_condition": "Consent is needed to keep health information."})
    if consent:
        resident.health_consent_at = resident.health_consent_at or timezone.now()
        resident.health_condition = condition
    else:
        resident.health_consent_at = None
        resident.health_condition = ""
    if resident.profile_completed_at is None:
        resident.profile_completed_at = timezone.now()
    resident.full_clean()
    resident.save()
    return resident


@transaction.atomic
def shortlist_add(*, resident: Resident, vacancy: Vacancy) -> Shortlist:
    if not Vacancy.objects.live().filter(pk=vacancy.pk).exists():
        raise ValidationError(SHORTLIST_NOT_LIVE)
    entry, _ = Shortlist.objects.get_or_create(resident=resident, vacancy=vacancy)
    return entry


@transaction.atomic
def shortlist_remove(*, entry: Shortlist) -> None:
    entry.delete()


@transaction.atomic
def shortlist_mark_applied(*, entry: Shortlist, applied: bool = True) -> Shortlist:
    entry.applied_at = timezone.now() if applied else None
    entry.save(update_fields=["applied_at", "updated_at"])
    return entry
