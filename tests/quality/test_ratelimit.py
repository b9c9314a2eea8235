"""goodwork.core.ratelimit: fixed-window limits per address and per key, kept in Redis."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from goodwork.core import ratelimit
from goodwork.core.ratelimit import Rate, RateLimitMixin, mailbox, parse_rates, rate_limit

pytestmark = pytest.mark.usefixtures("empty_cache")


@rate_limit("test_alert_signup", "3/m/ip,2/h/key", key=lambda request: request.POST.get("email"))
def alert_signup(request):
    return HttpResponse("Alert created")


class AlertSignupView(RateLimitMixin, View):
    rate_limit_scope = "test_alert_signup_view"
    rate_limit_rates = "2/m/ip"

    def post(self, request):
        return HttpResponse("Alert created")


def post(view, ip="192.0.2.1", email="", **kwargs):
    request = RequestFactory().post("/alerts/", {"email": email}, REMOTE_ADDR=ip)
    request.user = None
    return view(request, **kwargs)


def statuses(view, times, **kwargs):
    return [post(view, **kwargs).status_code for _ in range(times)]


def test_parse_rates_reads_allauth_style_limits():
    assert parse_rates("10/m/ip, 5/15m/key,100/d") == [
        Rate(10, 60, "ip"), Rate(5, 900, "key"), Rate(100, 86400, "ip"),
    ]


@pytest.mark.parametrize("rates", ["ten/m", "5/fortnight", "5/m/user", "5"])
def test_a_mistyped_rate_fails_when_the_view_is_defined(rates):
    with pytest.raises(ValueError, match="Not a rate limit"):
        rate_limit("typo", rates)


def test_posts_from_one_address_are_limited_per_window():
    assert statuses(alert_signup, 4, ip="192.0.2.10") == [200, 200, 200, 429]


def test_other_addresses_have_their_own_count():
    statuses(alert_signup, 4, ip="192.0.2.11")
    assert post(alert_signup, ip="192.0.2.12").status_code == 200


def test_one_key_is_limited_whatever_the_address():
    assert post(alert_signup, ip="192.0.2.20", email="sam@example.com").status_code == 200
    assert post(alert_signup, ip="192.0.2.21", email="SAM@example.com ").status_code == 200
    assert post(alert_signup, ip="192.0.2.22", email="sam@example.com").status_code == 429
    assert post(alert_signup, ip="192.0.2.23", email="alex@example.com").status_code == 200


def test_reading_the_form_is_never_limited():
    @rate_limit("test_reading", "1/m/ip")
    def view(request):
        return HttpResponse("form")

    for _ in range(3):
        request = RequestFactory().get("/alerts/", REMOTE_ADDR="192.0.2.30")
        assert view(request).status_code == 200


def test_the_limit_lifts_when_the_window_passes(monkeypatch):
    now = 1_800_000_000.0  # the start of a minute, so the next window is 60s away
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert statuses(alert_signup, 4, ip="192.0.2.40") == [200, 200, 200, 429]
    now += 61
    assert post(alert_signup, ip="192.0.2.40").status_code == 200


def test_the_mixin_limits_class_based_views():
    view = AlertSignupView.as_view()
    assert statuses(view, 3, ip="192.0.2.50") == [200, 200, 429]


@pytest.mark.django_db
def test_the_limited_answer_is_the_portals_own_page():
    statuses(alert_signup, 3, ip="192.0.2.60")
    response = post(alert_signup, ip="192.0.2.60")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert ratelimit.TOO_MANY_REQUESTS.encode() in response.content


def test_keys_do_not_keep_email_addresses_in_clear(empty_cache, settings):
    post(alert_signup, ip="192.0.2.70", email="private.person@example.com")
    client = empty_cache._cache.get_client()
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = [key.decode() for key in client.scan_iter(f"{prefix}:*")]
    assert keys and not any("private.person" in key for key in keys)


@pytest.mark.parametrize(
    ("address", "same_as"),
    [
        ("Sam+jobs@Example.com", "sam@example.com"),
        ("sam+a+b@example.com", "sam@example.com"),
        ("s.a.m@gmail.com", "sam@gmail.com"),
        ("S.am+x@googlemail.com", "sam@gmail.com"),
        ("s.a.m@example.com", "s.a.m@example.com"),
        ("", None),
    ],
)
def test_a_mailbox_is_counted_once_whatever_its_spelling(address, same_as):
    assert mailbox(address) == same_as


@pytest.mark.django_db
def test_alert_sign_ups_cannot_dodge_the_per_address_limit_with_plus_tags(client, settings):
    settings.ALERT_SIGNUP_RATE_LIMIT = "100/m/ip,2/h/key"
    url = reverse("residents:alert_create") + "?q=care"
    answers = [
        client.post(
            url, {"name": "Care", "frequency": "daily", "email": f"sam+{n}@example.com"}
        ).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]
