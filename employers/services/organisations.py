"""Organisations, their members and invitations."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from employers.models import Invitation, Membership, Organisation
from employers.services.email import email_send
from goodwork.core.models import User

INVITATION_SALT = "employers.invitation"
INVITATION_MAX_AGE_DAYS = 14
INVITATION_INVALID = (
    "This invitation link is not valid. Ask the person who invited you for a new one."
)
INVITATION_EXPIRED = "This invitation has expired. Ask the person who invited you for a new one."
INVITATION_USED = "This invitation has already been used."
INVITATION_WRONG_EMAIL = (
    "This invitation was sent to a different email address. "
    "Sign in with the address it was sent to."
)
INVITATION_ALREADY_MEMBER = "This person is already a member of your organisation."
MEMBERSHIP_LAST_OWNER = (
    "An organisation must always have an owner. Make someone else an owner first."
)
NOT_AN_OWNER = "Only an owner can do this."


@transaction.atomic
def organisation_create(*, by: User, data: dict) -> Organisation:
    organisation = Organisation(**data)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    Membership.objects.create(organisation=organisation, user=by, role=Membership.Role.OWNER)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, data: dict) -> Organisation:
    if not by.is_member_of(organisation):
        raise PermissionDenied
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_suspend(*, organisation: Organisation, reason: str = "") -> Organisation:
    organisation.suspended_at = organisation.suspended_at or timezone.now()
    organisation.suspension_reason = reason
    organisation.save(update_fields=["suspended_at", "suspension_reason", "updated_at"])
    return organisation


@transaction.atomic
def organisation_unsuspend(*, organisation: Organisation) -> Organisation:
    organisation.suspended_at = None
    organisation.suspension_reason = ""
    organisation.save(update_fields=["suspended_at", "suspension_reason", "updated_at"])
    return organisation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "email": invitation.email}, salt=INVITATION_SALT)


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    if not by.is_owner_of(organisation):
        raise PermissionDenied(NOT_AN_OWNER)
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": INVITATION_ALREADY_MEMBER})
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    invitation.full_clean()
    invitation.save()
    token = invitation_token(invitation)
    context = {
        "organisation": organisation,
        "invited_by": by,
        "accept_path": reverse("employers:invitation_accept", kwargs={"token": token}),
        "max_age_days": INVITATION_MAX_AGE_DAYS,
    }
    transaction.on_commit(
        lambda: email_send(template="employers/email/invitation", context=context, to=[email])
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link refers to, or ValidationError saying why it cannot be used."""
    try:
        payload = signing.loads(
            token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE_DAYS * 86400
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(INVITATION_EXPIRED) from exc
    except signing.BadSignature as exc:
        raise ValidationError(INVITATION_INVALID) from exc
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=payload.get("id"), email=payload.get("email"))
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise ValidationError(INVITATION_INVALID)
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = invitation_from_token(token)
    # Lock the row so two clicks on the same link cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(INVITATION_USED)
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(INVITATION_WRONG_EMAIL)
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.OWNER:
        membership.role = Membership.Role.OWNER
        membership.save(update_fields=["role", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership


def _owner_count(organisation_id: int) -> int:
    # Lock the owners so two owners removing each other at once cannot leave none.
    return len(
        list(
            Membership.objects.select_for_update()
            .filter(organisation_id=organisation_id, role=Membership.Role.OWNER)
            .values_list("pk", flat=True)
        )
    )


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    if not by.is_owner_of(membership.organisation_id):
        raise PermissionDenied(NOT_AN_OWNER)
    if membership.role == Membership.Role.OWNER and _owner_count(membership.organisation_id) <= 1:
        raise ValidationError(MEMBERSHIP_LAST_OWNER)
    membership.delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    if not by.is_owner_of(membership.organisation_id):
        raise PermissionDenied(NOT_AN_OWNER)
    if (
        membership.role == Membership.Role.OWNER
        and role != Membership.Role.OWNER
        and _owner_count(membership.organisation_id) <= 1
    ):
        raise ValidationError(MEMBERSHIP_LAST_OWNER)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    return membership
