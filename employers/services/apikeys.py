"""Keys for organisations' recruitment systems: made and revoked by owners, used by the API."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from employers.models import ApiKey, Organisation
from goodwork.core.audit import audit_event, audit_record, audit_write_many
from goodwork.core.models import AuditEvent, User
from goodwork.core.roles import roles_for

# Every key starts with this, so a key pasted somewhere it should not be is easy to spot.
KEY_START = "gwc_"
# The start of the key kept in clear: KEY_START and 8 random characters.
PREFIX_LENGTH = len(KEY_START) + 8
# Longer than any key this makes: a longer one is not looked up at all.
KEY_MAX_LENGTH = 80


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _owner_only(*, organisation: Organisation, by: User) -> None:
    if organisation.pk not in roles_for(by).owner_of_ids:
        raise PermissionDenied


@transaction.atomic
def api_key_create(*, organisation: Organisation, name: str, by: User) -> tuple[ApiKey, str]:
    """A new key and the key itself, which is never stored and cannot be shown again."""
    _owner_only(organisation=organisation, by=by)
    key = KEY_START + secrets.token_urlsafe(32)
    api_key = ApiKey(
        organisation=organisation, name=name.strip(), prefix=key[:PREFIX_LENGTH],
        key_hash=_hash(key), created_by=by,
    )
    api_key.full_clean()
    api_key.save()
    audit_record(
        actor=by, action=AuditEvent.Action.CREATE, subject=api_key,
        detail=f"API key {api_key.prefix}… ('{api_key.name}') made for {organisation}",
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User) -> ApiKey:
    _owner_only(organisation=api_key.organisation, by=by)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.revoked_by = by
        api_key.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            actor=by, action=AuditEvent.Action.DELETE, subject=api_key,
            detail=f"API key {api_key.prefix}… ('{api_key.name}') revoked",
        )
    return api_key


def api_key_authenticate(*, key: str) -> ApiKey | None:
    """The key's row if it is one of ours and not revoked, with its organisation."""
    if not key.startswith(KEY_START) or len(key) > KEY_MAX_LENGTH:
        return None
    return (
        ApiKey.objects.active().select_related("organisation").filter(key_hash=_hash(key)).first()
    )


def api_key_label(api_key: ApiKey) -> str:
    """How the audit log names what a key did: the key, and whose it is."""
    return f"API key {api_key.prefix}… ('{api_key.name}') of {api_key.organisation}"


@transaction.atomic
def api_key_use_record(*, api_key: ApiKey, action: str, detail: str) -> None:
    """Each request made with a key: one audit row, and when the key was last used."""
    audit_write_many([
        audit_event(
            actor=None, action=action, subject_type=ApiKey._meta.label_lower,
            subject_id=str(api_key.pk), detail=detail, actor_label=api_key_label(api_key),
        )
    ])
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
