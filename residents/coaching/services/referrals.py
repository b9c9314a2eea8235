"""Referrals to vacancies: suggesting a job, the resident's answer, and where it got to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.models import User
from jobs.models import Vacancy
from residents.coaching.models import (
    REFERRAL_TRANSITIONS,
    Coach,
    Referral,
)
from residents.coaching.services.common import A, audit, require_consent, save_checked
from residents.coaching.services.email import send_coaching_email
from residents.models import Resident

VACANCY_NOT_LIVE = "You can only refer a resident to a live vacancy."
ALREADY_REFERRED = "This resident has already been referred to this vacancy."
REFERRAL_TRANSITION_INVALID = "A referral cannot move from {current} to {new}."


@transaction.atomic
def referral_create(
    *, resident: Resident, coach: Coach, vacancy: Vacancy, message: str = ""
) -> Referral:
    require_consent(resident=resident, provider=coach.provider, scope=Referral.consent_scope)
    if not Vacancy.objects.live().filter(pk=vacancy.pk).exists():
        raise ValidationError(VACANCY_NOT_LIVE)
    if Referral.objects.filter(resident=resident, vacancy=vacancy).exists():
        raise ValidationError(ALREADY_REFERRED)
    referral = save_checked(
        Referral(
            resident=resident,
            vacancy=vacancy,
            provider=coach.provider,
            coach=coach,
            message=message,
        )
    )
    audit(coach, A.CREATE, referral, resident, f"Referred to {vacancy.title}")
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
    save_checked(referral)
    audit(
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
    save_checked(referral)
    audit(
        coach,
        A.CHANGE,
        referral,
        referral.resident,
        f"Referral to {referral.vacancy_id}: {previous} to {referral.get_status_display()}",
    )
    return referral
