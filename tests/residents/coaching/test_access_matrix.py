"""Who may read, list, export and change each kind of coaching record, as a matrix.

Every kind of coaching record × every operation a member of staff can do with it × every
relation the person asking can have to the record. The records are made by provider A's
coach for a resident who is also supported by provider B. The cells are generated from
KINDS, OPERATIONS and VIEWERS, and a model that holds a resident's coaching data without an
entry in KINDS (or a reason in NOT_RECORDS) fails test_every_coaching_record_kind_is_in_the_matrix.

Operations are done as a person does them, through the pages: the resident record page
(read), the caseload page and the records' visible_to (list), the caseload CSV (export), the
record's own buttons and forms (change, posted with the session's valid token when the page
does not offer them, as an attacker signed in to the portal could), and the record's own
edit page (edit: opened, then saved from the page it shows).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from residents.coaching.models import (
    Action,
    Barrier,
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    Coach,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    ProviderTransfer,
    Referral,
    SustainmentCheck,
)
from residents.coaching.querysets import ProviderScopedQuerySet
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.factories import (
    ActionFactory,
    BarrierFactory,
    CaseNoteFactory,
    FlexibleWorkingRequestFactory,
    JobOutcomeFactory,
    ReferralFactory,
)
from tests.residents.factories import (
    CoachFactory,
    ManagerCoachFactory,
    OfflineResidentFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

MARK = "Zqx"  # in every record's text, so a leak of any of them shows on a page
FULL = {"shares_profile": True, "shares_health": True, "shares_plan": True}


def _today() -> datetime.date:
    return timezone.localdate()


# -- The setting: a resident supported by providers A and B ------------------------------------


@dataclass
class World:
    resident: object
    coach_a: Coach  # holds the resident's entry at A, and made every record
    entry_a: CaseloadEntry
    manager_a: Coach
    colleague_a: Coach  # at A, neither holding the entry nor a manager
    coach_b: Coach  # holds the resident's entry at B
    coach_c: Coach  # at a third provider, with no relation to the resident
    record: object = None
    extra: dict = field(default_factory=dict)


def _on_caseload(coach: Coach, resident, **shares) -> CaseloadEntry:
    Consent.objects.create(
        resident=resident, provider=coach.provider, method="in_person", **{**FULL, **shares}
    )
    return CaseloadEntry.objects.create(resident=resident, coach=coach, provider=coach.provider)


def _world() -> World:
    resident = OfflineResidentFactory(hours_min=Decimal("16"))
    coach_a = CoachFactory()
    entry_a = _on_caseload(coach_a, resident)
    coach_b = CoachFactory()
    _on_caseload(coach_b, resident)
    return World(
        resident=resident,
        coach_a=coach_a,
        entry_a=entry_a,
        manager_a=ManagerCoachFactory(provider=coach_a.provider),
        colleague_a=CoachFactory(provider=coach_a.provider),
        coach_b=coach_b,
        coach_c=CoachFactory(provider=ProviderFactory()),
    )


# -- The kinds of record ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How to make one record of a kind at provider A, and the consent flags it needs."""

    make: Callable[[World], object]
    needs: tuple[str, ...]
    # Listed: the records' own visible_to, and what the caseload page shows of the record
    # (its row's annotations), if anything.
    listed: bool = True
    on_caseload: Callable[[World, object], bool] | None = None
    # What the caseload CSV shows of the record, if anything.
    exported_as: Callable[[World], str] | None = None
    # A POST that changes the record: (url, data, check that it changed), and whether it is
    # a button on the record page (else a form page of its own).
    change: Callable[[World], tuple[str, dict, Callable[[], bool]]] | None = None
    button: bool = True
    detail_url: Callable[[World], str] | None = None
    # The record's edit page: (url, data, check that it changed).
    edit: Callable[[World], tuple[str, dict, Callable[[], bool]]] | None = None


def _rec(w: World, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"pk": w.resident.pk, **kwargs})


