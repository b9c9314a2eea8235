"""Writing the audit log. Services call this inside their own transaction, so a change and
its audit row are committed together or not at all."""

from __future__ import annotations

from django.db import models

from goodwork.models import AuditEvent, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: models.Model,
    resident: models.Model | None = None,
    detail: str = "",
) -> AuditEvent:
    event = AuditEvent(
        actor=actor,
        actor_label=(actor.email if actor is not None else "system")[:254],
        action=action,
        subject_type=subject._meta.label_lower[:60],
        subject_id=str(subject.pk),
        resident=resident,
        detail=detail[:500],
    )
    event.full_clean()
    event.save()
    return event
