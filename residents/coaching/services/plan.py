"""The shared plan: barriers, actions, and flexible-working requests."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.models import User
from residents.coaching.models import (
    Action,
    Barrier,
    Coach,
    FlexibleWorkingRequest,
)
from residents.coaching.services.common import A, audit, require_consent, save_checked
from residents.models import Resident

ACTION_ALREADY_DONE = "This action is already done."
BARRIER_ALREADY_OPEN = "This barrier is already recorded as current."



@transaction.atomic
def barrier_record(
    *,
    resident: Resident,
    coach: Coach,
    kind: str,
    identified_on: datetime.date | None = None,
    note: str = "",
) -> Barrier:
    require_consent(resident=resident, provider=coach.provider, scope=Barrier.consent_scope)
    if kind in Barrier.SENSITIVE_KINDS:
        require_consent(resident=resident, provider=coach.provider, scope="shares_health")
    open_here = Barrier.objects.filter(
        resident=resident, provider=coach.provider, kind=kind, resolved_on__isnull=True
    )
    if open_here.exists():
        raise ValidationError(BARRIER_ALREADY_OPEN)
    barrier = save_checked(
        Barrier(
            resident=resident,
            provider=coach.provider,
            kind=kind,
            identified_on=identified_on or timezone.localdate(),
            recorded_by=coach,
            note=note,
        )
    )
    audit(coach, A.CREATE, barrier, resident, f"Barrier identified: {barrier}")
    return barrier


@transaction.atomic
def barrier_resolve(
    *, barrier: Barrier, coach: Coach, resolved_on: datetime.date | None = None
) -> Barrier:
    barrier.resolved_on = resolved_on or timezone.localdate()
    save_checked(barrier)
    audit(coach, A.CHANGE, barrier, barrier.resident, f"Barrier no longer applies: {barrier}")
    return barrier


@transaction.atomic
def action_create(
    *,
    resident: Resident,
    coach: Coach,
    description: str,
    owner: str,
    due_on: datetime.date,
) -> Action:
    require_consent(resident=resident, provider=coach.provider, scope=Action.consent_scope)
    action = save_checked(
        Action(
            resident=resident,
            provider=coach.provider,
            created_by=coach,
            description=description,
            owner=owner,
            due_on=due_on,
        )
    )
    audit(coach, A.CREATE, action, resident, f"Action agreed: {description}")
    return action


@transaction.atomic
def action_update(
    *, action: Action, coach: Coach, description: str, owner: str, due_on: datetime.date
) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    require_consent(resident=action.resident, provider=action.provider, scope=Action.consent_scope)
    if action.completed_at is not None:
        raise ValidationError(ACTION_ALREADY_DONE)
    action.description, action.owner, action.due_on = description, owner, due_on
    save_checked(action)
    audit(coach, A.CHANGE, action, action.resident, f"Action changed: {description}")
    return action


@transaction.atomic
def action_complete(*, action: Action, by: User) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.completed_at is not None:
        raise ValidationError(ACTION_ALREADY_DONE)
    action.completed_at, action.completed_by = timezone.now(), by
    save_checked(action)
    audit(by, A.CHANGE, action, action.resident, f"Action done: {action.description}")
    return action


@transaction.atomic
def flexible_working_request_create(
    *, resident: Resident, coach: Coach, data: dict, letter: str
) -> FlexibleWorkingRequest:
    answers = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in data.items()
    }
    require_consent(
        resident=resident, provider=coach.provider, scope=FlexibleWorkingRequest.consent_scope
    )
    request = save_checked(
        FlexibleWorkingRequest(
            resident=resident,
            provider=coach.provider,
            prepared_by=coach,
            employer_name=data["employer_name"],
            start_date=data["start_date"],
            answers=answers,
            letter=letter,
        )
    )
    audit(
        coach,
        A.CREATE,
        request,
        resident,
        f"Flexible working request to {request.employer_name}",
    )
    return request
