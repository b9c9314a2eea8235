"""Who may open a page, decided in one place for every app.

A view names the role it needs; ``roles_for`` answers (one set of queries per request) and the
answer is always the same: a visitor is sent to sign in, a signed-in person without the role is
refused (403), and the staff roles (work coaches, provider managers, council admins) reach
residents' personal data only in a session signed in with two factors. Which objects a person
may see is not decided here: that stays with the QuerySets' ``visible_to(user)`` scopes, which
the apps' own mixins use in ``role_granted`` to fetch the object in the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from goodwork.core.mfa import two_factor_redirect
from goodwork.core.roles import Roles, roles_for


@dataclass(frozen=True)
class Role:
    name: str
    held: Callable[[Roles], bool]
    staff: bool = False  # staff roles need a session signed in with two factors


RESIDENT = Role("resident", lambda roles: roles.is_resident)
COACH = Role("work coach", lambda roles: roles.is_coach, staff=True)
MANAGER = Role("provider manager", lambda roles: bool(roles.manager_provider_ids), staff=True)
COUNCIL_ADMIN = Role("council admin", lambda roles: roles.is_council_admin, staff=True)


class RoleRequiredMixin:
    """Checks that the person is signed in, then ``required_roles`` in order, before the view runs.

    For each role: not held -> ``role_missing`` (403 unless a view says otherwise); a staff
    role in a session without two factors -> the two-factor set-up or sign-in page, then back.
    Listing a staff role before a narrower one (a coach, then a manager) asks for two factors
    before saying which of the narrower roles the person lacks.
    """

    required_roles: tuple[Role, ...] = ()  # none: being signed in is enough

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        for role in self.required_roles:
            if not role.held(roles_for(request.user)):
                return self.role_missing(role)
            if role.staff:
                redirect = two_factor_redirect(request)
                if redirect is not None:
                    return redirect
        self.role_granted()
        return super().dispatch(request, *args, **kwargs)

    def role_missing(self, role: Role) -> HttpResponse:
        raise PermissionDenied

    def role_granted(self) -> None:
        """The role is confirmed: fetch the object in the URL here (404 when out of scope)."""


class SignedInRequiredMixin(RoleRequiredMixin):
    required_roles = ()


class ResidentRequiredMixin(RoleRequiredMixin):
    required_roles = (RESIDENT,)


class CoachRequiredMixin(RoleRequiredMixin):
    required_roles = (COACH,)


class ManagerRequiredMixin(RoleRequiredMixin):
    required_roles = (COACH, MANAGER)


class CouncilAdminRequiredMixin(RoleRequiredMixin):
    required_roles = (COUNCIL_ADMIN,)
