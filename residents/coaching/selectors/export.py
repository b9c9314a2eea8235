"""Coaching's sections of a resident's data download, added to the residents' export.

The resident sees everything every provider recorded about them, whatever their consent now
covers: consent decides what a provider's staff may see, not what the resident may. That
includes health and convictions barriers, which a coach sees only under health consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch

from goodwork.core.models import AuditEvent, User
from residents.coaching.models import (
    Action,
    Barrier,
    CaseloadEntry,
    CaseNote,
    Coach,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    ProviderTransfer,
    Referral,
    SustainmentCheck,
)
from residents.coaching.selectors.caseload import record_viewers
from residents.models import Resident
from residents.selectors.export import decimal_or_none, export_section, isoformat_or_none


def _person(user: User | None, resident: Resident) -> str:
    """Who did something: "You" for the resident's own account."""
    if user is None:
        return ""
    return "You" if user.pk == resident.user_id else user.display_name


def _coach(coach: Coach | None) -> str:
    return coach.user.display_name if coach is not None else ""


@export_section("consents", "Who you agreed to share your information with", covers=(Consent,))
def _consents(resident: Resident) -> list[dict]:
    consents = (
        Consent.objects.filter(resident=resident)
        .select_related("provider", "given_by", "withdrawn_by")
        .order_by("-given_at", "-id")
    )
    return [
        {
            "provider": consent.provider.name,
            "shares_profile_and_goals": consent.shares_profile,
            "shares_health_disability_and_convictions": consent.shares_health,
            "shares_action_plan_and_referrals": consent.shares_plan,
            "given": isoformat_or_none(consent.given_at),
            "how_it_was_given": consent.get_method_display(),
            "recorded_by": _person(consent.given_by, resident),
            "withdrawn": isoformat_or_none(consent.withdrawn_at),
            "withdrawn_by": _person(consent.withdrawn_by, resident),
        }
        for consent in consents
    ]


@export_section("caseload", "Your work coaches and your goals", covers=(CaseloadEntry,))
def _caseload(resident: Resident) -> list[dict]:
    entries = (
        CaseloadEntry.objects.filter(resident=resident)
        .select_related("provider", "coach__user")
        .order_by("-started_at", "-id")
    )
    return [
        {
            "provider": entry.provider.name,
            "work_coach": _coach(entry.coach),
            "status": entry.get_status_display(),
            "goals": entry.goals,
            "started": isoformat_or_none(entry.started_at),
            "ended": isoformat_or_none(entry.ended_at),
            "why_it_ended": entry.end_reason,
        }
        for entry in entries
    ]


@export_section("case_notes", "Notes your work coach wrote", covers=(CaseNote,))
def _case_notes(resident: Resident) -> list[dict]:
    notes = (
        CaseNote.objects.filter(resident=resident)
        .select_related("provider", "author__user")
        .order_by("-contact_on", "-created_at")
    )
    return [
        {
            "date": note.contact_on.isoformat(),
            "contact": note.get_contact_type_display(),
            "note": note.text,
            "written_by": _coach(note.author),
            "provider": note.provider.name,
        }
        for note in notes
    ]


@export_section(
    "barriers",
    "What makes work harder for you, as your work coach recorded it",
    covers=(Barrier,),
)
def _barriers(resident: Resident) -> list[dict]:
    barriers = (
        Barrier.objects.filter(resident=resident)
        .select_related("provider", "recorded_by__user")
        .order_by("resolved_on", "-identified_on", "-id")
    )
    return [
        {
            "barrier": barrier.get_kind_display(),
            "note": barrier.note,
            "since": barrier.identified_on.isoformat(),
            "no_longer_applies": isoformat_or_none(barrier.resolved_on),
            "recorded_by": _coach(barrier.recorded_by),
            "provider": barrier.provider.name,
        }
        for barrier in barriers
    ]


@export_section("actions", "Your action plan, agreed with your work coach", covers=(Action,))
def _actions(resident: Resident) -> list[dict]:
    actions = (
        Action.objects.filter(resident=resident)
        .select_related("provider", "created_by__user", "completed_by")
        .order_by("due_on", "id")
    )
    return [
        {
            "action": action.description,
            "whose": action.get_owner_display(),
            "due": action.due_on.isoformat(),
            "done": isoformat_or_none(action.completed_at),
            "marked_done_by": _person(action.completed_by, resident),
            "agreed_with": _coach(action.created_by),
            "provider": action.provider.name,
        }
        for action in actions
    ]


