"""What a resident agrees to share with a provider, and its withdrawal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.models import User
from residents.coaching.models import (
    CaseloadEntry,
    CaseStatus,
    Consent,
    Provider,
)
from residents.coaching.services.common import A, audit, save_checked
from residents.models import Resident

CONSENT_ALREADY_WITHDRAWN = "Consent has already been withdrawn."


@transaction.atomic
def consent_record(
    *,
    resident: Resident,
    provider: Provider,
    by: User | None,
    shares_profile: bool = True,
    shares_health: bool = False,
    shares_plan: bool = True,
    method: str | None = None,
) -> Consent:
    """Record what the resident agreed to share with ``provider``, and how they said so. Given
    by the resident's own account, it was given online; otherwise ``method`` says how the coach
    heard it (in person by default)."""
    if method is None:
        online = by is not None and by.pk is not None and by.pk == resident.user_id
        method = Consent.Method.ONLINE if online else Consent.Method.IN_PERSON
    current = (
        Consent.objects.current()
        .select_for_update()
        .filter(resident=resident, provider=provider)
        .first()
    )
    now = timezone.now()
    if current is not None:
        # A change in what is shared is a new row, so the record shows what applied when.
        current.withdrawn_at, current.withdrawn_by = now, by
        current.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    consent = save_checked(
        Consent(
            resident=resident,
            provider=provider,
            given_by=by,
            given_at=now,
            shares_profile=shares_profile,
            shares_health=shares_health,
            shares_plan=shares_plan,
            method=method,
        )
    )
    shared = ", ".join(
        label
        for flag, label in [
            (shares_profile, "profile"),
            (shares_health, "health"),
            (shares_plan, "plan"),
        ]
        if flag
    )
    audit(by, A.CREATE, consent, resident, f"Consent for {provider}: {shared}")
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, reason: str = "Consent withdrawn") -> Consent:
    """End a provider's access: the consent and its open caseload entries end. The provider's
    records stay (for its own returns and the council's counts) but no one there can open them."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    now = timezone.now()
    consent.withdrawn_at, consent.withdrawn_by = now, by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    for entry in CaseloadEntry.objects.open().filter(
        resident=consent.resident, provider=consent.provider
    ):
        entry.ended_at, entry.end_reason, entry.status = now, reason[:200], CaseStatus.CLOSED
        entry.save(update_fields=["ended_at", "end_reason", "status", "updated_at"])
    audit(by, A.CHANGE, consent, consent.resident, f"Consent for {consent.provider} withdrawn")
    return consent
