"""Moving a resident to another provider. The sending coach suggests it; the resident agrees
(online, or by telling a coach of the receiving provider, who records how). Agreeing gives
the new provider consent on the resident's terms, opens a caseload entry there and ends the
sending provider's consent and entry, so it can no longer open the record. The sending
provider's own records stay, for its returns and the council's counts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.models import User
from residents.coaching.models import (
    CaseloadEntry,
    Coach,
    Consent,
    Provider,
    ProviderTransfer,
)
from residents.coaching.services.caseload import coach_to_take_on
from residents.coaching.services.common import A, audit, save_checked
from residents.coaching.services.consent import consent_record, consent_withdraw
from residents.coaching.services.email import send_coaching_email

TRANSFER_SAME_PROVIDER = "Choose another provider. To move within yours, transfer to a colleague."
TRANSFER_ALREADY_PENDING = "A move to this provider is already waiting for the resident."
TRANSFER_NOT_PENDING = "This move has already been decided."
TRANSFER_ALREADY_SUPPORTED = "The resident is already supported by this provider."
TRANSFER_RECORDED_BY_OTHER_PROVIDER = (
    "Only a work coach at the receiving provider can record the resident's agreement."
)
TRANSFER_METHOD_ONLINE_BY_COACH = "Say how the resident told you they agree."

S = ProviderTransfer.Status


@transaction.atomic
def transfer_propose(
    *, entry: CaseloadEntry, coach: Coach, to_provider: Provider, reason: str = ""
) -> ProviderTransfer:
    if to_provider.pk == entry.provider_id:
        raise ValidationError(TRANSFER_SAME_PROVIDER)
    if (
        ProviderTransfer.objects.pending()
        .filter(resident=entry.resident, to_provider=to_provider)
        .exists()
    ):
        raise ValidationError(TRANSFER_ALREADY_PENDING)
    if CaseloadEntry.objects.open().filter(resident=entry.resident, provider=to_provider).exists():
        raise ValidationError(TRANSFER_ALREADY_SUPPORTED)
    transfer = save_checked(
        ProviderTransfer(
            resident=entry.resident,
            from_provider=entry.provider,
            from_coach=coach,
            to_provider=to_provider,
            reason=reason,
        )
    )
    audit(coach, A.CREATE, transfer, entry.resident, f"Move to {to_provider} suggested")
    resident, account = entry.resident, entry.resident.user
    if account is not None and account.email:
        address = account.email
        transaction.on_commit(
            lambda: send_coaching_email(
                template="transfer_suggested",
                to=address,
                context={"resident": resident, "transfer": transfer},
            )
        )
    return transfer


def _decide(transfer: ProviderTransfer, status: str, by: User) -> ProviderTransfer:
    transfer = ProviderTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != S.PENDING:
        raise ValidationError(TRANSFER_NOT_PENDING)
    transfer.status, transfer.decided_at, transfer.decided_by = status, timezone.now(), by
    return transfer


@transaction.atomic
def transfer_agree(
    *,
    transfer: ProviderTransfer,
    by: User,
    shares_profile: bool,
    shares_health: bool,
    shares_plan: bool,
    method: str | None = None,
    coach: Coach | None = None,
) -> CaseloadEntry:
    """The resident agrees to the move: online (``by`` is their account), or told to ``coach``
    of the receiving provider, who records ``method``."""
    transfer = _decide(transfer, S.AGREED, by)
    resident = transfer.resident
    if coach is not None:
        if coach.provider_id != transfer.to_provider_id:
            raise ValidationError(TRANSFER_RECORDED_BY_OTHER_PROVIDER)
        if method in (None, Consent.Method.ONLINE):
            raise ValidationError(TRANSFER_METHOD_ONLINE_BY_COACH)
    else:
        method = Consent.Method.ONLINE
    if (
        CaseloadEntry.objects.open()
        .filter(resident=resident, provider=transfer.to_provider)
        .exists()
    ):
        raise ValidationError(TRANSFER_ALREADY_SUPPORTED)
    consent = consent_record(
        resident=resident,
        provider=transfer.to_provider,
        by=by,
        shares_profile=shares_profile,
        shares_health=shares_health,
        shares_plan=shares_plan,
        method=method,
    )
    sending = (
        CaseloadEntry.objects.open()
        .filter(resident=resident, provider=transfer.from_provider)
        .first()
    )
    taker = coach or coach_to_take_on(transfer.to_provider)
    entry = save_checked(
        CaseloadEntry(
            resident=resident,
            coach=taker,
            provider=transfer.to_provider,
            status=sending.status if sending else CaseloadEntry._meta.get_field("status").default,
            goals=sending.goals if sending and shares_profile else "",
        )
    )
    old = Consent.objects.current().filter(resident=resident, provider=transfer.from_provider)
    for previous in old:
        consent_withdraw(consent=previous, by=by, reason=f"Moved to {transfer.to_provider}")
    transfer.consent = consent
    transfer.save(update_fields=["status", "decided_at", "decided_by", "consent", "updated_at"])
    audit(
        by,
        A.CHANGE,
        transfer,
        resident,
        f"Agreed to move from {transfer.from_provider} to {transfer.to_provider}",
    )
    if coach is None:
        transaction.on_commit(
            lambda: send_coaching_email(
                template="transfer_agreed",
                to=taker.user.email,
                context={
                    "coach": taker,
                    "resident": resident,
                    "entry": entry,
                    "transfer": transfer,
                },
            )
        )
    return entry


@transaction.atomic
def transfer_decline(*, transfer: ProviderTransfer, by: User) -> ProviderTransfer:
    transfer = _decide(transfer, S.DECLINED, by)
    transfer.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit(by, A.CHANGE, transfer, transfer.resident, f"Declined the move to {transfer.to_provider}")
    return transfer


@transaction.atomic
def transfer_cancel(*, transfer: ProviderTransfer, by: User) -> ProviderTransfer:
    transfer = _decide(transfer, S.CANCELLED, by)
    transfer.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit(by, A.CHANGE, transfer, transfer.resident, f"Move to {transfer.to_provider} cancelled")
    return transfer