@export_section("referrals", "Jobs your work coach suggested", covers=(Referral,))
def _referrals(resident: Resident) -> list[dict]:
    referrals = (
        Referral.objects.filter(resident=resident)
        .select_related("vacancy__organisation", "provider", "coach__user")
        .order_by("-created_at")
    )
    return [
        {
            "job": referral.vacancy.title,
            "employer": referral.vacancy.organisation.name,
            "provider": referral.provider.name,
            "work_coach": _coach(referral.coach),
            "why": referral.message,
            "your_answer": referral.get_response_display() if referral.response else "",
            "status": referral.get_status_display(),
            "suggested": isoformat_or_none(referral.created_at),
        }
        for referral in referrals
    ]


@export_section(
    "job_outcomes",
    "Jobs you started, and whether they lasted",
    covers=(JobOutcome, SustainmentCheck),
)
def _job_outcomes(resident: Resident) -> list[dict]:
    outcomes = (
        JobOutcome.objects.filter(resident=resident)
        .select_related("provider", "coach__user")
        .prefetch_related(
            Prefetch("sustainment_checks", SustainmentCheck.objects.order_by("weeks"))
        )
        .order_by("-start_date", "-id")
    )
    return [
        {
            "job": outcome.job_title,
            "employer": outcome.employer_name,
            "started": outcome.start_date.isoformat(),
            "hours_a_week": decimal_or_none(outcome.hours_per_week),
            "hourly_pay": decimal_or_none(outcome.hourly_pay),
            "contract": outcome.get_contract_type_display(),
            "flexible_options": outcome.flexible_options,
            "paid_below_the_london_living_wage": outcome.below_living_wage,
            "fewer_hours_than_you_wanted": outcome.fewer_hours_than_wanted,
            "work_coach": _coach(outcome.coach),
            "provider": outcome.provider.name,
            "checks": [
                {
                    "after": check.get_weeks_display(),
                    "due": check.due_on.isoformat(),
                    "recorded": isoformat_or_none(check.recorded_at),
                    "still_in_work": check.still_in_work,
                    "hours_a_week": decimal_or_none(check.hours_per_week),
                    "hourly_pay": decimal_or_none(check.hourly_pay),
                }
                for check in outcome.sustainment_checks.all()
            ],
        }
        for outcome in outcomes
    ]


@export_section(
    "flexible_working_requests",
    "Flexible working requests you made with your work coach",
    covers=(FlexibleWorkingRequest,),
)
def _flexible_working_requests(resident: Resident) -> list[dict]:
    requests = (
        FlexibleWorkingRequest.objects.filter(resident=resident)
        .select_related("provider", "prepared_by__user")
        .order_by("-created_at")
    )
    return [
        {
            "employer": request.employer_name,
            "start_date": request.start_date.isoformat(),
            "prepared": isoformat_or_none(request.created_at),
            "prepared_with": _coach(request.prepared_by),
            "provider": request.provider.name,
            "answers": request.answers,
            "letter": request.letter,
        }
        for request in requests
    ]


@export_section("provider_transfers", "Moves to another provider", covers=(ProviderTransfer,))
def _provider_transfers(resident: Resident) -> list[dict]:
    transfers = (
        ProviderTransfer.objects.filter(resident=resident)
        .select_related("from_provider", "to_provider", "from_coach__user", "decided_by")
        .order_by("-created_at")
    )
    return [
        {
            "from": transfer.from_provider.name,
            "to": transfer.to_provider.name,
            "suggested_by": _coach(transfer.from_coach),
            "why": transfer.reason,
            "status": transfer.get_status_display(),
            "suggested": isoformat_or_none(transfer.created_at),
            "decided": isoformat_or_none(transfer.decided_at),
            "decided_by": _person(transfer.decided_by, resident),
        }
        for transfer in transfers
    ]


def _viewer_provider(actor: User | None, consented: set[int]) -> str:
    """Where the viewer works: for a work coach, their posts at providers the resident shared
    their record with (or all their posts, if none of those); for a council officer, the
    council."""
    if actor is None:
        return ""
    posts = list(actor.coach_roles.all())
    through = [post for post in posts if post.provider_id in consented] or posts
    if through:
        return ", ".join(sorted({post.provider.name for post in through}))
    if actor.is_staff:
        return f"{settings.BOROUGH_NAME} Council"
    return ""


@export_section("record_views", "Who viewed your record", covers=(AuditEvent,))
def _record_views(resident: Resident) -> list[dict]:
    views = (
        record_viewers(resident=resident)
        .filter(action=AuditEvent.Action.VIEW)
        .select_related("actor")
        .prefetch_related(
            Prefetch("actor__coach_roles", Coach.objects.select_related("provider"))
        )
    )
    consented = set(
        Consent.objects.filter(resident=resident).values_list("provider_id", flat=True)
    )
    return [
        {
            "when": isoformat_or_none(event.at),
            # A deleted account is named as the log named it then.
            "who": event.actor.display_name if event.actor else event.actor_label,
            "provider": _viewer_provider(event.actor, consented),
            "what": event.detail,
        }
        for event in views
    ]
