"""What every coaching service does: write its audit row, and save a row only once it is valid."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from goodwork.core.audit import audit_record
from goodwork.core.models import AuditEvent, User
from residents.coaching.models import Consent, Provider
from residents.models import Resident

A = AuditEvent.Action

BARRIER_NEEDS_HEALTH_CONSENT = (
    "The resident has not agreed to share health information, disability or convictions with "
    "your provider. Ask them first, and record their consent, before you record this."
)
SCOPE_NOT_CONSENTED = "The resident has not agreed to share this with your provider."


def require_consent(*, resident: Resident, provider: Provider, scope: str) -> None:
    """Refuse to record what the resident's current consent to ``provider`` does not cover."""
    if (
        not Consent.objects.current()
        .filter(resident=resident, provider=provider, **{scope: True})
        .exists()
    ):
        raise ValidationError(
            BARRIER_NEEDS_HEALTH_CONSENT if scope == "shares_health" else SCOPE_NOT_CONSENTED
        )


def audit(
    actor: User | None, action: str, subject, resident: Resident | None, detail: str = ""
) -> None:
    audit_record(actor=actor, action=action, subject=subject, resident=resident, detail=detail)


def save_checked(obj):
    obj.full_clean()
    obj.save()
    return obj
