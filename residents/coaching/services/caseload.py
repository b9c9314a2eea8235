"""Caseloads: adding residents, support requests, invitations, notes, status and transfers."""

from __future__ import annotations

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from goodwork.core.audit import audit_event, audit_write_many
from goodwork.core.models import User
from residents.coaching.models import (
    CaseloadEntry,
    CaseNote,
    Coach,
    Provider,
)
from residents.coaching.services.common import A, audit, require_consent, save_checked
from residents.coaching.services.consent import consent_record
from residents.coaching.services.email import send_coaching_email
from residents.coaching.services.plan import barrier_record
from residents.models import Resident

INVITE_SALT = "residents.invite"
INVITE_MAX_AGE = 60 * 60 * 24 * 14
ALREADY_ON_CASELOAD = "This resident is already supported by this provider."
PROVIDER_NOT_TAKING_REFERRALS = "This provider is not taking requests for support online."
PROVIDER_HAS_NO_COACHES = "This provider has no work coaches yet. Contact them directly."
RESIDENT_HAS_NO_EMAIL = "Add the resident's email address before inviting them."
RESIDENT_ALREADY_HAS_ACCOUNT = "This resident already has an account."
INVITE_INVALID = (
    "This invitation link is not valid or has expired. Ask your work coach for a new one."
)
USER_ALREADY_A_RESIDENT = "Your account is already linked to a resident record."
INVITE_FOR_ANOTHER_ADDRESS = (
    "This invitation was sent to another email address. Sign in with the account for that "
    "address, or ask your work coach to send the invitation to this one."
)
TRANSFER_TO_SAME_COACH = "Choose a different work coach."
TRANSFER_COACH_INACTIVE = "Choose an active work coach."
TRANSFER_TO_ANOTHER_PROVIDER = (
    "A move to another provider needs the resident's agreement: suggest the move instead."
)


def _open_entry(*, resident: Resident, coach: Coach, goals: str = "") -> CaseloadEntry:
    if CaseloadEntry.objects.open().filter(resident=resident, provider=coach.provider).exists():
        raise ValidationError(ALREADY_ON_CASELOAD)
    entry = save_checked(
        CaseloadEntry(resident=resident, coach=coach, provider=coach.provider, goals=goals)
    )
    audit(coach, A.CREATE, entry, resident, f"Added to {coach.user.display_name}'s caseload")
    return entry


@transaction.atomic
def caseload_add_resident(
    *,
    coach: Coach,
    first_name: str,
    last_name: str = "",
    email: str = "",
    phone: str = "",
    ward: str = "",
    goals: str = "",
    barriers: list[str] | tuple[str, ...] = (),
    shares_profile: bool = True,
    shares_health: bool = False,
    shares_plan: bool = True,
    consent_method: str | None = None,
) -> CaseloadEntry:
    resident = save_checked(
        Resident(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            ward=ward,
            created_by=coach.user,
        )
    )
    audit(coach, A.CREATE, resident, resident, "Resident added by a work coach")
    consent_record(
        resident=resident,
        provider=coach.provider,
        by=coach.user,
        shares_profile=shares_profile,
        shares_health=shares_health,
        shares_plan=shares_plan,
        method=consent_method,
    )
    entry = _open_entry(resident=resident, coach=coach, goals=goals)
    for kind in barriers:
        barrier_record(resident=resident, coach=coach, kind=kind)
    return entry


@transaction.atomic
def resident_request_support(
    *,
    resident: Resident,
    provider: Provider,
    shares_profile: bool = True,
    shares_health: bool = False,
    shares_plan: bool = True,
    goals: str = "",
) -> CaseloadEntry:
    if not provider.accepts_self_referrals:
        raise ValidationError(PROVIDER_NOT_TAKING_REFERRALS)
    coach = coach_to_take_on(provider)
    if CaseloadEntry.objects.open().filter(resident=resident, provider=provider).exists():
        raise ValidationError(ALREADY_ON_CASELOAD)
    consent_record(
        resident=resident,
        provider=provider,
        by=resident.user,
        shares_profile=shares_profile,
        shares_health=shares_health,
        shares_plan=shares_plan,
    )
    entry = save_checked(
        CaseloadEntry(resident=resident, coach=coach, provider=provider, goals=goals)
    )
    audit(resident.user, A.CREATE, entry, resident, f"Asked {provider} for support")
    transaction.on_commit(
        lambda: send_coaching_email(
            template="support_request",
            to=coach.user.email,
            context={"coach": coach, "resident": resident, "entry": entry},
        )
    )
    return entry


def coach_to_take_on(provider: Provider) -> Coach:
    """The coach with the fewest residents takes a new one on; a manager can transfer them."""
    coach = (
        provider.coaches.filter(active=True, user__is_active=True)
        .annotate(load=Count("caseload_entries", filter=Q(caseload_entries__ended_at__isnull=True)))
        .order_by("load", "pk")
        .select_related("user", "provider")
        .first()
    )
    if coach is None:
        raise ValidationError(PROVIDER_HAS_NO_COACHES)
    return coach


def invite_token(resident: Resident) -> str:
    return signing.dumps({"r": resident.pk, "e": resident.email.lower()}, salt=INVITE_SALT)


