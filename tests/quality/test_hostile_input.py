"""Random, huge, unicode and script-bearing input never breaks a page or comes back unescaped."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality import figures
from tests.quality.authz_expectations import EXPECTATIONS, entry_for
from tests.quality.hostile_forms import HOSTILE_FORMS, MAX_EXAMPLES, NOT_ATTACKED, url_of
from tests.quality.urlwalk import RoleClients, first_role_with, walked_urls

# Strings that would run script, break out of an attribute or a tag, or inject headers, if a
# page echoed them without escaping.
ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "\r\nSet-Cookie: injected=1",
]
ODD = ["\x00", "\u202e", "\u200f", "\ufeff", "😀", "👩‍👩‍👧", "ﷺ", "𝕏", "' OR 1=1 --", "%00",
       "{{ 7|add:7 }}", "{% debug %}", "../../etc/passwd", "-1", "1e309", "NaN", "2024-02-30", "９"]
# A value is markup if it opens a tag: "<" alone, or "a < b", appears in any page anyway.
TAG = re.compile(r"<[a-zA-Z/!?]")

huge = st.integers(min_value=1_000, max_value=100_000).map(lambda n: "x" * n + ATTACKS[0])
value = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ATTACKS + ODD),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=15), st.sampled_from(ATTACKS + ODD),
              st.text(max_size=15)),
    huge,
)


def values_for(fields):
    # Each field is absent, or one or more values (multiple-choice filters take several).
    return st.fixed_dictionaries({}, optional={name: st.lists(value, min_size=1, max_size=3)
                                              for name in fields})


def unescaped(html: str, sent: dict[str, list[str]], baseline: str = "") -> list[str]:
    """What was sent and stands in the page as markup. With the same page as it reads without
    the input (``baseline``), text the page always holds ("<!" of its doctype, "<h" of its
    headings) is not mistaken for an echo."""

    def echoed(text: str) -> bool:
        return html.count(text) > baseline.count(text)

    found = []
    for values in sent.values():
        for text in values:
            for attack in ATTACKS[:5]:
                if attack in text and echoed(attack):
                    found.append(attack)
            stripped = text.strip()
            if TAG.search(stripped) and echoed(stripped):
                found.append(stripped[:80])
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("form", HOSTILE_FORMS, ids=lambda form: form.id)
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_input_is_answered_safely(form, data, request):
    roles = RoleClients(request)
    # Signed in as that role really signs in: coaches and council admins with two factors.
    client = roles.client(form.role)
    url = url_of(form, roles)
    sent = data.draw(values_for(form.fields), label="values")
    payload = {**sent, **{name: [text] for name, text in form.fixed.items()}}
    send = client.get if form.method == "GET" else client.post
    response = send(url, payload)
    figures.add("hostile_inputs")
    assert response.status_code < 500
    for header, header_value in response.items():
        assert "injected" not in header_value or header == "Content-Security-Policy", header
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        found = unescaped(html, payload)
        assert not found, f"{form.id} echoed input unescaped: {found}"


# Parameter names pages commonly read, and allauth's "next", which must not redirect off-site.
COMMON_PARAMETERS = ("q", "page", "next", "sort", "order", "format", "id", "email", "utm_source")
READABLE = [name for name in walked_urls() if not name.startswith("admin:")
            and (entry := entry_for(name)) and first_role_with(entry, "GET", 200)]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", READABLE)
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_page_survives_a_hostile_query_string(url_name, data, request):
    entry = entry_for(url_name)
    roles = RoleClients(request)
    role = first_role_with(entry, "GET", 200)
    names = st.sampled_from(COMMON_PARAMETERS) | st.text(min_size=1, max_size=12)
    sent = data.draw(st.dictionaries(names, st.lists(value, min_size=1, max_size=2), max_size=4))
    response = roles.client(role).get(roles.url(url_name, entry), sent)
    figures.add("hostile_inputs")
    assert response.status_code < 500
    if response.status_code in (301, 302):
        assert not response["Location"].startswith(("//", "http:", "https:", "javascript:")), \
            response["Location"]
    if response.get("Content-Type", "").startswith("text/html"):
        plain = roles.client(role).get(roles.url(url_name, entry))
        baseline = plain.content.decode() if plain.status_code == 200 else ""
        found = unescaped(response.content.decode(), sent, baseline)
        assert not found, f"{url_name} echoed its query string unescaped: {found}"


def test_the_reflection_check_finds_unescaped_input():
    sent = {"q": ["<script>alert(1)</script>"], "name": ["Sam <b>bold</b>"]}
    assert unescaped("<p>Results for <script>alert(1)</script></p>", sent)
    assert unescaped("<p>Hello Sam <b>bold</b></p>", sent)
    assert not unescaped("<p>Results for &lt;script&gt;alert(1)&lt;/script&gt;</p>", sent)
    assert not unescaped("<p>a < b</p>", {"q": ["a < b"]})


def test_every_form_in_the_matrix_is_attacked():
    posted = {name for name, entry in EXPECTATIONS.items() if "POST" in entry.methods}
    attacked = {form.url for form in HOSTILE_FORMS}
    missing = sorted(posted - attacked - set(NOT_ATTACKED))
    assert not missing, (
        f"Forms not in tests/quality/hostile_forms.py: {missing}. Add a HostileForm for each, "
        "or put it in NOT_ATTACKED with the reason."
    )


def test_markup_the_page_always_holds_is_not_taken_for_an_echo():
    page = "<!DOCTYPE html><h1>Jobs</h1><p>You searched for &lt;b&gt;</p>"
    plain = "<!DOCTYPE html><h1>Jobs</h1>"
    assert unescaped(page, {"q": ["<!", "<h", "<b>"]}, plain) == []
    assert unescaped(page + "<b>", {"q": ["<b>"]}, plain) == ["<b>"]
