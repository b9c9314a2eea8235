"""Job starts and whether the job lasted (the 13-, 26- and 52-week checks)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.models import LivingWageRate
from residents.coaching.models import (
    CaseloadEntry,
    CaseStatus,
    Coach,
    JobOutcome,
    Referral,
    SustainmentCheck,
    sustainment_due_on,
)
from residents.coaching.services.common import A, audit, require_consent, save_checked
from residents.models import Resident

SUSTAINMENT_ALREADY_RECORDED = "This check has already been recorded."
SUSTAINMENT_NOT_DUE = "This check is not due yet."
REFERRAL_NOT_THEIRS = "Choose one of the jobs suggested to this resident by your provider."
REFERRAL_ALREADY_STARTED = "A job start has already been recorded for this suggested job."
START_AFTER_CHECK_RECORDED = (
    "The start date cannot change once a check has been recorded, because the check was "
    "due from the date that was saved."
)


def _check_referral(
    *, referral: Referral | None, resident: Resident, coach: Coach, outcome_id: int | None
) -> None:
    if referral is None:
        return
    if referral.resident_id != resident.pk or referral.provider_id != coach.provider_id:
        raise ValidationError({"referral": REFERRAL_NOT_THEIRS})
    taken = JobOutcome.objects.filter(referral=referral).exclude(pk=outcome_id)
    if taken.exists():
        raise ValidationError({"referral": REFERRAL_ALREADY_STARTED})


def _referral_started(*, referral: Referral | None, coach: Coach) -> None:
    """The suggested job the resident started is marked as started, whatever step it had
    reached: a coach often hears of the start before the interview or the offer."""
    if referral is None or referral.status == Referral.Status.STARTED:
        return
    previous = referral.get_status_display()
    referral.status, referral.status_changed_at = Referral.Status.STARTED, timezone.now()
    save_checked(referral)
    audit(
        coach,
        A.CHANGE,
        referral,
        referral.resident,
        f"Referral to {referral.vacancy_id}: {previous} to {referral.get_status_display()}",
    )


def in_work_status(outcome: JobOutcome) -> str:
    """The caseload status a job start leads to: in work, and still looking for better work
    when the job gives fewer hours than the resident wants."""
    if outcome.fewer_hours_than_wanted:
        return CaseStatus.IN_WORK_LOOKING
    return CaseStatus.IN_WORK


def _caseload_in_work(*, outcome: JobOutcome, coach: Coach) -> CaseloadEntry | None:
    entry = (
        CaseloadEntry.objects.open()
        .select_for_update()
        .filter(resident=outcome.resident, provider=coach.provider)
        .first()
    )
    if entry is None:
        return None
    status = in_work_status(outcome)
    if entry.status == status:
        return entry
    previous = entry.get_status_display()
    entry.status, entry.status_changed_at = status, timezone.now()
    save_checked(entry)
    audit(
        coach,
        A.CHANGE,
        entry,
        outcome.resident,
        f"Status: {previous} to {entry.get_status_display()} (job start recorded)",
    )
    return entry


def _pay_figures(
    *, resident: Resident, start_date: datetime.date, hours_per_week: Decimal, hourly_pay: Decimal
) -> dict:
    rate = LivingWageRate.objects.in_force_on(start_date)
    return {
        "living_wage_rate": rate,
        "below_living_wage": rate is not None and hourly_pay < rate,
        "fewer_hours_than_wanted": resident.hours_min is not None
        and hours_per_week < resident.hours_min,
    }


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
    require_consent(resident=resident, provider=coach.provider, scope=JobOutcome.consent_scope)
    _check_referral(referral=referral, resident=resident, coach=coach, outcome_id=None)
    outcome = save_checked(
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
            **_pay_figures(
                resident=resident,
                start_date=start_date,
                hours_per_week=hours_per_week,
                hourly_pay=hourly_pay,
            ),
        )
    )
    for weeks in SustainmentCheck.Milestone.values:
        save_checked(
            SustainmentCheck(
                job_outcome=outcome, weeks=weeks, due_on=sustainment_due_on(start_date, weeks)
            )
        )
    audit(coach, A.CREATE, outcome, resident, f"Job start: {outcome}")
    _referral_started(referral=referral, coach=coach)
    _caseload_in_work(outcome=outcome, coach=coach)
    return outcome


@transaction.atomic
def job_outcome_update(
    *,
    outcome: JobOutcome,
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
    """Correct a job start. Checks not yet recorded move with the start date."""
    outcome = JobOutcome.objects.select_for_update().get(pk=outcome.pk)
    resident = outcome.resident
    if resident is None:
        raise ValidationError(REFERRAL_NOT_THEIRS)
    require_consent(resident=resident, provider=outcome.provider, scope=JobOutcome.consent_scope)
    _check_referral(referral=referral, resident=resident, coach=coach, outcome_id=outcome.pk)
    checks = list(outcome.sustainment_checks.select_for_update())
    if start_date != outcome.start_date and any(c.recorded_at for c in checks):
        raise ValidationError({"start_date": START_AFTER_CHECK_RECORDED})
    outcome.referral, outcome.start_date = referral, start_date
    outcome.employer_name, outcome.job_title = employer_name, job_title
    outcome.hours_per_week, outcome.hourly_pay = hours_per_week, hourly_pay
    outcome.contract_type, outcome.flexible_options = contract_type, list(flexible_options)
    for name, value in _pay_figures(
        resident=resident,
        start_date=start_date,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
    ).items():
        setattr(outcome, name, value)
    save_checked(outcome)
    for check in checks:
        due_on = sustainment_due_on(start_date, check.weeks)
        if check.due_on != due_on:
            check.due_on, check.reminder_sent_at = due_on, None
            save_checked(check)
    audit(coach, A.CHANGE, outcome, resident, f"Job start changed: {outcome}")
    _referral_started(referral=referral, coach=coach)
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
    save_checked(check)
    audit(
        coach,
        A.CHANGE,
        check,
        check.job_outcome.resident,
        f"{check.name}: "
        + ("still in work" if still_in_work else "no longer in work"),
    )
    return check
