"""What only an organisation's owner may do, checked for a member who is not one: every
change of the organisation's details, members and pledge answers 403, whatever the page
offered, and the member can still look where members may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employers.models import Membership, Pledge
from tests.employers.factories import (
    MembershipFactory,
    OrganisationFactory,
    OwnerMembershipFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Kentish Town Care")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


def _owner_changes(organisation) -> list[tuple[str, dict]]:
    other = MembershipFactory(organisation=organisation)
    org = {"org": organisation.pk}
    return [
        (reverse("employers:organisation_edit", kwargs=org), {"name": "Renamed by a member"}),
        (reverse("employers:members", kwargs=org), {"email": "friend@example.net"}),
        (reverse("employers:member_remove", kwargs={**org, "pk": other.pk}), {}),
        (reverse("employers:member_make_owner", kwargs={**org, "pk": other.pk}), {}),
        (reverse("employers:member_make_member", kwargs={**org, "pk": other.pk}), {}),
        (reverse("employers:pledge", kwargs=org), {"agree": "on"}),
        (reverse("employers:pledge_withdraw", kwargs=org), {}),
    ]


def test_a_member_who_is_not_an_owner_cannot_change_what_owners_do(client, organisation, member):
    PledgeFactory(organisation=organisation)
    changes = _owner_changes(organisation)
    client.force_login(member)
    for url, data in changes:
        assert client.post(url, data, forged=True).status_code == 403, url
    organisation.refresh_from_db()
    assert organisation.name == "Kentish Town Care"
    assert Membership.objects.filter(organisation=organisation).count() == 2
    assert Membership.objects.filter(role="owner").count() == 0
    assert Pledge.objects.active().filter(organisation=organisation).exists()
    # Members may look at the members and the pledge, and are not offered the details page.
    for name in ("employers:members", "employers:pledge"):
        assert client.get(reverse(name, kwargs={"org": organisation.pk})).status_code == 200
    assert client.get(
        reverse("employers:organisation_edit", kwargs={"org": organisation.pk})
    ).status_code == 403
    dashboard = client.get(reverse("employers:dashboard"), {"organisation": organisation.pk})
    edit = reverse("employers:organisation_edit", kwargs={"org": organisation.pk})
    assert edit not in dashboard.content.decode()


def test_an_owner_can_open_and_save_the_details(client, organisation):
    owner = OwnerMembershipFactory(organisation=organisation).user
    client.force_login(owner)
    url = reverse("employers:organisation_edit", kwargs={"org": organisation.pk})
    assert client.get(url).status_code == 200
    dashboard = client.get(reverse("employers:dashboard"), {"organisation": organisation.pk})
    assert url in dashboard.content.decode()
