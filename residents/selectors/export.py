"""Everything the portal keeps about a resident, for 'Download your data'.

The export is a list of sections; another part of the portal adds its own with
@export_section("key", "Title", covers=(Model, ...)). Each section function takes the resident
and returns plain, JSON-ready data (dicts, lists, strings, numbers) about that resident only.
``covers`` names the models whose rows the section shows: every model that points at a
resident or at their account is either covered by a section or listed in NOT_IN_EXPORT with
the reason, and a test holds the portal to that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from jobs.choices import Day, Place, Sector, TimeOption, Ward
from residents.models import AlertDelivery, Resident, SavedSearch, Shortlist

EMAIL_NOT_VERIFIED = (
    "Job alerts set up without signing in, to {email}, are not shown here until you confirm "
    "that this address is yours: anyone can type an address into the job alerts form. Confirm "
    "it on your account's email addresses page and they will be included."
)

# Models that point at a resident or at a user account but are not in the download, and why.
# Keyed by model label, so this module names no model of a layer above it.
NOT_IN_EXPORT: dict[str, str] = {
    "admin.LogEntry": (
        "Django's record of changes council officers make in the admin, about their own work; "
        "the changes to a resident's records are in the audit log, whose views of them are "
        "in 'Who viewed your record'."
    ),
    "employers.Membership": (
        "An employer member's link to their organisation: their work for the employer, shown "
        "on the employer's own pages, not data about them as a resident."
    ),
    "employers.Invitation": (
        "Who at an employer invited a colleague: about the employer's team, not a resident."
    ),
    "employers.Pledge": (
        "Who signed an employer's Fair Flexible Work pledge: the employer's commitment, "
        "published as the employer's."
    ),
    "jobs.Vacancy": "Who at an employer wrote a vacancy: the employer's data, not a resident's.",
    "employers.ApiKey": (
        "Which owner made or revoked a key for the employer's recruitment system: the "
        "employer's data, not a resident's."
    ),
    "employers.VacancyFeed": (
        "Which owner registered the employer's vacancy feed: the employer's data, not a "
        "resident's."
    ),
    "residents.Coach": (
        "A work coach's post at a provider: about the coach's job, not about a resident."
    ),
}


# -- How the 'Your data' page shows the export ----------------------------------------------
# The download keeps the values as stored (codes, ISO dates, decimals as strings), so it stays
# machine-readable; the page shows each in words. By key, across every section, so a section
# another part of the portal adds reads the same way.

# Codes and what they mean.
DISPLAY_CHOICES: dict[str, dict[str, str]] = {
    "ward": dict(Ward.choices),
    "days_available": dict(Day.choices),
    "times_available": dict(Resident.DayPart.choices),
    "flexible_working_needed": dict(TimeOption.choices),
    "flexible_working_preferred": dict(TimeOption.choices),
    "flexible_options": dict(TimeOption.choices),
    "places_wanted": dict(Place.choices),
    "sectors": dict(Sector.choices),
    "caring": dict(Resident.Caring.choices),
    "frequency": dict(SavedSearch.Frequency.choices),
    "unsubscribe_reason": dict(SavedSearch.UnsubscribeReason.choices),
}
# Numbers of hours a week, and amounts of pay an hour.
DISPLAY_HOURS_A_WEEK = frozenset({"hours_min", "hours_max", "hours_a_week"})
DISPLAY_POUNDS_AN_HOUR = frozenset({"pay_needed_hourly", "hourly_pay"})
# What an empty value means, where "Not given" would not say it.
DISPLAY_EMPTY: dict[str, str] = {
    "health_consent_given": "No",
    "profile_completed": "Not yet",
    "last_signed_in": "Never",
    "applied": "Not yet",
    "confirmed": "Not yet",
    "unsubscribed": "No",
    "withdrawn": "No",
    "done": "Not yet",
    "ended": "Not yet",
}
# Where a key's own words would not say what the value is.
DISPLAY_KEYS: dict[str, str] = {
    "hours_min": "Fewest hours a week",
    "hours_max": "Most hours a week",
    "pay_needed_hourly": "Pay you need",
    "flexible_working_needed": "Flexible working you need",
    "flexible_working_preferred": "Flexible working you would like",
    "health_consent_given": "You agreed to us keeping health information",
    "profile_completed": "Answered all the questions",
    "shortlisted": "Saved",
    "two_step_sign_in": "Two-step sign-in",
    "email_addresses": "Email addresses",
}


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: str
    build: Callable[[Resident], Any]
    covers: tuple[type[models.Model], ...] = ()


EXPORT_SECTIONS: list[ExportSection] = []


def export_section(key: str, title: str, *, covers: tuple[type[models.Model], ...] = ()):
    def register(function: Callable[[Resident], Any]):
        EXPORT_SECTIONS.append(ExportSection(key, title, function, covers))
        return function

    return register


def isoformat_or_none(value) -> str | None:
    return value.isoformat() if value else None


def decimal_or_none(value) -> str | None:
    return None if value is None else f"{value:f}"


@export_section("account", "Your account", covers=(Resident, EmailAddress, Authenticator))
def _account(resident: Resident) -> dict:
    user = resident.user
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email") if user else []
    # Whether each way of signing in is set up and when it was used, never its secret.
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at") if user else []
    return {
        "email": user.email if user else resident.email,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "phone": resident.phone,
        "joined": isoformat_or_none(user.date_joined if user else resident.created_at),
        "last_signed_in": isoformat_or_none(user.last_login) if user else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
        "two_step_sign_in": [
            {
                "method": authenticator.get_type_display(),
                "set_up": isoformat_or_none(authenticator.created_at),
                "last_used": isoformat_or_none(authenticator.last_used_at),
            }
            for authenticator in authenticators
        ],
    }


@export_section("profile", "What work fits your life", covers=(Resident,))
def _profile(resident: Resident) -> dict:
    return {
        "postcode": resident.postcode,
        "ward": resident.ward,
        "hours_min": decimal_or_none(resident.hours_min),
        "hours_max": decimal_or_none(resident.hours_max),
        "days_available": resident.days_available,
        "times_available": resident.times_available,
        "flexible_working_needed": resident.time_options_needed,
        "flexible_working_preferred": resident.time_options_preferred,
        "places_wanted": resident.places_wanted,
        "sectors": resident.sectors,
        "pay_needed_hourly": decimal_or_none(resident.pay_needed_hourly),
        "caring": resident.caring,
        "health_consent_given": isoformat_or_none(resident.health_consent_at),
        "health_condition": resident.health_condition,
        "profile_completed": isoformat_or_none(resident.profile_completed_at),
    }


@export_section("shortlist", "Your saved jobs", covers=(Shortlist,))
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


def _email_proven(resident: Resident) -> bool:
    user = resident.user
    return user is not None and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def _searches(resident: Resident) -> QuerySet[SavedSearch]:
    """The resident's saved searches: those their account owns, and those made without an
    account to an address the account has proven it holds. An address nobody proved could be
    anyone's: its alerts are not shown (EMAIL_NOT_VERIFIED says so)."""
    if resident.user_id is None:
        return SavedSearch.objects.none()
    proven = EmailAddress.objects.filter(
        user_id=resident.user_id, verified=True, email__iexact=OuterRef("email")
    )
    return SavedSearch.objects.filter(
        Q(owner_id=resident.user_id) | Q(Exists(proven), owner__isnull=True)
    ).order_by("-created_at", "-id")


@export_section("saved_searches", "Your job alerts", covers=(SavedSearch,))
def _saved_searches(resident: Resident) -> list[dict]:
    return [
        {
            "name": search.name,
            "email": search.email,
            "made_while_signed_in": search.owner_id is not None,
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


@export_section("alerts_sent", "Jobs we emailed you about", covers=(AlertDelivery,))
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


def resident_data_export_notes(*, resident: Resident) -> list[str]:
    """What the export leaves out for now, and why, in the resident's words."""
    if resident.user is None or _email_proven(resident):
        return []
    return [EMAIL_NOT_VERIFIED.format(email=resident.user.email)]
