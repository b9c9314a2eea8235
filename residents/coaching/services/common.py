"""What every coaching service does: write its audit row, and save a row only once it is valid."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from goodwork.core.audit import audit_event, audit_record
from goodwork.core.models import AuditEvent, User
from residents.coaching.models import Coach, Consent, Provider
from residents.models import Resident

A = AuditEvent.Action

BARRIER_NEEDS_HEALTH_CONSENT = (
    "The resident has not agreed to share health information, disability or convictions with "
    "your provider. Ask them first, and record their consent, before you record this."
)
SCOPE_NOT_CONSENTED = "The resident has not agreed to share this with your provider."


def consent_covers(*, resident: Resident, provider: Provider, scope: str) -> bool:
    """Does the resident's current consent to ``provider`` cover ``scope`` (a Consent flag)?"""
    return (
        Consent.objects.current()
        .filter(resident=resident, provider=provider, **{scope: True})
        .exists()
    )


def require_consent(*, resident: Resident, provider: Provider, scope: str) -> None:
    """Refuse to record what the resident's current consent to ``provider`` does not cover."""
    if not consent_covers(resident=resident, provider=provider, scope=scope):
        raise ValidationError(
            BARRIER_NEEDS_HEALTH_CONSENT if scope == "shares_health" else SCOPE_NOT_CONSENTED
        )


def audit(
    actor: User | Coach | None,
    action: str,
    subject,
    resident: Resident | None,
    detail: str = "",
) -> None:
    """One audit row. A coach acting in their post is named with their provider, as the
    resident sees them on "who has viewed or changed your record"."""
    if isinstance(actor, User) and actor.pk is not None:
        # A coach's account acting without its post named: the post at the record's provider.
        posts = Coach.objects.filter(user=actor).select_related("user", "provider")
        provider_id = getattr(subject, "provider_id", None)
        actor = next((p for p in posts if p.provider_id == provider_id), None) or (
            posts.first() or actor
        )
    if isinstance(actor, Coach):
        audit_event(
            actor=actor.user,
            actor_label=coach_label(actor),
            action=action,
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            resident_id=resident.pk if resident is not None else None,
            detail=detail,
        ).save()
        return
    audit_record(actor=actor, action=action, subject=subject, resident=resident, detail=detail)


def coach_label(coach: Coach) -> str:
    return f"{coach.user.display_name}, {coach.provider.name}"


def save_checked(obj):
    obj.full_clean()
    obj.save()
    return obj
