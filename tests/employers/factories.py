import datetime
import hashlib
import secrets
from decimal import Decimal

import factory
from django.utils import timezone

from employers.models import (
    ApiKey,
    Membership,
    Organisation,
    Pledge,
    PledgeCheck,
    PledgeCheckRun,
    PledgeVersion,
    VacancyFeed,
    VacancyFeedRun,
)
from employers.services.apikeys import KEY_START, PREFIX_LENGTH
from jobs.choices import Sector, Ward
from jobs.models import MinimumWageRate
from tests.goodwork.core.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Camden Employer {n}")
    sector = Sector.HEALTH_CARE
    size_band = Organisation.SizeBand.SMALL
    ward = Ward.CAMDEN_TOWN
    address = "1 Camden High Street, London"
    postcode = "NW1 7JE"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class OwnerMembershipFactory(MembershipFactory):
    role = Membership.Role.OWNER


def current_pledge_version() -> PledgeVersion:
    return PledgeVersion.objects.get(is_current=True)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.LazyFunction(current_pledge_version)
    signatory_name = "Sam Signatory"
    signatory_role = "Director"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    signed_by = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Invitation"

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.com")
    role = Membership.Role.MEMBER
    invited_by = factory.SubFactory(UserFactory)


class SuspendedOrganisationFactory(OrganisationFactory):
    suspended_at = factory.LazyFunction(timezone.now)
    suspension_reason = "Vacancies did not match the jobs on offer."


class AcceptedInvitationFactory(InvitationFactory):
    accepted_at = factory.LazyFunction(timezone.now)


class RevokedInvitationFactory(InvitationFactory):
    revoked_at = factory.LazyFunction(timezone.now)


class WithdrawnPledgeFactory(PledgeFactory):
    withdrawn_at = factory.LazyFunction(timezone.now)


class CurrentPledgeVersionFactory(factory.django.DjangoModelFactory):
    """The version in force (the data migration's), fetched rather than made again."""

    class Meta:
        model = PledgeVersion
        django_get_or_create = ("is_current",)

    is_current = True
    number = factory.Sequence(lambda n: 1000 + n)
    published_on = factory.LazyFunction(timezone.localdate)
    commitments = "Every vacancy says which flexible working options it offers."


class PledgeVersionFactory(CurrentPledgeVersionFactory):
    """A version that is not in force: one being drafted or one retired."""

    class Meta:
        django_get_or_create = ()

    is_current = False
    min_flexible_share = 60
    at_risk_margin = 5
    min_rota_weeks = 6


PLEDGE_COMMITMENTS = 5


def pledge_check_results(**statuses: str) -> list[dict]:
    """One result per commitment, as the pledge check stores them: met unless given, for
    example pledge_check_results(c3="not_met")."""
    results = []
    for number in range(1, PLEDGE_COMMITMENTS + 1):
        status = statuses.get(f"c{number}", PledgeCheck.Status.MET)
        results.append({
            "commitment": number,
            "status": str(status),
            "reason": "" if status == PledgeCheck.Status.MET else "Short of the commitment.",
            "vacancy_ids": [],
            "vacancies": [],
        })
    return results


class PledgeCheckFactory(factory.django.DjangoModelFactory):
    """Today's check of an active pledge: every commitment met."""

    class Meta:
        model = PledgeCheck

    organisation = factory.SubFactory(OrganisationFactory)
    pledge = factory.SubFactory(PledgeFactory, organisation=factory.SelfAttribute("..organisation"))
    run_on = factory.LazyFunction(timezone.localdate)
    status = PledgeCheck.Status.MET
    vacancies_checked = 4
    results = factory.LazyFunction(pledge_check_results)


class AtRiskPledgeCheckFactory(PledgeCheckFactory):
    """The flexible share a little under the threshold."""

    status = PledgeCheck.Status.AT_RISK
    results = factory.LazyFunction(lambda: pledge_check_results(c2=PledgeCheck.Status.AT_RISK))


class NotMetPledgeCheckFactory(PledgeCheckFactory):
    """A vacancy paying below the London Living Wage."""

    status = PledgeCheck.Status.NOT_MET
    results = factory.LazyFunction(lambda: pledge_check_results(c3=PledgeCheck.Status.NOT_MET))


class PledgeCheckRunFactory(factory.django.DjangoModelFactory):
    """Today's run of the pledge check, finished."""

    class Meta:
        model = PledgeCheckRun

    run_on = factory.LazyFunction(timezone.localdate)
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=2))
    finished_at = factory.LazyFunction(timezone.now)
    organisations_checked = 3


class UnfinishedPledgeCheckRunFactory(PledgeCheckRunFactory):
    """A run started and not finished (still going, or its worker died)."""

    finished_at = None
    organisations_checked = 0


class MinimumWageRateFactory(factory.django.DjangoModelFactory):
    """An earlier year's National Living Wage, long superseded by the rate in force."""

    class Meta:
        model = MinimumWageRate

    band = MinimumWageRate.Band.AGED_21_AND_OVER
    hourly_rate = Decimal("10.42")
    effective_from = factory.Sequence(
        lambda n: datetime.date(2023, 4, 1) - datetime.timedelta(days=n)
    )
    announced_on = factory.LazyAttribute(lambda o: o.effective_from - datetime.timedelta(days=150))
    note = "National Living Wage, an earlier year"


class UpcomingMinimumWageRateFactory(MinimumWageRateFactory):
    """Announced, and in force from a day still to come."""

    hourly_rate = Decimal("13.50")
    effective_from = factory.Sequence(
        lambda n: timezone.localdate() + datetime.timedelta(days=60 + n)
    )
    announced_on = factory.LazyFunction(timezone.localdate)
    note = "National Living Wage, next April"

class ApiKeyFactory(factory.django.DjangoModelFactory):
    """A key as api_key_create makes it; the key itself is on the instance as `.key`."""

    class Meta:
        model = ApiKey

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Recruitment system {n}")
    key = factory.LazyFunction(lambda: KEY_START + secrets.token_urlsafe(32))
    prefix = factory.LazyAttribute(lambda o: o.key[:PREFIX_LENGTH])
    key_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.key.encode()).hexdigest())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = kwargs.pop("key")
        instance = super()._create(model_class, *args, **kwargs)
        instance.key = key
        return instance


class RevokedApiKeyFactory(ApiKeyFactory):
    revoked_at = factory.LazyFunction(timezone.now)


class VacancyFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyFeed

    organisation = factory.SubFactory(OrganisationFactory)
    url = "http://127.0.0.1:9/vacancies.json"
    format = VacancyFeed.Format.API


class PausedVacancyFeedFactory(VacancyFeedFactory):
    failures = 3
    paused_at = factory.LazyFunction(timezone.now)


class VacancyFeedRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyFeedRun

    feed = factory.SubFactory(VacancyFeedFactory)
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
    status = VacancyFeedRun.Status.SUCCEEDED
    created = 2
