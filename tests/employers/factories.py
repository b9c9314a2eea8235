import datetime

import factory
from django.utils import timezone

from employers.models import Membership, Organisation, Pledge, PledgeVersion
from jobs.choices import Sector, Ward
from tests.goodwork.factories import UserFactory


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


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Invitation"

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.com")
    role = Membership.Role.MEMBER
