"""Coaching's sections of a resident's data download, added to the residents' export."""

from __future__ import annotations

from residents.coaching.models import Action, Referral
from residents.models import Resident
from residents.selectors.export import export_section, isoformat_or_none


@export_section("actions", "Your action plan, agreed with your work coach")
def _actions(resident: Resident) -> list[dict]:
    actions = (
        Action.objects.filter(resident=resident).select_related("provider").order_by("due_on", "id")
    )
    return [
        {
            "action": action.description,
            "whose": action.get_owner_display(),
            "due": action.due_on.isoformat(),
            "done": isoformat_or_none(action.completed_at),
            "provider": action.provider.name,
        }
        for action in actions
    ]


@export_section("referrals", "Jobs your work coach suggested")
def _referrals(resident: Resident) -> list[dict]:
    referrals = (
        Referral.objects.filter(resident=resident)
        .select_related("vacancy__organisation", "provider")
        .order_by("-created_at")
    )
    return [
        {
            "job": referral.vacancy.title,
            "employer": referral.vacancy.organisation.name,
            "provider": referral.provider.name,
            "why": referral.message,
            "your_answer": referral.get_response_display() if referral.response else "",
            "status": referral.get_status_display(),
            "suggested": isoformat_or_none(referral.created_at),
        }
        for referral in referrals
    ]
