"""Job outcomes and whether the job lasted (the 13- and 26-week checks)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.models import LivingWageRate
from residents.coaching.models import (
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
    rate = LivingWageRate.objects.in_force_on(start_date)
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
            living_wage_rate=rate,
            below_living_wage=rate is not None and hourly_pay < rate,
            fewer_hours_than_wanted=resident.hours_min is not None
            and hours_per_week < resident.hours_min,
        )
    )
    for weeks in SustainmentCheck.Milestone.values:
        save_checked(
            SustainmentCheck(
                job_outcome=outcome, weeks=weeks, due_on=sustainment_due_on(start_date, weeks)
            )
        )
    audit(coach, A.CREATE, outcome, resident, f"Job start: {outcome}")
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
        f"{check.get_weeks_display()} check: "
        + ("still in work" if still_in_work else "no longer in work"),
    )
    return check
