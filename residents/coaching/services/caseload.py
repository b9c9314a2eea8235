"""Every write in work coaching: each one checks its rule, saves, and writes its audit row."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from goodwork.core.audit import audit_record
from goodwork.core.models import AuditEvent, User
from jobs.models import LivingWageRate, Vacancy
from residents.coaching.models import (
    REFERRAL_TRANSITIONS,
    Action,
    Barrier,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Coach,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    Provider,
    Referral,
    SustainmentCheck,
    sustainment_due_on,
)
from residents.coaching.services.email import send_coaching_email
from residents.models import Resident

A = AuditEvent.Action
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
ACTION_ALREADY_DONE = "This action is already done."
VACANCY_NOT_LIVE = "You can only refer a resident to a live vacancy."
ALREADY_REFERRED = "This resident has already been referred to this vacancy."
REFERRAL_TRANSITION_INVALID = "A referral cannot move from {current} to {new}."
TRANSFER_TO_SAME_COACH = "Choose a different work coach."
TRANSFER_COACH_INACTIVE = "Choose an active work coach."
SUSTAINMENT_ALREADY_RECORDED = "This check has already been recorded."
SUSTAINMENT_NOT_DUE = "This check is not due yet."
CONSENT_ALREADY_WITHDRAWN = "Consent has already been withdrawn."
BARRIER_ALREADY_OPEN = "This barrier is already recorded as current."


def _audit(actor: User | None, action: str, subject, resident: Resident, detail: str = "") -> None:
    audit_record(actor=actor, action=action, subject=subject, resident=resident, detail=detail)


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def consent_record(
    *,
    resident: Resident,
    provider: Provider,
    by: User | None,
    shares_profile: bool = True,
    shares_health: bool = False,
    shares_plan: bool = True,
) -> Consent:
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
    consent = _save(
        Consent(
            resident=resident,
            provider=provider,
            given_by=by,
            given_at=now,
            shares_profile=shares_profile,
            shares_health=shares_health,
            shares_plan=shares_plan,
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
    _audit(by, A.CREATE, consent, resident, f"Consent for {provider}: {shared}")
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    now = timezone.now()
    consent.withdrawn_at, consent.withdrawn_by = now, by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    for entry in CaseloadEntry.objects.open().filter(
        resident=consent.resident, provider=consent.provider
    ):
        entry.ended_at, entry.end_reason, entry.status = now, "Consent withdrawn", CaseStatus.CLOSED
        entry.save(update_fields=["ended_at", "end_reason", "status", "updated_at"])
    _audit(by, A.CHANGE, consent, consent.resident, f"Consent for {consent.provider} withdrawn")
    return consent


def _open_entry(*, resident: Resident, coach: Coach, goals: str = "") -> CaseloadEntry:
    if CaseloadEntry.objects.open().filter(resident=resident, provider=coach.provider).exists():
        raise ValidationError(ALREADY_ON_CASELOAD)
    entry = _save(
        CaseloadEntry(resident=resident, coach=coach, provider=coach.provider, goals=goals)
    )
    _audit(coach.user, A.CREATE, entry, resident, f"Added to {coach.user.display_name}'s caseload")
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
) -> CaseloadEntry:
    resident = _save(
        Resident(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            ward=ward,
            created_by=coach.user,
        )
    )
    _audit(coach.user, A.CREATE, resident, resident, "Resident added by a work coach")
    consent_record(
        resident=resident,
        provider=coach.provider,
        by=coach.user,
        shares_profile=shares_profile,
        shares_health=shares_health,
        shares_plan=shares_plan,
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
    # The coach with the fewest residents takes the request; a manager can transfer it.
    coach = (
        provider.coaches.filter(active=True, user__is_active=True)
        .annotate(load=Count("caseload_entries", filter=Q(caseload_entries__ended_at__isnull=True)))
        .order_by("load", "pk")
        .select_related("user", "provider")
        .first()
    )
    if coach is None:
        raise ValidationError(PROVIDER_HAS_NO_COACHES)
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
    entry = _save(CaseloadEntry(resident=resident, coach=coach, provider=provider, goals=goals))
    _audit(resident.user, A.CREATE, entry, resident, f"Asked {provider} for support")
    transaction.on_commit(
        lambda: send_coaching_email(
            template="support_request",
            to=coach.user.email,
            context={"coach": coach, "resident": resident, "entry": entry},
        )
    )
    return entry


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
    _audit(coach.user, A.CHANGE, resident, resident, f"Invited by email to {resident.email}")
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


@transaction.atomic
def resident_claim(*, token: str, user: User) -> Resident:
    resident = resident_for_invite(token)
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.user_id is not None:
        raise ValidationError(INVITE_INVALID)
    if Resident.objects.filter(user=user).exists():
        raise ValidationError(USER_ALREADY_A_RESIDENT)
    resident.user = user
    resident.full_clean()
    resident.save(update_fields=["user", "updated_at"])
    _audit(user, A.CHANGE, resident, resident, "Record claimed by the resident's account")
    return resident


@transaction.atomic
def resident_record_view(*, resident: Resident, viewer: User) -> None:
    _audit(viewer, A.VIEW, resident, resident, "Opened the resident record")


@transaction.atomic
def case_note_create(
    *,
    resident: Resident,
    coach: Coach,
    contact_on: datetime.date,
    contact_type: str,
    text: str,
) -> CaseNote:
    note = _save(
        CaseNote(
            resident=resident,
            provider=coach.provider,
            author=coach,
            contact_on=contact_on,
            contact_type=contact_type,
            text=text,
        )
    )
    _audit(coach.user, A.CREATE, note, resident, f"Case note: {note}")
    return note


@transaction.atomic
def barrier_record(
    *,
    resident: Resident,
    coach: Coach,
    kind: str,
    identified_on: datetime.date | None = None,
    note: str = "",
) -> Barrier:
    if Barrier.objects.filter(resident=resident, kind=kind, resolved_on__isnull=True).exists():
        raise ValidationError(BARRIER_ALREADY_OPEN)
    barrier = _save(
        Barrier(
            resident=resident,
            kind=kind,
            identified_on=identified_on or timezone.localdate(),
            recorded_by=coach,
            note=note,
        )
    )
    _audit(coach.user, A.CREATE, barrier, resident, f"Barrier identified: {barrier}")
    return barrier


@transaction.atomic
def barrier_resolve(
    *, barrier: Barrier, coach: Coach, resolved_on: datetime.date | None = None
) -> Barrier:
    barrier.resolved_on = resolved_on or timezone.localdate()
    _save(barrier)
    _audit(coach.user, A.CHANGE, barrier, barrier.resident, f"Barrier no longer applies: {barrier}")
    return barrier


@transaction.atomic
def caseload_status_change(*, entry: CaseloadEntry, coach: Coach, status: str) -> CaseloadEntry:
    previous = entry.get_status_display()
    entry.status = status
    _save(entry)
    _audit(
        coach.user,
        A.CHANGE,
        entry,
        entry.resident,
        f"Status: {previous} to {entry.get_status_display()}",
    )
    return entry


@transaction.atomic
def action_create(
    *,
    resident: Resident,
    coach: Coach,
    description: str,
    owner: str,
    due_on: datetime.date,
) -> Action:
    action = _save(
        Action(
            resident=resident,
            provider=coach.provider,
            created_by=coach,
            description=description,
            owner=owner,
            due_on=due_on,
        )
    )
    _audit(coach.user, A.CREATE, action, resident, f"Action agreed: {description}")
    return action


@transaction.atomic
def action_complete(*, action: Action, by: User) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.completed_at is not None:
        raise ValidationError(ACTION_ALREADY_DONE)
    action.completed_at, action.completed_by = timezone.now(), by
    _save(action)
    _audit(by, A.CHANGE, action, action.resident, f"Action done: {action.description}")
    return action


@transaction.atomic
def referral_create(
    *, resident: Resident, coach: Coach, vacancy: Vacancy, message: str = ""
) -> Referral:
    if not Vacancy.objects.live().filter(pk=vacancy.pk).exists():
        raise ValidationError(VACANCY_NOT_LIVE)
    if Referral.objects.filter(resident=resident, vacancy=vacancy).exists():
        raise ValidationError(ALREADY_REFERRED)
    referral = _save(
        Referral(
            resident=resident,
            vacancy=vacancy,
            provider=coach.provider,
            coach=coach,
            message=message,
        )
    )
    _audit(coach.user, A.CREATE, referral, resident, f"Referred to {vacancy.title}")
    if resident.email:
        transaction.on_commit(
            lambda: send_coaching_email(
                template="referral",
                to=resident.email,
                context={
                    "resident": resident,
                    "referral": referral,
                    "vacancy": vacancy,
                    "coach": coach,
                    "has_account": resident.user_id is not None,
                },
            )
        )
    return referral


@transaction.atomic
def referral_respond(*, referral: Referral, by: User, response: str) -> Referral:
    referral.response, referral.responded_at = response, timezone.now()
    _save(referral)
    _audit(
        by,
        A.CHANGE,
        referral,
        referral.resident,
        f"Resident said: {referral.get_response_display()}",
    )
    return referral


@transaction.atomic
def referral_update_status(*, referral: Referral, coach: Coach, status: str) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in REFERRAL_TRANSITIONS[referral.status]:
        raise ValidationError(
            REFERRAL_TRANSITION_INVALID.format(
                current=referral.get_status_display(),
                new=dict(Referral.Status.choices).get(status, status),
            )
        )
    previous = referral.get_status_display()
    referral.status, referral.status_changed_at = status, timezone.now()
    _save(referral)
    _audit(
        coach.user,
        A.CHANGE,
        referral,
        referral.resident,
        f"Referral to {referral.vacancy_id}: {previous} to {referral.get_status_display()}",
    )
    return referral


@transaction.atomic
def flexible_working_request_create(
    *, resident: Resident, coach: Coach, data: dict, letter: str
) -> FlexibleWorkingRequest:
    answers = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in data.items()
    }
    request = _save(
        FlexibleWorkingRequest(
            resident=resident,
            prepared_by=coach,
            employer_name=data["employer_name"],
            start_date=data["start_date"],
            answers=answers,
            letter=letter,
        )
    )
    _audit(
        coach.user,
        A.CREATE,
        request,
        resident,
        f"Flexible working request to {request.employer_name}",
    )
    return request


@transaction.atomic
def job_outcome_record(
    *,
    resident: Resident,
    coach: Coach,
    start_date: datetime.date,
    employer_name: str,
    job_title: str,
    hours_per_week: Decimal,
    hourly_pay: Decimal,
    contract_type: str,
    flexible_options: list[str],
    referral: Referral | None = None,
) -> JobOutcome:
    rate = LivingWageRate.objects.in_force_on(start_date)
    outcome = _save(
        JobOutcome(
            resident=resident,
            provider=coach.provider,
            coach=coach,
            referral=referral,
            start_date=start_date,
            employer_name=employer_name,
            job_title=job_title,
            hours_per_week=hours_per_week,
            hourly_pay=hourly_pay,
            contract_type=contract_type,
            flexible_options=list(flexible_options),
            living_wage_rate=rate,
            below_living_wage=rate is not None and hourly_pay < rate,
            fewer_hours_than_wanted=resident.hours_min is not None
            and hours_per_week < resident.hours_min,
        )
    )
    for weeks in SustainmentCheck.Milestone.values:
        _save(
            SustainmentCheck(
                job_outcome=outcome, weeks=weeks, due_on=sustainment_due_on(start_date, weeks)
            )
        )
    _audit(coach.user, A.CREATE, outcome, resident, f"Job start: {outcome}")
    return outcome


@transaction.atomic
def sustainment_check_record(
    *,
    check: SustainmentCheck,
    coach: Coach,
    still_in_work: bool,
    hours_per_week: Decimal | None = None,
    hourly_pay: Decimal | None = None,
) -> SustainmentCheck:
    check = (
        SustainmentCheck.objects.select_for_update().select_related("job_outcome").get(pk=check.pk)
    )
    if check.recorded_at is not None:
        raise ValidationError(SUSTAINMENT_ALREADY_RECORDED)
    if check.due_on > timezone.localdate():
        raise ValidationError(SUSTAINMENT_NOT_DUE)
    check.still_in_work, check.hours_per_week, check.hourly_pay = (
        still_in_work,
        hours_per_week,
        hourly_pay,
    )
    check.recorded_at, check.recorded_by = timezone.now(), coach
    _save(check)
    _audit(
        coach.user,
        A.CHANGE,
        check,
        check.job_outcome.resident,
        f"{check.get_weeks_display()} check: "
        + ("still in work" if still_in_work else "no longer in work"),
    )
    return check


@transaction.atomic
def resident_transfer(
    *, entry: CaseloadEntry, to_coach: Coach, by: User, reason: str = ""
) -> CaseloadEntry:
    entry = (
        CaseloadEntry.objects.select_for_update()
        .select_related("resident", "provider")
        .get(pk=entry.pk)
    )
    if entry.ended_at is not None or to_coach.pk == entry.coach_id:
        raise ValidationError(TRANSFER_TO_SAME_COACH)
    if not to_coach.active:
        raise ValidationError(TRANSFER_COACH_INACTIVE)
    now = timezone.now()
    entry.ended_at, entry.end_reason = now, (reason or f"Transferred to {to_coach}")[:200]
    entry.save(update_fields=["ended_at", "end_reason", "updated_at"])
    if to_coach.provider_id != entry.provider_id:
        # The new provider may only see the record with the resident's consent to it: the
        # terms already given carry over, recorded as given by the coach who transferred.
        consent = Consent.objects.current().get(resident=entry.resident, provider=entry.provider)
        if (
            not Consent.objects.current()
            .filter(resident=entry.resident, provider=to_coach.provider)
            .exists()
        ):
            consent_record(
                resident=entry.resident,
                provider=to_coach.provider,
                by=by,
                shares_profile=consent.shares_profile,
                shares_health=consent.shares_health,
                shares_plan=consent.shares_plan,
            )
    new_entry = _save(
        CaseloadEntry(
            resident=entry.resident,
            coach=to_coach,
            provider=to_coach.provider,
            status=entry.status,
            goals=entry.goals,
            started_at=now,
        )
    )
    _audit(by, A.CHANGE, new_entry, entry.resident, f"Transferred to {to_coach}")
    return new_entry
