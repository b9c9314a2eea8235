"""Every named URL, and requesting one as a given role: shared by the quality tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.quality.authz_expectations import (
    ROLES,
    TWO_FACTOR_ROLES,
    Entry,
    Expected,
    Redirect,
    exclusion_reason,
)


def _walk(patterns: list, namespaces: list[str]) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join([*namespaces, pattern.name])


def named_urls() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns, [])))


def walked_urls() -> list[str]:
    return [name for name in named_urls() if not exclusion_reason(name)]


def user_for(role: str, fixture: Any):
    # The resident fixture is the Resident row; every other role fixture is the User.
    return getattr(fixture, "user", fixture)


@dataclass
class RoleClients:
    """One test client per role, signed in as that role's fixture (with two factors for the
    roles in TWO_FACTOR_ROLES, as allauth signs them in)."""

    request: Any  # pytest's FixtureRequest

    def fixture(self, name: str) -> Any:
        return self.request.getfixturevalue(name)

    def client(self, role: str, **defaults: Any) -> Client:
        client = Client(**defaults)
        if role in TWO_FACTOR_ROLES:
            self.fixture("mfa_login")(client, user_for(role, self.fixture(role)))
        elif role != "anonymous":
            client.force_login(user_for(role, self.fixture(role)))
        return client

    def url(self, url_name: str, entry: Entry) -> str:
        kwargs = entry.kwargs(self.fixture) if entry.kwargs else {}
        return reverse(url_name, kwargs=kwargs) + entry.query

    def send(
        self, client: Client, method: str, url: str, entry: Entry, **extra: Any
    ) -> HttpResponse:
        if method == "POST":
            data = entry.data(self.fixture) if entry.data else {}
            return client.post(url, data, **extra)
        return client.get(url, **extra)


def target(expected: Redirect) -> str:
    return expected.to if expected.to.startswith("/") else reverse(expected.to)


def matches(response: HttpResponse, expected: Expected) -> bool:
    if isinstance(expected, Redirect):
        location = urlsplit(response.get("Location", ""))
        redirected = response.status_code in (301, 302, 303, 307, 308)
        return redirected and location.path == target(expected)
    return response.status_code == expected


def describe(response: HttpResponse) -> str:
    if response.has_header("Location"):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


def first_role_with(entry: Entry, method: str, answer: Expected) -> str | None:
    answers = entry.methods.get(method, {})
    return next((role for role in ROLES if answers.get(role) == answer), None)
