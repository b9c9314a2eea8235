"""Signing and withdrawing the Fair Flexible Work pledge."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from employers.models import Organisation, Pledge, PledgeVersion
from goodwork.core.models import User

PLEDGE_ALREADY_SIGNED = "Your organisation has already signed the pledge."
PLEDGE_NO_CURRENT_VERSION = "The pledge cannot be signed at the moment. Try again later."
PLEDGE_NOT_ACTIVE = "This pledge has already been withdrawn."
PLEDGE_OWNERS_ONLY = "Only an owner of the organisation can sign or withdraw the pledge."


@transaction.atomic
def pledge_sign(
    *, organisation: Organisation, by: User, signatory_name: str, signatory_role: str
) -> Pledge:
    if not by.is_owner_of(organisation):
        raise PermissionDenied(PLEDGE_OWNERS_ONLY)
    version = PledgeVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ValidationError(PLEDGE_NO_CURRENT_VERSION)
    if Pledge.objects.active().filter(organisation=organisation).exists():
        raise ValidationError(PLEDGE_ALREADY_SIGNED)
    pledge = Pledge(
        organisation=organisation,
        version=version,
        signed_by=by,
        signatory_name=signatory_name.strip(),
        signatory_role=signatory_role.strip(),
        signed_on=timezone.localdate(),
    )
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_withdraw(*, pledge: Pledge, by: User) -> Pledge:
    if not by.is_owner_of(pledge.organisation_id):
        raise PermissionDenied(PLEDGE_OWNERS_ONLY)
    if pledge.withdrawn_at:
        raise ValidationError(PLEDGE_NOT_ACTIVE)
    pledge.withdrawn_at = timezone.now()
    pledge.save(update_fields=["withdrawn_at", "updated_at"])
    return pledge
