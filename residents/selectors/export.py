"""Everything the portal keeps about a resident, for 'Download your data'.

The export is a list of sections; another part of the portal adds its own with
@export_section("key", "Title"). Each section function takes the resident and returns plain,
JSON-ready data (dicts, lists, strings, numbers) about that resident only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from residents.models import AlertDelivery, Resident, SavedSearch, Shortlist


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: str
    build: Callable[[Resident], Any]


EXPORT_SECTIONS: list[ExportSection] = []


def export_section(key: str, title: str):
    def register(function: Callable[[Resident], Any]):
        EXPORT_SECTIONS.append(ExportSection(key, title, function))
        return function

    return register


def isoformat_or_none(value) -> str | None:
    return value.isoformat() if value else None


def _decimal(value) -> str | None:
    return None if value is None else f"{value:f}"


@export_section("account", "Your account")
def _account(resident: Resident) -> dict:
    user = resident.user
    return {
        "email": user.email if user else resident.email,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "phone": resident.phone,
        "joined": isoformat_or_none(user.date_joined if user else resident.created_at),
        "last_signed_in": isoformat_or_none(user.last_login) if user else None,
    }


@export_section("profile", "What work fits your life")
def _profile(resident: Resident) -> dict:
    return {
        "postcode": resident.postcode,
        "ward": resident.ward,
        "hours_min": _decimal(resident.hours_min),
        "hours_max": _decimal(resident.hours_max),
        "days_available": resident.days_available,
        "times_available": resident.times_available,
        "flexible_working_needed": resident.time_options_needed,
        "flexible_working_preferred": resident.time_options_preferred,
        "places_wanted": resident.places_wanted,
        "sectors": resident.sectors,
        "pay_needed_hourly": _decimal(resident.pay_needed_hourly),
        "caring": resident.caring,
        "health_consent_given": isoformat_or_none(resident.health_consent_at),
        "health_condition": resident.health_condition,
        "profile_completed": isoformat_or_none(resident.profile_completed_at),
    }


@export_section("shortlist", "Your shortlist")
def _shortlist(resident: Resident) -> list[dict]:
    entries = Shortlist.objects.of_resident(resident).select_related("vacancy__organisation")
    return [
        {
            "job": entry.vacancy.title,
            "employer": entry.vacancy.organisation.name,
            "shortlisted": isoformat_or_none(entry.created_at),
            "applied": isoformat_or_none(entry.applied_at),
        }
        for entry in entries
    ]


def _searches(resident: Resident):
    if resident.user_id is None:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(owner_id=resident.user_id)


@export_section("saved_searches", "Your job alerts")
def _saved_searches(resident: Resident) -> list[dict]:
    return [
        {
            "name": search.name,
            "email": search.email,
            "frequency": search.frequency,
            "paused": search.paused,
            "confirmed": isoformat_or_none(search.confirmed_at),
            "unsubscribed": isoformat_or_none(search.unsubscribed_at),
            "unsubscribe_reason": search.unsubscribe_reason,
            "created": isoformat_or_none(search.created_at),
            "criteria": search.criteria_labels,
        }
        for search in _searches(resident)
    ]


@export_section("alerts_sent", "Jobs we emailed you about")
def _alerts_sent(resident: Resident) -> list[dict]:
    deliveries = (
        AlertDelivery.objects.sent()
        .filter(saved_search__in=_searches(resident))
        .select_related("saved_search", "vacancy")
        .order_by("-sent_at")
    )
    return [
        {"alert": d.saved_search.name, "job": d.vacancy.title, "sent": isoformat_or_none(d.sent_at)}
        for d in deliveries
    ]


def resident_data_export(*, resident: Resident) -> list[dict]:
    return [
        {"key": section.key, "title": section.title, "data": section.build(resident)}
        for section in EXPORT_SECTIONS
    ]
