"""The forms and query strings that tests/quality/test_hostile_input.py attacks.

To add a form, append a HostileForm to HOSTILE_FORMS:

    HostileForm("residents:alert_create", "POST", fields=fields_of(AlertForm), role="resident"),
    HostileForm("jobs:vacancy_list", "GET", fields=filter_names(VacancyFilter)),

- ``url`` is a URL name (reversed with ``kwargs``) or a path starting with "/".
- ``method`` "GET" sends the values as a query string, "POST" as a form.
- ``fields`` are the names to fill: ``fields_of(FormClass)`` reads a Django form's declared
  fields and ``filter_names(FilterSetClass)`` a django-filter FilterSet's, so fields added later
  are attacked too. List names by hand when a form builds its fields at run time (allauth).
- ``role`` is one of the role fixtures (tests/conftest.py); "anonymous" sends no session.
- ``fixed`` gives values sent unchanged in every request, when random ones would stop the
  request before it reaches the code worth attacking.

Every URL that takes a POST in tests/quality/authz_expectations.py must be listed here, or in
NOT_ATTACKED with the reason (a form with no fields, say): a test checks this.

Each form gets MAX_EXAMPLES requests; every answer must be below 500 and must not contain any
of the attack strings unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from jobs.filters import VacancyFilter
from jobs.letters import FlexibleWorkingRequestForm

MAX_EXAMPLES = 30


def fields_of(form_class: type) -> tuple[str, ...]:
    return tuple(form_class.base_fields)


def filter_names(filterset_class: type) -> tuple[str, ...]:
    return tuple(filterset_class.base_filters)


@dataclass(frozen=True)
class HostileForm:
    url: str
    method: str
    fields: Sequence[str]
    role: str = "anonymous"
    kwargs: Callable[[Callable[[str], Any]], dict[str, Any]] | None = None
    fixed: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.url}{' as ' + self.role if self.role != 'anonymous' else ''}"


def url_of(form: HostileForm, roles: Any) -> str:
    """The form's URL; `roles` is a tests.quality.urlwalk.RoleClients for the kwargs."""
    if form.url.startswith("/"):
        return form.url
    return reverse(form.url, kwargs=form.kwargs(roles.fixture) if form.kwargs else None)


HOSTILE_FORMS: list[HostileForm] = [
    HostileForm("account_login", "POST", fields=("login", "password", "remember")),
    HostileForm("account_signup", "POST",
                fields=("first_name", "last_name", "email", "password1", "password2")),
    HostileForm("account_reset_password", "POST", fields=("email",)),
    HostileForm("jobs:vacancy_list", "GET", fields=(*filter_names(VacancyFilter), "page", "sort")),
    # The letter builder for a statutory flexible-working request.
    HostileForm("/flexible-working/", "GET", fields=fields_of(FlexibleWorkingRequestForm)),
    HostileForm("/flexible-working/", "POST", fields=fields_of(FlexibleWorkingRequestForm)),
    HostileForm("account_email", "POST", fields=("email", "action_add", "action_remove"),
                role="resident"),
    HostileForm("account_change_password", "POST",
                fields=("oldpassword", "password1", "password2"), role="resident"),
]

# URLs with a POST entry in the authorisation matrix that are not attacked, and why.
NOT_ATTACKED: dict[str, str] = {
    "healthz": "GET only; the POST entry checks it answers 405",
    "account_logout": "a button with no fields",
    "admin:logout": "Django admin; a button with no fields",
}
