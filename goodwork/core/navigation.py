"""The service navigation, which depends on who is signed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from goodwork.core.roles import Roles


@dataclass(frozen=True)
class NavItem:
    url_name: str
    text: str
    show: Callable[[Roles], bool]


def _anyone(roles: Roles) -> bool:
    return True


NAV_ITEMS = [
    NavItem("jobs:vacancy_list", "Find jobs", _anyone),
    NavItem("jobs:flexible_working", "Your right to flexible working", _anyone),
    NavItem("insights:index", "Flexible jobs index", _anyone),
    NavItem("residents:dashboard", "Your job search", lambda r: r.is_resident),
    NavItem("coaching:plan", "Your plan", lambda r: r.is_resident),
    NavItem("employers:dashboard", "Your vacancies", lambda r: r.is_employer_member),
    NavItem("coaching:caseload", "Caseload", lambda r: r.is_coach),
    NavItem("coaching:report", "Caseload reports", lambda r: bool(r.manager_provider_ids)),
    NavItem("insights:council_dashboard", "Council dashboard", lambda r: r.is_council_admin),
    NavItem("admin:index", "Admin", lambda r: r.is_council_admin),
    NavItem("account_email", "Your account", lambda r: r.is_authenticated),
    NavItem("account_logout", "Sign out", lambda r: r.is_authenticated),
    NavItem("account_login", "Sign in", lambda r: not r.is_authenticated),
    NavItem("account_signup", "Create an account", lambda r: not r.is_authenticated),
]


def nav_items(roles: Roles, path: str) -> list[dict[str, object]]:
    items = []
    for item in NAV_ITEMS:
        if not item.show(roles):
            continue
        href = reverse(item.url_name)
        current = path == href or (
            href not in ("/",) and path.startswith(href) and href.count("/") > 1
        )
        items.append({"href": href, "text": item.text, "current": current})
    return items
