"""Work-coaching rows in each of their states.

ProviderFactory, CoachFactory and ManagerCoachFactory live in tests.residents.factories and
are imported here so every coaching factory can be found in one module. Each row names the
same provider as its coach, as the services do."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from jobs.choices import ContractType, TimeOption
from jobs.letters import render_flexible_working_request
from jobs.models import LivingWageRate
from residents.coaching.models import (
    Action,
    Barrier,
    BarrierKind,
    CaseloadEntry,
    CaseNote,
    CaseStatus,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    Provider,
    ProviderTransfer,
    Referral,
    ReferralStatus,
    SustainmentCheck,
    sustainment_due_on,
)
from tests.residents.factories import (
    CoachFactory,
    OfflineResidentFactory,
    ProviderFactory,
)
from tests.residents.factories import ManagerCoachFactory as ManagerCoachFactory


def _today() -> datetime.date:
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _weeks_ago(n: int) -> datetime.date:
    return _today() - datetime.timedelta(weeks=n)


# -- Providers and coaches ----------------------------------------------------------------


class CouncilProviderFactory(ProviderFactory):
    kind = Provider.Kind.COUNCIL
    email = factory.Sequence(lambda n: f"employment-support{n}@camden.example.gov.uk")


class ReferralOnlyProviderFactory(ProviderFactory):
    """Takes residents only when a coach refers them, not when they ask."""

    kind = Provider.Kind.COLLEGE
    accepts_self_referrals = False


class InactiveCoachFactory(CoachFactory):
    """A coach who has left the post: the row stays, the access goes."""

    active = False


# -- Consent ------------------------------------------------------------------------------


class ConsentFactory(factory.django.DjangoModelFactory):
    """Current consent as the portal records it by default: profile and plan, not health."""

    class Meta:
        model = Consent

    resident = factory.SubFactory(OfflineResidentFactory)
    provider = factory.SubFactory(ProviderFactory)
    shares_profile = True
    shares_health = False
    shares_plan = True
    method = Consent.Method.IN_PERSON
    given_at = factory.LazyFunction(timezone.now)


class ProfileConsentFactory(ConsentFactory):
    """Current consent to share the profile only."""

    shares_plan = False


class HealthConsentFactory(ConsentFactory):
    """Current consent to share health information only."""

    shares_profile = False
    shares_health = True
    shares_plan = False


class PlanConsentFactory(ConsentFactory):
    """Current consent to share the action plan and referrals only."""

    shares_profile = False


class WithdrawnConsentFactory(ConsentFactory):
    given_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    withdrawn_at = factory.LazyFunction(timezone.now)


# -- Caseload entries ---------------------------------------------------------------------


class CaseloadEntryFactory(factory.django.DjangoModelFactory):
    """An open entry, looking for work, with the resident's current consent to the provider
    (pass consent=False for an entry without it)."""

    class Meta:
        model = CaseloadEntry
        skip_postgeneration_save = True

    resident = factory.SubFactory(OfflineResidentFactory)
    coach = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("coach.provider")
    status = CaseStatus.LOOKING
    goals = "Part-time work in care, within school hours."
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        current = Consent.objects.current().filter(resident=obj.resident, provider=obj.provider)
        if not current.exists():
            ConsentFactory(resident=obj.resident, provider=obj.provider, given_by=obj.coach.user)


class InWorkLookingCaseloadEntryFactory(CaseloadEntryFactory):
    status = CaseStatus.IN_WORK_LOOKING


class InWorkCaseloadEntryFactory(CaseloadEntryFactory):
    status = CaseStatus.IN_WORK


class PausedCaseloadEntryFactory(CaseloadEntryFactory):
    status = CaseStatus.PAUSED


class ClosedStatusCaseloadEntryFactory(CaseloadEntryFactory):
    """Status set to closed by the coach, the entry itself not yet ended."""

    status = CaseStatus.CLOSED


class EndedCaseloadEntryFactory(CaseloadEntryFactory):
    status = CaseStatus.CLOSED
    ended_at = factory.LazyFunction(timezone.now)
    end_reason = "Found work"


# -- Notes, barriers and the action plan --------------------------------------------------


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    resident = factory.SubFactory(OfflineResidentFactory)
    author = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("author.provider")
    contact_on = factory.LazyFunction(_today)
    contact_type = CaseNote.Contact.PHONE
    text = "Talked through care jobs near home that fit school hours."


class BarrierFactory(factory.django.DjangoModelFactory):
    """An open barrier."""

    class Meta:
        model = Barrier

    resident = factory.SubFactory(OfflineResidentFactory)
    kind = BarrierKind.CHILDCARE
    identified_on = factory.LazyFunction(lambda: _days(-14))
    recorded_by = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("recorded_by.provider")
    note = "Needs work within school hours."


class ResolvedBarrierFactory(BarrierFactory):
    resolved_on = factory.LazyFunction(_today)


class HealthBarrierFactory(BarrierFactory):
    """Special category data (UK GDPR article 9)."""

    kind = BarrierKind.HEALTH
    note = "Back pain; cannot stand for long."


class ResolvedHealthBarrierFactory(HealthBarrierFactory):
    resolved_on = factory.LazyFunction(_today)


class ConvictionsBarrierFactory(BarrierFactory):
    """Criminal offence data (UK GDPR article 10)."""

    kind = BarrierKind.CONVICTIONS
    note = "A spent conviction; unsure what to tell employers."


class ResolvedConvictionsBarrierFactory(ConvictionsBarrierFactory):
    resolved_on = factory.LazyFunction(_today)


class ActionFactory(factory.django.DjangoModelFactory):
    """An open action, due in a week."""

    class Meta:
        model = Action

    resident = factory.SubFactory(OfflineResidentFactory)
    created_by = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("created_by.provider")
    description = factory.Sequence(lambda n: f"Apply for two care jobs ({n})")
    owner = Action.Owner.RESIDENT
    due_on = factory.LazyFunction(lambda: _days(7))


class OverdueActionFactory(ActionFactory):
    due_on = factory.LazyFunction(lambda: _days(-3))


class DoneActionFactory(ActionFactory):
    due_on = factory.LazyFunction(lambda: _days(-3))
    completed_at = factory.LazyFunction(timezone.now)
    completed_by = factory.SelfAttribute("created_by.user")


# -- Referrals ----------------------------------------------------------------------------


class ReferralFactory(factory.django.DjangoModelFactory):
    """A live job a coach suggested."""

    class Meta:
        model = Referral

    resident = factory.SubFactory(OfflineResidentFactory)
    vacancy = factory.SubFactory("tests.jobs.factories.LiveVacancyFactory")
    coach = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("coach.provider")
    message = "Close to home and the hours fit school times."
    status = ReferralStatus.SUGGESTED
    status_changed_at = factory.LazyFunction(timezone.now)


class AppliedReferralFactory(ReferralFactory):
    status = ReferralStatus.APPLIED
    response = Referral.Response.INTERESTED
    responded_at = factory.LazyFunction(timezone.now)


class InterviewReferralFactory(AppliedReferralFactory):
    status = ReferralStatus.INTERVIEW


class OfferReferralFactory(AppliedReferralFactory):
    status = ReferralStatus.OFFER


class StartedReferralFactory(AppliedReferralFactory):
    status = ReferralStatus.STARTED


class UnsuccessfulReferralFactory(AppliedReferralFactory):
    status = ReferralStatus.UNSUCCESSFUL


class WithdrawnReferralFactory(ReferralFactory):
    status = ReferralStatus.WITHDRAWN
    response = Referral.Response.NOT_FOR_ME
    responded_at = factory.LazyFunction(timezone.now)


# Every ReferralStatus and its factory: test_factories checks none is missing.
REFERRAL_FACTORIES = {
    ReferralStatus.SUGGESTED: ReferralFactory,
    ReferralStatus.APPLIED: AppliedReferralFactory,
    ReferralStatus.INTERVIEW: InterviewReferralFactory,
    ReferralStatus.OFFER: OfferReferralFactory,
    ReferralStatus.STARTED: StartedReferralFactory,
    ReferralStatus.UNSUCCESSFUL: UnsuccessfulReferralFactory,
    ReferralStatus.WITHDRAWN: WithdrawnReferralFactory,
}


# -- Flexible-working requests ------------------------------------------------------------


def _request_answers(o) -> dict:
    return {
        "full_name": o.resident.full_name,
        "job_title": "Care assistant",
        "employer_name": o.employer_name,
        "manager_name": "",
        "current_pattern": "Monday to Friday, 8am to 4pm",
        "requested_change": "To work term-time only",
        "start_date": o.start_date.isoformat(),
        "previous_requests": "0",
        "previous_request_date": None,
        "how_it_could_work": "",
    }


class FlexibleWorkingRequestFactory(factory.django.DjangoModelFactory):
    """A statutory request prepared with the resident, the letter as the portal writes it."""

    class Meta:
        model = FlexibleWorkingRequest

    resident = factory.SubFactory(OfflineResidentFactory)
    prepared_by = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("prepared_by.provider")
    employer_name = factory.Sequence(lambda n: f"Camden Care Ltd {n}")
    start_date = factory.LazyFunction(lambda: _days(56))
    answers = factory.LazyAttribute(_request_answers)
    letter = factory.LazyAttribute(
        lambda o: render_flexible_working_request({**o.answers, "start_date": o.start_date})
    )


# -- Job outcomes and whether the job lasted ----------------------------------------------


class SustainmentCheckFactory(factory.django.DjangoModelFactory):
    """A 13-week check that is due and not recorded."""

    class Meta:
        model = SustainmentCheck

    job_outcome = factory.SubFactory(
        "tests.residents.coaching.factories.JobOutcomeFactory",
        start_date=factory.LazyFunction(lambda: _weeks_ago(14)),
        week_13_check=None,
        week_26_check=None,
        week_52_check=None,
    )
    weeks = SustainmentCheck.Milestone.WEEK_13
    due_on = factory.LazyAttribute(lambda o: sustainment_due_on(o.job_outcome.start_date, o.weeks))


class RecordedSustainmentCheckFactory(SustainmentCheckFactory):
    """Recorded: still in the job, at the hours and pay it started on."""

    recorded_at = factory.LazyFunction(timezone.now)
    recorded_by = factory.SelfAttribute("job_outcome.coach")
    still_in_work = True
    hours_per_week = factory.SelfAttribute("job_outcome.hours_per_week")
    hourly_pay = factory.SelfAttribute("job_outcome.hourly_pay")


class LeftWorkSustainmentCheckFactory(SustainmentCheckFactory):
    """Recorded: no longer in the job."""

    recorded_at = factory.LazyFunction(timezone.now)
    recorded_by = factory.SelfAttribute("job_outcome.coach")
    still_in_work = False


def _check(check_factory: type[SustainmentCheckFactory], weeks: int) -> factory.RelatedFactory:
    return factory.RelatedFactory(check_factory, factory_related_name="job_outcome", weeks=weeks)


class JobOutcomeFactory(factory.django.DjangoModelFactory):
    """A job started four weeks ago, with its 13-, 26- and 52-week checks made as the portal
    makes them, none due yet (pass week_13_check=None, week_26_check=None, week_52_check=None
    for no checks)."""

    class Meta:
        model = JobOutcome
        skip_postgeneration_save = True

    resident = factory.SubFactory(OfflineResidentFactory)
    coach = factory.SubFactory(CoachFactory)
    provider = factory.SelfAttribute("coach.provider")
    start_date = factory.LazyFunction(lambda: _weeks_ago(4))
    employer_name = factory.Sequence(lambda n: f"Camden Employer {n}")
    job_title = "Care assistant"
    hours_per_week = Decimal("24")
    hourly_pay = Decimal("15.00")
    contract_type = ContractType.PERMANENT
    flexible_options = factory.LazyFunction(lambda: [TimeOption.TERM_TIME])
    living_wage_rate = factory.LazyAttribute(
        lambda o: LivingWageRate.objects.in_force_on(o.start_date)
    )
    below_living_wage = factory.LazyAttribute(
        lambda o: o.living_wage_rate is not None and o.hourly_pay < o.living_wage_rate
    )
    fewer_hours_than_wanted = factory.LazyAttribute(
        lambda o: o.resident.hours_min is not None and o.hours_per_week < o.resident.hours_min
    )

    week_13_check = _check(SustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_13)
    week_26_check = _check(SustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_26)
    week_52_check = _check(SustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_52)


class BelowLivingWageJobOutcomeFactory(JobOutcomeFactory):
    """At risk of in-work poverty: paid under the London Living Wage."""

    hourly_pay = Decimal("12.50")


class JobOutcome13WeekCheckDueFactory(JobOutcomeFactory):
    """Started 14 weeks ago: the 13-week check is due, the 26-week one is not."""

    start_date = factory.LazyFunction(lambda: _weeks_ago(14))


class JobOutcome13WeeksRecordedFactory(JobOutcomeFactory):
    """Started 20 weeks ago: lasted 13 weeks, recorded; the 26-week check not due yet."""

    start_date = factory.LazyFunction(lambda: _weeks_ago(20))
    week_13_check = _check(RecordedSustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_13)


class JobOutcome26WeeksRecordedFactory(JobOutcomeFactory):
    """Started 27 weeks ago: lasted 13 and 26 weeks, both recorded."""

    start_date = factory.LazyFunction(lambda: _weeks_ago(27))
    week_13_check = _check(RecordedSustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_13)
    week_26_check = _check(RecordedSustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_26)


class JobOutcomeLeftBefore13WeeksFactory(JobOutcomeFactory):
    """Started 20 weeks ago and recorded at 13 weeks as no longer in the job."""

    start_date = factory.LazyFunction(lambda: _weeks_ago(20))
    week_13_check = _check(LeftWorkSustainmentCheckFactory, SustainmentCheck.Milestone.WEEK_13)


# -- Moves to another provider ------------------------------------------------------------


class ProviderTransferFactory(factory.django.DjangoModelFactory):
    """A move suggested by the resident's coach, waiting for the resident to agree. The
    resident is on the sending coach's caseload, with consent to the sending provider."""

    class Meta:
        model = ProviderTransfer
        skip_postgeneration_save = True

    resident = factory.SubFactory(OfflineResidentFactory)
    from_coach = factory.SubFactory(CoachFactory)
    from_provider = factory.SelfAttribute("from_coach.provider")
    to_provider = factory.SubFactory(ProviderFactory)
    reason = "They offer evening English classes next to the job club."

    @factory.post_generation
    def on_caseload(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            CaseloadEntryFactory(resident=obj.resident, coach=obj.from_coach)


class DeclinedProviderTransferFactory(ProviderTransferFactory):
    status = ProviderTransfer.Status.DECLINED
    decided_at = factory.LazyFunction(timezone.now)
