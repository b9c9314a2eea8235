import pytest

from goodwork.core.roles import roles_for
from tests.employers.factories import MembershipFactory, OwnerMembershipFactory
from tests.residents.factories import (
    CoachFactory,
    ManagerCoachFactory,
    ProviderFactory,
    ResidentFactory,
)


@pytest.mark.django_db
def test_is_coach_at_answers_for_one_provider(user):
    provider, other = ProviderFactory(), ProviderFactory()
    CoachFactory(user=user, provider=provider)
    assert user.is_coach_at(provider)
    assert user.is_coach_at(provider.pk)
    assert not user.is_coach_at(other)
    assert user.is_coach_at()


@pytest.mark.django_db
def test_inactive_coach_is_not_a_coach(user):
    coach = CoachFactory(user=user, active=False)
    assert not user.is_coach_at(coach.provider)


@pytest.mark.django_db
def test_manager_and_owner(user):
    manager = ManagerCoachFactory(user=user)
    owner = OwnerMembershipFactory(user=user)
    member = MembershipFactory(user=user)
    assert user.is_manager_at(manager.provider)
    assert user.is_owner_of(owner.organisation)
    assert not user.is_owner_of(member.organisation)
    assert user.is_member_of(member.organisation)


@pytest.mark.django_db
def test_roles_for_answers_every_role_in_three_queries(django_assert_num_queries, user):
    ResidentFactory(user=user)
    OwnerMembershipFactory(user=user)
    ManagerCoachFactory(user=user)
    with django_assert_num_queries(3):
        roles = roles_for(user)
    assert roles.is_resident and roles.is_employer_member and roles.is_coach
    assert roles.manager_provider_ids and roles.owner_of_ids
    assert not roles.is_council_admin


def test_anonymous_has_no_roles():
    from django.contrib.auth.models import AnonymousUser

    roles = roles_for(AnonymousUser())
    assert not (
        roles.is_authenticated or roles.is_resident or roles.is_coach or roles.is_employer_member
    )
