"""Writing the audit log. Services call this inside their own transaction, so a change and
its audit row are committed together or not at all."""

from __future__ import annotations

from django.db import models

from goodwork.core.models import AuditEvent, User


def audit_write(
    *,
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: str,
    resident: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    """One audit row. subject_type/subject_id may name a model row or, as in the admin, a list
    or an export of them."""
    event = AuditEvent(
        actor=actor,
        actor_label=(actor.email if actor is not None else "system")[:254],
        action=action,
        subject_type=subject_type[:60],
        subject_id=str(subject_id)[:40],
        resident_id=resident.pk if resident is not None else None,
        detail=detail[:500],
    )
    event.full_clean()
    event.save()
    return event


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: models.Model,
    resident: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    return audit_write(
        actor=actor,
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        resident=resident,
        detail=detail,
    )
