import factory
from django.utils import timezone

from jobs.choices import Ward
from residents.coaching.models import Coach, Provider
from residents.models import Resident
from tests.goodwork.factories import UserFactory


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
