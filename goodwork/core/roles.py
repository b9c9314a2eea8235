"""What a signed-in person can do here, answered once per request for navigation and guards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from goodwork.core.models import User


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_resident: bool = False
    is_council_admin: bool = False
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    owner_of_ids: frozenset[int] = field(default_factory=frozenset)
    coach_provider_ids: frozenset[int] = field(default_factory=frozenset)
    manager_provider_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_employer_member(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def is_coach(self) -> bool:
        return bool(self.coach_provider_ids)


ANONYMOUS = Roles()


def roles_for(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    memberships = list(user.memberships.values_list("organisation_id", "role"))
    # Membership.Role.OWNER, reached through the relation: the core cannot import employers.
    owner = user.memberships.model.Role.OWNER
    coach_roles = list(
        user.coach_roles.filter(active=True).values_list("provider_id", "is_manager")
    )
    roles = Roles(
        is_authenticated=True,
        is_resident=User.objects.filter(pk=user.pk, resident__isnull=False).exists(),
        is_council_admin=user.is_active and user.is_staff,
        organisation_ids=frozenset(org for org, _ in memberships),
        owner_of_ids=frozenset(org for org, role in memberships if role == owner),
        coach_provider_ids=frozenset(p for p, _ in coach_roles),
        manager_provider_ids=frozenset(p for p, manager in coach_roles if manager),
    )
    user._roles_cache = roles
    return roles
