"""Every named URL, requested as every role, answers as tests/quality/authz_expectations.py says."""

import pytest
from django.http import HttpResponseRedirect

from tests.quality import figures
from tests.quality.authz_expectations import (
    EXPECTATIONS,
    LOGIN,
    ROLES,
    Entry,
    Redirect,
    entry_for,
    everyone,
    only,
)
from tests.quality.urlwalk import RoleClients, describe, matches, named_urls, walked_urls

URL_NAMES = named_urls()
WALKED = walked_urls()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", WALKED)
def test_url_answers_every_role_as_expected(url_name, request):
    entry = entry_for(url_name)
    if entry is None:
        pytest.fail(
            f"No authorisation expectation for the URL named {url_name!r}. Add an Entry for it to "
            "EXPECTATIONS in tests/quality/authz_expectations.py (the top of that file says how).",
            pytrace=False,
        )
    roles = RoleClients(request)
    url = roles.url(url_name, entry)
    wrong = []
    for role in ROLES:
        client = roles.client(role)
        for method, answers in entry.methods.items():
            response = roles.send(client, method, url, entry)
            figures.add("authz_checks")
            if not matches(response, answers[role]):
                wrong.append(f"  {method} {url} as {role}: expected {answers[role]}, "
                             f"got {describe(response)}")
    assert not wrong, f"{url_name} answered wrongly:\n" + "\n".join(wrong)


def test_every_expectation_names_a_url_that_exists():
    stale = sorted(set(EXPECTATIONS) - set(URL_NAMES))
    assert not stale, f"Entries in authz_expectations.py for URLs that do not exist: {stale}"


def test_the_matrix_covers_the_portal():
    # A wrong exclusion pattern could quietly drop the portal's own pages from the walk.
    own = [name for name in URL_NAMES if not name.startswith(("admin:", "account_", "mfa_"))]
    assert own and all(name in WALKED for name in own)


def test_only_lets_the_named_roles_in_and_sends_visitors_to_sign_in():
    answers = only("resident", "coach")
    assert answers["anonymous"] == LOGIN
    assert answers["resident"] == answers["coach"] == 200
    others = set(ROLES) - {"anonymous", "resident", "coach"}
    assert {answers[role] for role in others} == {403}


def test_an_entry_must_answer_for_every_role():
    with pytest.raises(ValueError, match="missing"):
        Entry(get={"anonymous": 200})
    with pytest.raises(ValueError, match="Unknown roles"):
        everyone(200, administrator=403)


@pytest.mark.parametrize("location, expected, ok", [
    ("/accounts/login/?next=/jobs/", LOGIN, True),
    ("/", LOGIN, False),
    ("/accounts/login/elsewhere/", LOGIN, False),
    ("/", Redirect("home"), True),
    ("/jobs/", Redirect("home"), False),
])
def test_redirects_are_matched_on_their_path(location, expected, ok):
    assert matches(HttpResponseRedirect(location), expected) is ok
    assert not matches(HttpResponseRedirect(location), 200)
