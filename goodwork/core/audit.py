"""Writing the audit log. Services call this inside their own transaction, so a change and
its audit row are committed together or not at all."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
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


def council_officer_label(user: User) -> str:
    """How the audit log names a council officer: the resident whose record they opened sees
    who it was and where they work, not an address."""
    return f"{user.display_name}, {settings.BOROUGH_NAME} Council"


def audit_event(
    *,
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: str,
    resident_id: int | None = None,
    detail: str = "",
    actor_label: str | None = None,
) -> AuditEvent:
    """One audit row, checked but not yet saved, for audit_write_many."""
    if actor_label is None:
        actor_label = actor.email if actor is not None else "system"
    event = AuditEvent(
        actor=actor,
        actor_label=actor_label[:254],
        action=action,
        subject_type=subject_type[:60],
        subject_id=str(subject_id)[:40],
        resident_id=resident_id,
        detail=detail[:500],
    )
    # The actor is the signed-in user; checking that it exists would cost a query per row.
    event.full_clean(exclude=["actor"])
    return event


def audit_write_many(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Many audit rows in one INSERT: a list page in the admin names up to a hundred residents,
    and each of them gets their own row."""
    if not events:
        return []
    return AuditEvent.objects.bulk_create(events)


# -- Redaction on erasure -----------------------------------------------------------------------

# What an erased row's detail (and, where it named the person, its actor label) becomes. The
# append-only trigger (goodwork/core/migrations/0004_audit_redaction.py) allows exactly this
# value and no other change, and stamps redacted_at.
AUDIT_REDACTED = "[redacted]"


def _as_whole_word(text: str) -> str:
    """A PostgreSQL regular expression for ``text`` as a whole word, not inside a longer one
    (a short name such as "Al" must not redact every "Referral"). A backslash before a
    character that is not a letter or digit makes it literal; any run of spaces matches any."""
    words = [
        "".join(c if c.isalnum() else "\\" + c for c in word) for word in text.split()
    ]
    return r"(?<![[:alnum:]])" + r"\s+".join(words) + r"(?![[:alnum:]])"


def audit_redact(*, resident_id: int | None = None, mentioning: tuple[str, ...] = ()) -> int:
    """Erase a person from the audit log's free text, keeping every event: the detail of each
    row about ``resident_id``, and of any row whose detail names one of ``mentioning`` (their
    email addresses and names), becomes AUDIT_REDACTED, as does an actor label that names
    them. Call it before the resident's record is deleted, while rows still carry their id.
    Returns how many details and labels were replaced."""
    # One pass over the log for the details and one for the labels, however many terms: an
    # erasure is rare, and an index could not serve a search inside free text anyway.
    patterns = sorted({_as_whole_word(term) for term in mentioning if term.strip()})
    about = [models.Q(detail__iregex=pattern) for pattern in patterns]
    if resident_id is not None:
        about.append(models.Q(resident_id=resident_id))
    named_in_label = [models.Q(actor_label__iregex=pattern) for pattern in patterns]
    changed = 0
    if about:
        changed += (
            AuditEvent.objects.filter(_any(about))
            .exclude(detail=AUDIT_REDACTED)
            .update(detail=AUDIT_REDACTED)
        )
    if named_in_label:
        changed += (
            AuditEvent.objects.filter(_any(named_in_label))
            .exclude(actor_label=AUDIT_REDACTED)
            .update(actor_label=AUDIT_REDACTED)
        )
    return changed


def _any(conditions: list[models.Q]) -> models.Q:
    combined = models.Q()
    for condition in conditions:
        combined |= condition
    return combined
