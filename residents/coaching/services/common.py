"""What every coaching service does: write its audit row, and save a row only once it is valid."""

from __future__ import annotations

from goodwork.core.audit import audit_record
from goodwork.core.models import AuditEvent, User
from residents.models import Resident

A = AuditEvent.Action


def audit(
    actor: User | None, action: str, subject, resident: Resident, detail: str = ""
) -> None:
    audit_record(actor=actor, action=action, subject=subject, resident=resident, detail=detail)


def save_checked(obj):
    obj.full_clean()
    obj.save()
    return obj
