"""Who may open which page: one entry per named URL, checked for every role.

tests/quality/test_authorisation_matrix.py walks every named URL in the URL configuration
(namespaces included) and requests it as each role in ROLES. A URL with no entry here fails
that test, naming the URL, so a new page cannot ship without someone deciding who may see it.

How to add an entry
-------------------
Add a line to EXPECTATIONS, keyed by the URL's full name ("namespace:name"):

    "jobs:vacancy_list": Entry(get=public()),

    # only signed-in residents; anyone else signed in gets 403, visitors go to sign in
    "residents:dashboard": Entry(get=only("resident", "other_resident")),

    # an object the "resident" fixture owns: the other resident must not reach it (404)
    "residents:saved_search_detail": Entry(
        kwargs=lambda fx: {"pk": SavedSearchFactory(resident=fx("resident")).pk},
        get=only("resident", otherwise=403, other_resident=404),
    ),

    # a POST-only view: GET answers 405, the POST is checked with `data`
    "residents:alert_create": Entry(
        get=everyone(405, anonymous=LOGIN),
        post=only("resident", "other_resident", ok=200),
        data=lambda fx: {"email": ""},
    ),

- ``kwargs(fx)`` builds the URL's arguments. ``fx("name")`` returns a pytest fixture by name
  (the role fixtures in tests/conftest.py: resident, other_resident, organisation,
  employer_member, other_employer_member, provider, coach, other_provider_coach,
  council_admin, and ``live_vacancy`` from tests/quality/conftest.py); call factories inside
  the lambda for anything else. ``fx("coach")`` is the coach's User: the Coach row is
  ``fx("coach").coach_roles.get()``, and the resident's User is ``fx("resident").user``.
  kwargs is called once per test, so objects it creates are shared by every role.
  Objects that belong to someone should belong to the *first* role of that kind (resident,
  employer_member's organisation, coach's provider) so that the "other" role shows that
  object scope is enforced.
- ``get`` / ``post`` map each role to what it must get: a status code (200, 403, 404, 405...),
  ``LOGIN`` (a redirect to the sign-in page) or ``Redirect("url_name_or_path")`` (a redirect
  to that page, whatever its query string). Leave ``post`` out if the view takes no POST
  worth checking.
- Build these maps with ``public()``, ``everyone()``, ``only()`` or ``signed_out_only()``;
  keyword arguments override single roles.
- ``query`` is appended to the URL (e.g. "?page=2").

A URL that must not be walked (third-party internals) goes in EXCLUDED with the reason.
Django admin change lists are generated (see admin_changelist_entry): a council admin gets
200, everyone else is sent to the admin's own sign-in page.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES: tuple[str, ...] = (
    "anonymous",
    "resident",
    "other_resident",
    "employer_member",
    "other_employer_member",
    "coach",
    "other_provider_coach",
    "council_admin",
)
SIGNED_IN = ROLES[1:]


@dataclass(frozen=True)
class Redirect:
    """A 301/302 to this URL name (reversed) or path; the query string is not compared."""

    to: str

    def __str__(self) -> str:
        return f"redirect to {self.to}"


LOGIN = Redirect("account_login")
ADMIN_LOGIN = Redirect("admin:login")
REAUTHENTICATE = Redirect("account_reauthenticate")
Expected = int | Redirect
Fixtures = Callable[[str], Any]


def everyone(answer: Expected, **roles: Expected) -> dict[str, Expected]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    return {role: roles.get(role, answer) for role in ROLES}


def public(status: int = 200) -> dict[str, Expected]:
    return everyone(status)


def only(*allowed: str, ok: Expected = 200, otherwise: Expected = 403,
         anonymous: Expected = LOGIN, **roles: Expected) -> dict[str, Expected]:
    """Roles in `allowed` get `ok`; other signed-in roles `otherwise`; visitors sign in."""
    unknown = set(allowed) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    answers = {role: ok if role in allowed else otherwise for role in SIGNED_IN}
    return everyone(0, anonymous=anonymous, **{**answers, **roles})


def signed_out_only(signed_in: Expected = Redirect("home")) -> dict[str, Expected]:
    """Pages for visitors (sign in, create an account): signed-in people are sent on."""
    return everyone(signed_in, anonymous=200)


@dataclass(frozen=True)
class Entry:
    get: Mapping[str, Expected] | None = None
    post: Mapping[str, Expected] | None = None
    kwargs: Callable[[Fixtures], dict[str, Any]] | None = None
    data: Callable[[Fixtures], dict[str, Any]] | None = None
    query: str = ""
    methods: dict[str, Mapping[str, Expected]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        pairs = (("GET", self.get), ("POST", self.post))
        methods = {name: answers for name, answers in pairs if answers}
        if not methods:
            raise ValueError("An entry needs `get` or `post` answers")
        for answers in methods.values():
            missing = set(ROLES) - set(answers)
            if missing:
                raise ValueError(f"Answers missing for roles {sorted(missing)}")
        object.__setattr__(self, "methods", methods)


def _bad_token(**names: str) -> Callable[[Fixtures], dict[str, str]]:
    return lambda fx: dict(names)


EXPECTATIONS: dict[str, Entry] = {
    # -- The portal's own pages ----------------------------------------------------------------
    "home": Entry(get=public()),
    "healthz": Entry(get=public(), post=public(405)),
    "accessibility": Entry(get=public()),
    "privacy": Entry(get=public()),
    "jobs:vacancy_list": Entry(get=public()),
    "jobs:vacancy_detail": Entry(
        kwargs=lambda fx: {"pk": fx("live_vacancy").pk, "slug": fx("live_vacancy").slug},
        get=public(),
    ),
    "jobs:flexible_working": Entry(get=public()),
    # -- Accounts (allauth) ----------------------------------------------------------------------
    "account_login": Entry(get=signed_out_only(), post=signed_out_only()),
    "account_signup": Entry(get=signed_out_only(), post=signed_out_only()),
    "account_logout": Entry(get=everyone(200, anonymous=Redirect("home")),
                            post=everyone(Redirect("home"))),
    "account_inactive": Entry(get=public()),
    "account_reauthenticate": Entry(get=everyone(200, anonymous=LOGIN)),
    "account_email": Entry(get=everyone(200, anonymous=LOGIN)),
    "account_email_verification_sent": Entry(get=public()),
    "account_change_password": Entry(get=everyone(200, anonymous=LOGIN)),
    # Everyone here has a password, so allauth sends them to change it instead.
    "account_set_password": Entry(
        get=everyone(Redirect("account_change_password"), anonymous=LOGIN),
    ),
    "account_reset_password": Entry(get=public(), post=public()),
    "account_reset_password_done": Entry(get=public()),
    "account_reset_password_from_key": Entry(
        kwargs=_bad_token(uidb36="zz", key="not-a-real-key"), get=public(),
    ),
    "account_reset_password_from_key_done": Entry(get=public()),
    # An unknown key shows the "link has expired or is not valid" page.
    "account_confirm_email": Entry(kwargs=_bad_token(key="not-a-real-key"), get=public()),
    # Both only make sense in the middle of a sign-in; outside one allauth sends people on.
    "account_confirm_login_code": Entry(get=everyone(Redirect("home"), anonymous=LOGIN)),
    "mfa_authenticate": Entry(get=everyone(Redirect("home"), anonymous=LOGIN)),
    "mfa_index": Entry(get=everyone(200, anonymous=LOGIN)),
    # Changing two-factor settings asks for the password again (a test sign-in is not recent).
    "mfa_reauthenticate": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN)),
    "mfa_activate_totp": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN)),
    "mfa_generate_recovery_codes": Entry(get=everyone(REAUTHENTICATE, anonymous=LOGIN)),
    # Nobody here has set up an authenticator app yet.
    "mfa_deactivate_totp": Entry(get=everyone(404, anonymous=LOGIN)),
    "mfa_view_recovery_codes": Entry(get=everyone(404, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Entry(get=everyone(404, anonymous=LOGIN)),
    # -- The Django admin: council admins only -----------------------------------------------------
    "admin:index": Entry(get=only("council_admin", otherwise=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:login": Entry(get=everyone(200, council_admin=Redirect("admin:index"))),
    "admin:logout": Entry(get=everyone(Redirect("admin:index"), council_admin=405),
                          post=everyone(Redirect("admin:index"), council_admin=200)),
    "admin:jsi18n": Entry(get=only("council_admin", otherwise=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    "admin:autocomplete": Entry(get=only("council_admin", ok=403, otherwise=ADMIN_LOGIN,
                                         anonymous=ADMIN_LOGIN)),
}

# Third-party URLs not walked, with the reason. Patterns use shell-style wildcards.
EXCLUDED: dict[str, str] = {
    "admin:*_add": "Django admin: same admin_view guard as the change list, which is walked",
    "admin:*_change": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_delete": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_history": "Django admin: needs an object of each model; guarded like the change list",
    "admin:*_password_change": "Django admin: needs a user id; guarded like the change list",
    "admin:app_list": "Django admin: one page per app label, guarded like admin:index",
    "admin:view_on_site": "Django admin: a redirect to the object's own public page",
    "admin:password_change": "Django admin: the council uses allauth's password pages instead",
    "admin:password_change_done": "Django admin: the council uses allauth's password pages instead",
}


def admin_changelist_entry() -> Entry:
    return Entry(get=only("council_admin", otherwise=ADMIN_LOGIN, anonymous=ADMIN_LOGIN))


def entry_for(url_name: str) -> Entry | None:
    if url_name in EXPECTATIONS:
        return EXPECTATIONS[url_name]
    if url_name.startswith("admin:") and url_name.endswith("_changelist"):
        return admin_changelist_entry()
    return None


def exclusion_reason(url_name: str) -> str | None:
    for pattern, reason in EXCLUDED.items():
        if fnmatch.fnmatchcase(url_name, pattern):
            return reason
    return None
