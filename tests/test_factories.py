"""Every test factory builds a valid row in the state its name says, and every model has one.

The factories are collected from every tests/**/factories.py, so a new factory is built and
validated here without being listed. A factory named in STATE_CHECKS is also checked to be in
its state."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.utils import timezone

from employers.models import Organisation, Pledge, PledgeCheck
from goodwork.core.models import SiteSettings
from jobs.models import LivingWageRate, Vacancy
from residents.coaching.models import (
    Action,
    Barrier,
    BarrierKind,
    CaseloadEntry,
    CaseStatus,
    Consent,
    Referral,
    ReferralStatus,
    SustainmentCheck,
)
from residents.models import AlertDelivery, Resident, SavedSearch
from residents.models.alerts import ALERT_KEEP_ANSWER_WITHIN, ALERT_STALE_AFTER
from tests.employers.factories import current_pledge_version
from tests.goodwork.core.factories import PASSWORD
from tests.residents.coaching.factories import REFERRAL_FACTORIES

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent
# The apps whose every concrete model needs a factory, by the package its models live in.
FACTORY_APPS = {"goodwork", "jobs", "employers", "residents"}


def _factory_modules() -> list:
    names = sorted(
        ".".join(("tests", *path.relative_to(TESTS).with_suffix("").parts))
        for path in TESTS.rglob("factories.py")
    )
    return [importlib.import_module(name) for name in names]


def _collect_factories() -> list[type[factory.django.DjangoModelFactory]]:
    found: dict[str, type] = {}
    for module in _factory_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value is not factory.django.DjangoModelFactory
                and not value._meta.abstract
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


FACTORIES = _collect_factories()


def _model(factory_class) -> type:
    return factory_class._meta.get_model_class()


# -- What each state means -----------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _check(job_outcome, weeks: int) -> SustainmentCheck:
    return job_outcome.sustainment_checks.get(weeks=weeks)


def _not_due(check: SustainmentCheck) -> bool:
    return check.due_on > _today() and check.recorded_at is None


def _lasted(check: SustainmentCheck) -> bool:
    return check.recorded_at is not None and check.still_in_work is True


def _is_due(check: SustainmentCheck) -> bool:
    return (
        check.due_on <= _today()
        and check.recorded_at is None
        and SustainmentCheck.objects.due().filter(pk=check.pk).exists()
    )


def _open_entry(status: str) -> Callable:
    def check(entry: CaseloadEntry) -> None:
        assert entry.ended_at is None and entry.status == status
        assert entry.provider_id == entry.coach.provider_id
        assert CaseloadEntry.objects.visible_to(entry.coach.user).filter(pk=entry.pk).exists()

    return check


def _consent(profile: bool, health: bool, plan: bool) -> Callable:
    def check(consent: Consent) -> None:
        assert Consent.objects.current().filter(pk=consent.pk).exists()
        assert (consent.shares_profile, consent.shares_health, consent.shares_plan) == (
            profile,
            health,
            plan,
        )

    return check


def _barrier(kind: str, resolved: bool) -> Callable:
    def check(barrier: Barrier) -> None:
        assert barrier.kind == kind
        if resolved:
            assert barrier.resolved_on is not None and barrier.resolved_on >= barrier.identified_on
        else:
            assert barrier.resolved_on is None

    return check


def _referral(status: str) -> Callable:
    final = {ReferralStatus.STARTED, ReferralStatus.UNSUCCESSFUL, ReferralStatus.WITHDRAWN}

    def check(referral: Referral) -> None:
        assert referral.status == status
        assert referral.provider_id == referral.coach.provider_id
        assert Referral.objects.open().filter(pk=referral.pk).exists() is (status not in final)

    return check


def _pledge_check(status: str) -> Callable:
    severity = {
        PledgeCheck.Status.MET: 0,
        PledgeCheck.Status.AT_RISK: 1,
        PledgeCheck.Status.NOT_MET: 2,
    }

    def check(pledge_check: PledgeCheck) -> None:
        assert pledge_check.status == status
        assert pledge_check.pledge.organisation_id == pledge_check.organisation_id
        assert Pledge.objects.active().filter(pk=pledge_check.pledge_id).exists()
        worst = max((r["status"] for r in pledge_check.results), key=severity.__getitem__)
        assert worst == status

    return check


def _saved_search_active(active: bool) -> Callable:
    def check(search: SavedSearch) -> None:
        assert search.is_active is active
        assert SavedSearch.objects.active().filter(pk=search.pk).exists() is active

    return check


STATE_CHECKS: dict[str, Callable] = {
    # Core
    "UserFactory": lambda u: (
        u.check_password(PASSWORD) and u.emailaddress_set.filter(verified=True).exists()
        and not u.is_council_admin
    ),
    "CouncilAdminFactory": lambda u: u.is_council_admin and u.is_superuser,
    "SiteSettingsFactory": lambda s: s.pk == 1 and not SiteSettings.load().moderation_enabled,
    "ModerationOnSiteSettingsFactory": lambda s: (
        s.pk == 1 and SiteSettings.load().moderation_enabled
    ),
    "AuditEventFactory": lambda e: (
        Resident.objects.filter(pk=e.resident_id).exists() and e.subject_id == str(e.resident_id)
    ),
    "ExportAuditEventFactory": lambda e: (
        e.action == "export" and e.resident_id is None and e.actor.is_council_admin
    ),
    # Jobs
    "DraftVacancyFactory": lambda v: v.status == Vacancy.Status.DRAFT and v.published_at is None,
    "InReviewVacancyFactory": lambda v: (
        v.status == Vacancy.Status.IN_REVIEW and v.submitted_at and not v.moderation_note
    ),
    "RejectedVacancyFactory": lambda v: (
        v.status == Vacancy.Status.DRAFT and v.submitted_at and v.moderation_note
    ),
    "LiveVacancyFactory": lambda v: v.is_live and Vacancy.objects.live().filter(pk=v.pk).exists(),
    "PastClosingDateVacancyFactory": lambda v: (
        v.status == Vacancy.Status.PUBLISHED and not v.is_live and v.is_closed
    ),
    "ClosedVacancyFactory": lambda v: (
        v.status == Vacancy.Status.CLOSED and v.closed_at and v.closing_date >= _today()
    ),
    "ExpiredVacancyFactory": lambda v: (
        v.status == Vacancy.Status.EXPIRED and v.closed_at and v.closing_date < _today()
    ),
    "LivingWageRateFactory": lambda r: (
        r.effective_from < _today() and LivingWageRate.objects.current() != r.hourly_rate
    ),
    "UpcomingLivingWageRateFactory": lambda r: (
        r.effective_from > _today() and LivingWageRate.objects.current() != r.hourly_rate
    ),
    "FlexibleJobsSnapshotFactory": lambda s: s.taken_on == _today(),
    "EarlierFlexibleJobsSnapshotFactory": lambda s: (
        s.taken_on < _today() and s.live_vacancies == s.figures["overall"]["total"]
    ),
    # Employers
    "OrganisationFactory": lambda o: Organisation.objects.active().filter(pk=o.pk).exists(),
    "SuspendedOrganisationFactory": lambda o: (
        o.is_suspended and not Organisation.objects.active().filter(pk=o.pk).exists()
    ),
    "MembershipFactory": lambda m: (
        m.user.is_member_of(m.organisation) and not m.user.is_owner_of(m.organisation)
    ),
    "OwnerMembershipFactory": lambda m: m.user.is_owner_of(m.organisation),
    "InvitationFactory": lambda i: i.accepted_at is None and i.revoked_at is None,
    "AcceptedInvitationFactory": lambda i: i.accepted_at is not None and i.revoked_at is None,
    "RevokedInvitationFactory": lambda i: i.revoked_at is not None and i.accepted_at is None,
    "CurrentPledgeVersionFactory": lambda v: v.is_current and v == current_pledge_version(),
    "PledgeVersionFactory": lambda v: not v.is_current and v != current_pledge_version(),
    "PledgeFactory": lambda p: (
        Pledge.objects.active().filter(pk=p.pk).exists()
        and Organisation.objects.pledged().filter(pk=p.organisation_id).exists()
    ),
    "WithdrawnPledgeFactory": lambda p: (
        not Pledge.objects.active().filter(pk=p.pk).exists()
        and not Organisation.objects.pledged().filter(pk=p.organisation_id).exists()
    ),
    "PledgeCheckFactory": _pledge_check(PledgeCheck.Status.MET),
    "AtRiskPledgeCheckFactory": _pledge_check(PledgeCheck.Status.AT_RISK),
    "NotMetPledgeCheckFactory": _pledge_check(PledgeCheck.Status.NOT_MET),
    "PledgeCheckRunFactory": lambda r: r.finished_at is not None and r.finished_at >= r.started_at,
    "UnfinishedPledgeCheckRunFactory": lambda r: r.finished_at is None,
    # Residents
    "ResidentFactory": lambda r: r.user is not None and r.user.is_resident,
    "OfflineResidentFactory": lambda r: r.user is None and r.email,
    "ProfileCompletedResidentFactory": lambda r: (
        r.profile_completed_at is not None and r.hours_min <= r.hours_max
    ),
    "HealthConditionResidentFactory": lambda r: r.health_condition and r.health_consent_at,
    "ShortlistFactory": lambda s: s.applied_at is None and s.vacancy.is_live,
    "AppliedShortlistFactory": lambda s: s.applied_at is not None,
    "ClosedEarlyShortlistFactory": lambda s: (
        s.vacancy.status == Vacancy.Status.CLOSED and s.closed_early_notified_at is not None
    ),
    "SavedSearchFactory": _saved_search_active(True),
    "OwnedSavedSearchFactory": lambda s: (
        s.is_active and SavedSearch.objects.owned_by(s.owner).filter(pk=s.pk).exists()
    ),
    "UnconfirmedSavedSearchFactory": lambda s: (
        s.confirmed_at is None and not SavedSearch.objects.active().filter(pk=s.pk).exists()
    ),
    "PausedSavedSearchFactory": lambda s: s.paused and s.confirmed_at and not s.is_active,
    "UnsubscribedSavedSearchFactory": lambda s: (
        s.unsubscribed_at and s.unsubscribe_reason
        and not SavedSearch.objects.active().filter(pk=s.pk).exists()
    ),
    "StaleSavedSearchFactory": lambda s: (
        SavedSearch.objects.unused_since(timezone.now() - ALERT_STALE_AFTER)
        .not_asked_to_keep().filter(pk=s.pk).exists()
    ),
    "KeepUnansweredSavedSearchFactory": lambda s: (
        SavedSearch.objects.keep_unanswered_since(timezone.now() - ALERT_KEEP_ANSWER_WITHIN)
        .filter(pk=s.pk).exists()
    ),
    "AlertDeliveryFactory": lambda d: AlertDelivery.objects.pending().filter(pk=d.pk).exists(),
    "SentAlertDeliveryFactory": lambda d: (
        AlertDelivery.objects.sent().filter(pk=d.pk).exists() and d.sent_by
    ),
    # Work coaching
    "ProviderFactory": lambda p: p.accepts_self_referrals,
    "CouncilProviderFactory": lambda p: p.kind == "council",
    "ReferralOnlyProviderFactory": lambda p: not p.accepts_self_referrals,
    "CoachFactory": lambda c: (
        c.user.is_coach_at(c.provider) and not c.user.is_manager_at(c.provider)
    ),
    "ManagerCoachFactory": lambda c: c.user.is_manager_at(c.provider),
    "InactiveCoachFactory": lambda c: not c.active and not c.user.is_coach_at(c.provider),
    "ConsentFactory": _consent(profile=True, health=False, plan=True),
    "ProfileConsentFactory": _consent(profile=True, health=False, plan=False),
    "HealthConsentFactory": _consent(profile=False, health=True, plan=False),
    "PlanConsentFactory": _consent(profile=False, health=False, plan=True),
    "WithdrawnConsentFactory": lambda c: (
        c.withdrawn_at is not None and not Consent.objects.current().filter(pk=c.pk).exists()
    ),
    "CaseloadEntryFactory": _open_entry(CaseStatus.LOOKING),
    "InWorkLookingCaseloadEntryFactory": _open_entry(CaseStatus.IN_WORK_LOOKING),
    "InWorkCaseloadEntryFactory": _open_entry(CaseStatus.IN_WORK),
    "PausedCaseloadEntryFactory": _open_entry(CaseStatus.PAUSED),
    "ClosedStatusCaseloadEntryFactory": _open_entry(CaseStatus.CLOSED),
    "EndedCaseloadEntryFactory": lambda e: (
        e.ended_at is not None and e.ended_at >= e.started_at
        and not CaseloadEntry.objects.open().filter(pk=e.pk).exists()
    ),
    "CaseNoteFactory": lambda n: n.provider_id == n.author.provider_id,
    "BarrierFactory": _barrier(BarrierKind.CHILDCARE, resolved=False),
    "ResolvedBarrierFactory": _barrier(BarrierKind.CHILDCARE, resolved=True),
    "HealthBarrierFactory": _barrier(BarrierKind.HEALTH, resolved=False),
    "ResolvedHealthBarrierFactory": _barrier(BarrierKind.HEALTH, resolved=True),
    "ConvictionsBarrierFactory": _barrier(BarrierKind.CONVICTIONS, resolved=False),
    "ResolvedConvictionsBarrierFactory": _barrier(BarrierKind.CONVICTIONS, resolved=True),
    "ActionFactory": lambda a: (
        Action.objects.open().filter(pk=a.pk).exists() and not a.is_overdue
        and a.due_on >= _today()
    ),
    "OverdueActionFactory": lambda a: (
        a.due_on < _today() and a.completed_at is None and a.is_overdue
        and Action.objects.overdue().filter(pk=a.pk).exists()
    ),
    "DoneActionFactory": lambda a: (
        a.completed_at is not None and a.completed_by_id
        and not Action.objects.open().filter(pk=a.pk).exists() and not a.is_overdue
    ),
    **{f.__name__: _referral(status) for status, f in REFERRAL_FACTORIES.items()},
    "ProviderTransferFactory": lambda t: (
        t.status == "pending" and t.from_provider_id != t.to_provider_id
        and CaseloadEntry.objects.visible_to(t.from_coach.user).filter(resident=t.resident).exists()
    ),
    "DeclinedProviderTransferFactory": lambda t: t.status == "declined" and t.decided_at,
    "FlexibleWorkingRequestFactory": lambda r: (
        r.employer_name in r.letter and r.answers["employer_name"] == r.employer_name
        and r.start_date > _today()
    ),
    "SustainmentCheckFactory": lambda c: c.weeks == 13 and _is_due(c),
    "RecordedSustainmentCheckFactory": lambda c: _lasted(c) and c.hours_per_week is not None,
    "LeftWorkSustainmentCheckFactory": lambda c: (
        c.recorded_at is not None and c.still_in_work is False
    ),
    "JobOutcomeFactory": lambda o: (
        o.sustainment_checks.count() == 3 and _not_due(_check(o, 13)) and _not_due(_check(o, 26))
        and _not_due(_check(o, 52)) and not o.in_work_poverty_risk
    ),
    "BelowLivingWageJobOutcomeFactory": lambda o: o.below_living_wage and o.in_work_poverty_risk,
    "JobOutcome13WeekCheckDueFactory": lambda o: _is_due(_check(o, 13)) and _not_due(_check(o, 26)),
    "JobOutcome13WeeksRecordedFactory": lambda o: (
        _lasted(_check(o, 13)) and _not_due(_check(o, 26))
    ),
    "JobOutcome26WeeksRecordedFactory": lambda o: _lasted(_check(o, 13)) and _lasted(_check(o, 26)),
    "JobOutcomeLeftBefore13WeeksFactory": lambda o: (
        _check(o, 13).recorded_at is not None and _check(o, 13).still_in_work is False
    ),
}


# Factories of the one settings row, the one current pledge version, and rows kept one a day.
ONE_IN_ALL_OR_ONE_A_DAY = {
    "SiteSettingsFactory",
    "ModerationOnSiteSettingsFactory",
    "CurrentPledgeVersionFactory",
    "FlexibleJobsSnapshotFactory",
    "PledgeCheckRunFactory",
    "UnfinishedPledgeCheckRunFactory",
}


# -- Tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row_in_its_state(factory_class):
    obj = factory_class()
    obj.refresh_from_db()
    obj.full_clean()
    check = STATE_CHECKS.get(factory_class.__name__)
    if check is not None:
        result = check(obj)
        assert result is None or result, f"{factory_class.__name__} is not in its state"


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_twice_in_one_test(factory_class):
    """Nothing unique is fixed, so two rows fit together, except where the model allows one
    row in all or one a day."""
    if factory_class.__name__ in ONE_IN_ALL_OR_ONE_A_DAY:
        pytest.skip("one row in all, or one a day")
    first, second = factory_class(), factory_class()
    assert first.pk != second.pk


def test_factory_names_are_unique_and_every_state_check_names_a_factory():
    names = [f.__name__ for f in FACTORIES]
    assert len(names) == len(set(names))
    assert set(STATE_CHECKS) <= set(names)
    assert set(names) >= ONE_IN_ALL_OR_ONE_A_DAY


def test_every_referral_status_has_a_factory():
    assert set(REFERRAL_FACTORIES) == set(ReferralStatus.values)
    assert set(REFERRAL_FACTORIES.values()) <= set(FACTORIES)


def test_every_model_has_a_factory():
    models = {
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in FACTORY_APPS and not model._meta.proxy
    }
    covered = {_model(f) for f in FACTORIES}
    missing = sorted(model._meta.label for model in models - covered)
    assert not missing, f"models without a factory: {missing}"