def _barrier(kind: str) -> Callable[[World], object]:
    return lambda w: BarrierFactory(
        resident=w.resident, recorded_by=w.coach_a, kind=kind, note=f"{MARK} barrier {kind}"
    )


def _barrier_change(w: World):
    barrier = w.record
    return (
        _rec(w, "coaching:barrier_resolve", barrier_pk=barrier.pk),
        {},
        lambda: Barrier.objects.get(pk=barrier.pk).resolved_on is not None,
    )


def _barrier_label(w: World) -> str:
    return w.record.get_kind_display()


def _note(w: World):
    return CaseNoteFactory(
        resident=w.resident,
        author=w.coach_a,
        contact_on=_today() - datetime.timedelta(days=11),
        text=f"{MARK} note",
    )


def _action(w: World):
    return ActionFactory(
        resident=w.resident,
        created_by=w.coach_a,
        due_on=_today() + datetime.timedelta(days=17),
        description=f"{MARK} action",
    )


def _action_change(w: World):
    action = w.record
    return (
        _rec(w, "coaching:action_done", action_pk=action.pk),
        {},
        lambda: Action.objects.get(pk=action.pk).completed_at is not None,
    )


def _typed(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def _action_edit(w: World):
    action = w.record
    return (
        _rec(w, "coaching:action_edit", action_pk=action.pk),
        {"description": "Changed", "owner": "coach", **_typed("due_on", action.due_on)},
        lambda: Action.objects.get(pk=action.pk).description == "Changed",
    )


def _outcome_edit(w: World):
    outcome = w.record
    return (
        _rec(w, "coaching:outcome_edit", outcome_pk=outcome.pk),
        {
            **_typed("start_date", outcome.start_date),
            "employer_name": "Camden Libraries",
            "job_title": "Changed",
            "hours_per_week": "20",
            "hourly_pay": "15.10",
            "contract_type": "permanent",
        },
        lambda: JobOutcome.objects.get(pk=outcome.pk).job_title == "Changed",
    )


def _referral(w: World):
    vacancy = LiveVacancyFactory(title=f"{MARK} referral job")
    return ReferralFactory(resident=w.resident, coach=w.coach_a, vacancy=vacancy)


def _referral_change(w: World):
    referral = w.record
    return (
        _rec(w, "coaching:referral_status", referral_pk=referral.pk),
        {"status": "applied"},
        lambda: Referral.objects.get(pk=referral.pk).status == "applied",
    )


def _request(w: World):
    return FlexibleWorkingRequestFactory(
        resident=w.resident, prepared_by=w.coach_a, employer_name=f"{MARK} Flexible Ltd"
    )


def _outcome(w: World):
    return JobOutcomeFactory(
        resident=w.resident,
        coach=w.coach_a,
        job_title=f"{MARK} outcome job",
        start_date=_today() - datetime.timedelta(weeks=14),
    )


def _check(w: World):
    outcome = _outcome(w)
    return SustainmentCheck.objects.get(job_outcome=outcome, weeks=13)


def _check_change(w: World):
    check = w.record
    return (
        _rec(w, "coaching:sustainment_record", check_pk=check.pk),
        {"still_in_work": "yes", "hours_per_week": "21.5", "hourly_pay": "15.10"},
        lambda: SustainmentCheck.objects.get(pk=check.pk).recorded_at is not None,
    )


def _goals(w: World):
    w.entry_a.goals = f"{MARK} goals"
    w.entry_a.save(update_fields=["goals"])
    return w.entry_a


def _barrier_listed(w: World, row) -> bool:
    return w.record.kind in (row.open_barriers or [])


def _date(day: datetime.date) -> str:
    return day.isoformat()


BARRIER = {
    "needs": ("shares_profile",),
    "on_caseload": _barrier_listed,
    "exported_as": _barrier_label,
    "change": _barrier_change,
}
SENSITIVE = {**BARRIER, "needs": ("shares_profile", "shares_health")}

KINDS: dict[str, Kind] = {
    "case note": Kind(
        _note,
        ("shares_profile",),
        on_caseload=lambda w, row: row.last_contact == w.record.contact_on,
        exported_as=lambda w: _date(w.record.contact_on),
    ),
    "barrier": Kind(_barrier(BarrierKind.CHILDCARE), **BARRIER),
    "health barrier": Kind(_barrier(BarrierKind.HEALTH), **SENSITIVE),
    "convictions barrier": Kind(_barrier(BarrierKind.CONVICTIONS), **SENSITIVE),
    "action": Kind(
        _action,
        ("shares_plan",),
        on_caseload=lambda w, row: row.next_action_due == w.record.due_on,
        exported_as=lambda w: _date(w.record.due_on),
        change=_action_change,
        edit=_action_edit,
    ),
    "referral": Kind(_referral, ("shares_plan",), change=_referral_change),
    "flexible-working request": Kind(
        _request,
        ("shares_plan",),
        detail_url=lambda w: _rec(w, "coaching:flexible_request", request_pk=w.record.pk),
    ),
    "job outcome": Kind(_outcome, ("shares_plan",), edit=_outcome_edit),
    "sustainment check": Kind(_check, ("shares_plan",), change=_check_change, button=False),
    # Goals are part of the caseload entry, shown on the record page only under consent to
    # the profile; no list, export or form changes them.
    "goals": Kind(_goals, ("shares_profile",), listed=False),
}

# Models of a resident's coaching data that are not records a provider makes, with why.
NOT_RECORDS = {
    Consent: "the resident's own terms; each provider sees only its own, on the record page",
    CaseloadEntry: "the access itself (CaseloadEntry.visible_to); its goals are in KINDS",
    ProviderTransfer: "a move, seen by both providers; tested in test_transfers",
}

MODEL_OF = {
    "case note": CaseNote,
    "barrier": Barrier,
    "health barrier": Barrier,
    "convictions barrier": Barrier,
    "action": Action,
    "referral": Referral,
    "flexible-working request": FlexibleWorkingRequest,
    "job outcome": JobOutcome,
    "sustainment check": SustainmentCheck,
    "goals": CaseloadEntry,
}


# -- Who is asking, and under what consent --------------------------------------------------


def _withdraw_a(w: World) -> None:
    # Withdrawn at the database, with the entry left open, so the scope alone must refuse.
    Consent.objects.filter(resident=w.resident, provider=w.coach_a.provider).update(
        withdrawn_at=timezone.now()
    )


def _narrow_a(kind: Kind) -> Callable[[World], None]:
    def narrow(w: World) -> None:
        # The consent covers everything but the first flag this kind needs.
        flags = {**FULL, kind.needs[-1]: False}
        if not any(flags.values()):
            flags["shares_plan"] = True
        Consent.objects.filter(resident=w.resident, provider=w.coach_a.provider).update(**flags)

    return narrow


@dataclass(frozen=True)
class Viewer:
    who: Callable[[World], Coach]
    allowed: bool
    prepare: Callable[[Kind], Callable[[World], None]] | None = None


VIEWERS: dict[str, Viewer] = {
    "same provider": Viewer(lambda w: w.coach_a, allowed=True),
    "manager": Viewer(lambda w: w.manager_a, allowed=True),
    "other provider": Viewer(lambda w: w.coach_b, allowed=False),
    "coach of another provider": Viewer(lambda w: w.coach_c, allowed=False),
    "colleague without the entry": Viewer(lambda w: w.colleague_a, allowed=False),
    "consent without that scope": Viewer(lambda w: w.coach_a, allowed=False, prepare=_narrow_a),
    "consent withdrawn": Viewer(
        lambda w: w.coach_a, allowed=False, prepare=lambda kind: _withdraw_a
    ),
}

OPERATIONS = ("read", "list", "export", "change", "edit")


def _cells():
    for kind_name, kind in KINDS.items():
        for operation in OPERATIONS:
            applies = {
                "read": True,
                "list": kind.listed,
                "export": kind.exported_as is not None,
                "change": kind.change is not None,
                "edit": kind.edit is not None,
            }[operation]
            if not applies:
                continue
            for viewer_name in VIEWERS:
                yield pytest.param(
                    kind_name, operation, viewer_name, id=f"{kind_name}-{operation}-{viewer_name}"
                )


CELLS = list(_cells())


@pytest.fixture
def setting(client, mfa_login):
    def build(kind_name: str, viewer_name: str):
        kind, viewer = KINDS[kind_name], VIEWERS[viewer_name]
        w = _world()
        w.record = kind.make(w)
        if viewer.prepare is not None:
            viewer.prepare(kind)(w)
        coach = viewer.who(w)
        mfa_login(client, coach.user)
        return w, kind, viewer, coach

    return build


@pytest.mark.parametrize(("kind_name", "operation", "viewer_name"), CELLS)
def test_matrix(setting, client, kind_name, operation, viewer_name):
    w, kind, viewer, coach = setting(kind_name, viewer_name)
    record_page = _rec(w, "coaching:record")
    if operation == "read":
        response = client.get(record_page)
        shown = response.status_code == 200 and MARK in response.content.decode()
        if kind.detail_url is not None:
            detail = client.get(kind.detail_url(w))
            assert (detail.status_code == 200) is viewer.allowed
        assert shown is viewer.allowed
    elif operation == "list":
        model = MODEL_OF[kind_name]
        assert model.objects.visible_to(coach.user).filter(pk=w.record.pk).exists() is (
            viewer.allowed
        )
        response = client.get(reverse("coaching:caseload"))
        assert MARK not in response.content.decode()  # no record's text is ever listed
        if kind.on_caseload is not None:
            rows = [r for r in response.context["object_list"] if r.resident_id == w.resident.pk]
            assert any(kind.on_caseload(w, row) for row in rows) is viewer.allowed
    elif operation == "export":
        response = client.get(reverse("coaching:caseload_export"))
        rows = [line for line in response.content.decode().splitlines()[1:] if line]
        exported = any(kind.exported_as(w) in line for line in rows)
        assert exported is viewer.allowed
    elif operation == "edit":
        url, data, changed = kind.edit(w)
        page = client.get(url)
        if viewer.allowed:
            assert page.status_code == 200
            response = client.post(url, data)
            assert response.status_code == 302
        else:
            assert page.status_code in (403, 404)
            response = client.post(url, data, forged=True)
            assert response.status_code in (403, 404)
        assert changed() is viewer.allowed
    else:
        url, data, changed = kind.change(w)
        if viewer.allowed:
            page = {"from_page": record_page} if kind.button else {}
            response = client.post(url, data, **page)
            assert response.status_code == 302
        else:
            response = client.post(url, data, forged=True)
            assert response.status_code in (403, 404)
        assert changed() is viewer.allowed


def test_every_coaching_record_kind_is_in_the_matrix():
    """A model holding a resident's coaching data joins the matrix or says why not."""
    coaching = apps.get_app_config("coaching").module.__name__
    holding = {
        model
        for model in apps.get_models()
        if model.__module__.startswith(coaching)
        and (
            isinstance(model.objects.all(), ProviderScopedQuerySet)
            or any(
                f.is_relation
                and f.related_model is not None
                and f.related_model._meta.label == "residents.Resident"
                for f in model._meta.get_fields()
                if not f.auto_created or f.concrete
            )
        )
    }
    covered = set(MODEL_OF.values()) | set(NOT_RECORDS)
    assert holding <= covered, sorted(m.__name__ for m in holding - covered)
    scoped = {m for m in holding if isinstance(m.objects.all(), ProviderScopedQuerySet)}
    assert scoped == set(MODEL_OF.values()) - {CaseloadEntry}


def test_matrix_size():
    """Every kind is tried by every viewer for every operation that exists for it."""
    assert len(CELLS) == len(VIEWERS) * sum(
        1
        + k.listed
        + (k.exported_as is not None)
        + (k.change is not None)
        + (k.edit is not None)
        for k in KINDS.values()
    )
    assert len(CELLS) >= 200