@transaction.atomic
def resident_invite(*, resident: Resident, coach: Coach) -> str:
    if resident.user_id is not None:
        raise ValidationError(RESIDENT_ALREADY_HAS_ACCOUNT)
    if not resident.email:
        raise ValidationError(RESIDENT_HAS_NO_EMAIL)
    token = invite_token(resident)
    link = reverse("coaching:claim", kwargs={"token": token})
    transaction.on_commit(
        lambda: send_coaching_email(
            template="invite",
            to=resident.email,
            context={
                "resident": resident,
                "coach": coach,
                "provider": coach.provider,
                "path": link,
            },
        )
    )
    audit(coach, A.CHANGE, resident, resident, f"Invited by email to {resident.email}")
    return token


def resident_for_invite(token: str) -> Resident:
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(INVITE_INVALID) from error
    resident = Resident.objects.filter(pk=data.get("r"), user__isnull=True).first()
    if resident is None or resident.email.lower() != data.get("e"):
        raise ValidationError(INVITE_INVALID)
    return resident


def invite_is_for(resident: Resident, user: User) -> bool:
    """The link is for the person it was sent to: whoever else opens it (a forwarded email, a
    shared computer) must not take the record."""
    return user.email.strip().lower() == resident.email.strip().lower()


@transaction.atomic
def resident_claim(*, token: str, user: User) -> Resident:
    resident = resident_for_invite(token)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.user_id is not None:
        raise ValidationError(INVITE_INVALID)
    if Resident.objects.filter(user=user).exists():
        raise ValidationError(USER_ALREADY_A_RESIDENT)
    if not invite_is_for(resident, user):
        raise ValidationError(INVITE_FOR_ANOTHER_ADDRESS)
    resident.user = user
    resident.full_clean()
    resident.save(update_fields=["user", "updated_at"])
    audit(user, A.CHANGE, resident, resident, "Record claimed by the resident's account")
    return resident


@transaction.atomic
def resident_record_view(*, resident: Resident, viewer: User | Coach) -> None:
    audit(viewer, A.VIEW, resident, resident, "Opened the resident record")


def caseload_seen(*, viewer: User, entries, how: str) -> None:
    """One row for each resident a coach's caseload list or download showed, so each sees
    it under "who has viewed or changed your record": named, with the provider it was
    seen through."""
    audit_write_many(
        [
            audit_event(
                actor=viewer,
                actor_label=f"{viewer.display_name}, {entry.provider.name}",
                action=A.VIEW,
                subject_type=CaseloadEntry._meta.label_lower,
                subject_id=str(entry.pk),
                resident_id=entry.resident_id,
                detail=how,
            )
            for entry in entries
        ]
    )


@transaction.atomic
def case_note_create(
    *,
    resident: Resident,
    coach: Coach,
    contact_on: datetime.date,
    contact_type: str,
    text: str,
) -> CaseNote:
    require_consent(resident=resident, provider=coach.provider, scope=CaseNote.consent_scope)
    note = save_checked(
        CaseNote(
            resident=resident,
            provider=coach.provider,
            author=coach,
            contact_on=contact_on,
            contact_type=contact_type,
            text=text,
        )
    )
    audit(coach, A.CREATE, note, resident, f"Case note: {note}")
    return note


@transaction.atomic
def caseload_status_change(*, entry: CaseloadEntry, coach: Coach, status: str) -> CaseloadEntry:
    previous = entry.get_status_display()
    if entry.status != status:
        entry.status, entry.status_changed_at = status, timezone.now()
    save_checked(entry)
    audit(
        coach,
        A.CHANGE,
        entry,
        entry.resident,
        f"Status: {previous} to {entry.get_status_display()}",
    )
    return entry


@transaction.atomic
def resident_transfer(
    *, entry: CaseloadEntry, to_coach: Coach, by: User, reason: str = ""
) -> CaseloadEntry:
    """Move a resident to another coach at the same provider. A move to another provider is
    not a coach's decision: it is a transfer the resident agrees to (services.transfers)."""
    entry = (
        CaseloadEntry.objects.select_for_update()
        .select_related("resident", "provider")
        .get(pk=entry.pk)
    )
    if entry.ended_at is not None or to_coach.pk == entry.coach_id:
        raise ValidationError(TRANSFER_TO_SAME_COACH)
    if to_coach.provider_id != entry.provider_id:
        raise ValidationError(TRANSFER_TO_ANOTHER_PROVIDER)
    if not to_coach.active or not to_coach.user.is_active:
        raise ValidationError(TRANSFER_COACH_INACTIVE)
    now = timezone.now()
    entry.ended_at, entry.end_reason = now, (reason or f"Transferred to {to_coach}")[:200]
    entry.save(update_fields=["ended_at", "end_reason", "updated_at"])
    new_entry = save_checked(
        CaseloadEntry(
            resident=entry.resident,
            coach=to_coach,
            provider=to_coach.provider,
            status=entry.status,
            goals=entry.goals,
            started_at=now,
        )
    )
    audit(by, A.CHANGE, new_entry, entry.resident, f"Transferred to {to_coach}")
    return new_entry
