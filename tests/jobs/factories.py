import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from jobs.choices import ContractType, Flexibility, PayPeriod, Place, Sector, TimeOption, Ward
from jobs.models import LivingWageRate, Vacancy
from tests.employers.factories import OrganisationFactory


class DraftVacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Care assistant {n}")
    summary = "Support older people to live well at home."
    description = "We are looking for a caring person.\n\n- paid training\n- a supportive team"
    sector = Sector.HEALTH_CARE
    contract_type = ContractType.PERMANENT
    hours_min = Decimal("16")
    hours_max = Decimal("24")
    work_pattern = "Weekdays, 9am to 3pm"
    zero_hours = False
    # A zero-hours contract guarantees none.
    guaranteed_hours = factory.LazyAttribute(
        lambda o: Decimal("0") if o.zero_hours else Decimal("16"))
    pay_min = Decimal("15.00")
    pay_max = Decimal("16.50")
    pay_period = PayPeriod.HOUR
    flexibility = Flexibility.YES
    time_options = factory.LazyFunction(lambda: [TimeOption.PART_TIME, TimeOption.TERM_TIME])
    place = Place.ON_SITE
    ward = Ward.CAMDEN_TOWN
    postcode = "NW1 7JE"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    apply_url = "https://jobs.example.org/apply"
    status = Vacancy.Status.DRAFT


class LiveVacancyFactory(DraftVacancyFactory):
    status = Vacancy.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    submitted_at = factory.SelfAttribute("published_at")
    pays_living_wage = True
    alerts_matched_at = factory.SelfAttribute("published_at")


class InReviewVacancyFactory(DraftVacancyFactory):
    status = Vacancy.Status.IN_REVIEW
    submitted_at = factory.LazyFunction(timezone.now)


class ClosedVacancyFactory(LiveVacancyFactory):
    status = Vacancy.Status.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


class ExpiredVacancyFactory(LiveVacancyFactory):
    status = Vacancy.Status.EXPIRED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=40))
    closing_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    closed_at = factory.LazyFunction(timezone.now)


class RejectedVacancyFactory(InReviewVacancyFactory):
    """Sent back by the council: a draft again, with the reviewer's note."""

    status = Vacancy.Status.DRAFT
    moderation_note = "Please say which flexible working options the role offers."
    sent_back_at = factory.LazyFunction(timezone.now)


class PastClosingDateVacancyFactory(LiveVacancyFactory):
    """Still marked live, its closing date passed: waiting for the nightly expiry."""

    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closing_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class LivingWageRateFactory(factory.django.DjangoModelFactory):
    """An earlier year's rate, long superseded by the one in force."""

    class Meta:
        model = LivingWageRate

    hourly_rate = Decimal("11.05")
    effective_from = factory.Sequence(
        lambda n: datetime.date(2020, 11, 9) - datetime.timedelta(days=n)
    )
    announced_on = factory.SelfAttribute("effective_from")
    note = "London Living Wage, an earlier year"


class UpcomingLivingWageRateFactory(LivingWageRateFactory):
    """Announced, and in force from a day still to come."""

    hourly_rate = Decimal("15.55")
    effective_from = factory.Sequence(
        lambda n: timezone.localdate() + datetime.timedelta(days=30 + n)
    )
    announced_on = factory.LazyFunction(timezone.localdate)
    note = "London Living Wage, next year"
