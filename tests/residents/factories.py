import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from jobs.choices import Day, Place, Sector, TimeOption, Ward
from residents.coaching.models import Coach, Provider
from residents.models import AlertDelivery, Resident, SavedSearch, Shortlist
from residents.models.alerts import ALERT_KEEP_ANSWER_WITHIN, ALERT_STALE_AFTER
from tests.goodwork.core.factories import UserFactory


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    user = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    ward = Ward.KENTISH_TOWN_SOUTH
    postcode = "NW5 1SN"


class OfflineResidentFactory(ResidentFactory):
    """Added by a coach; no account yet."""

    user = None
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"offline{n}@example.net")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Employment Support Provider {n}")
    kind = Provider.Kind.CHARITY


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)


class ManagerCoachFactory(CoachFactory):
    is_manager = True


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A confirmed, active alert with no criteria (every new job)."""

    class Meta:
        model = "residents.SavedSearch"

    owner = None
    email = factory.Sequence(lambda n: f"alert{n}@example.net")
    name = factory.Sequence(lambda n: f"Alert {n}")
    frequency = "immediate"
    confirmed_at = factory.LazyFunction(timezone.now)


class UnconfirmedSavedSearchFactory(SavedSearchFactory):
    confirmed_at = None


class ProfileCompletedResidentFactory(ResidentFactory):
    """Has told the portal what work fits their life."""

    hours_min = Decimal("16")
    hours_max = Decimal("25")
    days_available = factory.LazyFunction(lambda: [Day.MONDAY, Day.TUESDAY, Day.WEDNESDAY])
    times_available = factory.LazyFunction(lambda: [Resident.DayPart.MORNINGS])
    time_options_needed = factory.LazyFunction(lambda: [TimeOption.TERM_TIME])
    places_wanted = factory.LazyFunction(lambda: [Place.ON_SITE, Place.HYBRID])
    sectors = factory.LazyFunction(lambda: [Sector.HEALTH_CARE])
    pay_needed_hourly = Decimal("14.80")
    caring = Resident.Caring.CHILDREN
    profile_completed_at = factory.LazyFunction(timezone.now)


class HealthConditionResidentFactory(ResidentFactory):
    """Told the portal about a health condition, with their explicit consent to keep it."""

    health_consent_at = factory.LazyFunction(timezone.now)
    health_condition = "Arthritis in both hands; no heavy lifting."


class ShortlistFactory(factory.django.DjangoModelFactory):
    """A live job a resident saved and has not applied for yet."""

    class Meta:
        model = Shortlist

    resident = factory.SubFactory(ResidentFactory)
    vacancy = factory.SubFactory("tests.jobs.factories.LiveVacancyFactory")


class AppliedShortlistFactory(ShortlistFactory):
    applied_at = factory.LazyFunction(timezone.now)


class ClosedEarlyShortlistFactory(ShortlistFactory):
    """The job was closed early and the resident has been told."""

    vacancy = factory.SubFactory("tests.jobs.factories.ClosedVacancyFactory")
    closed_early_notified_at = factory.LazyFunction(timezone.now)


class PausedSavedSearchFactory(SavedSearchFactory):
    paused = True


class UnsubscribedSavedSearchFactory(SavedSearchFactory):
    unsubscribed_at = factory.LazyFunction(timezone.now)
    unsubscribe_reason = SavedSearch.UnsubscribeReason.FOUND_JOB


class OwnedSavedSearchFactory(SavedSearchFactory):
    """Saved by someone signed in, to their account's address, with criteria."""

    owner = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("owner.email")
    frequency = SavedSearch.Frequency.DAILY
    keywords = "care"
    time_options = factory.LazyFunction(lambda: [TimeOption.PART_TIME])
    hours_min = Decimal("10")
    hours_max = Decimal("30")


class StaleSavedSearchFactory(SavedSearchFactory):
    """Unused for longer than ALERT_STALE_AFTER; not yet asked whether to keep it."""

    last_used_at = factory.LazyFunction(
        lambda: timezone.now() - ALERT_STALE_AFTER - datetime.timedelta(days=1)
    )


class KeepUnansweredSavedSearchFactory(StaleSavedSearchFactory):
    """Asked whether to keep it longer ago than ALERT_KEEP_ANSWER_WITHIN; no answer."""

    keep_asked_at = factory.LazyFunction(
        lambda: timezone.now() - ALERT_KEEP_ANSWER_WITHIN - datetime.timedelta(days=1)
    )


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    """A job matched to an alert, waiting to be emailed."""

    class Meta:
        model = AlertDelivery

    saved_search = factory.SubFactory(SavedSearchFactory)
    vacancy = factory.SubFactory("tests.jobs.factories.LiveVacancyFactory")


class SentAlertDeliveryFactory(AlertDeliveryFactory):
    sent_at = factory.LazyFunction(timezone.now)
    sent_by = "celery@worker-1"
