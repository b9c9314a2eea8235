"""Fixed-window rate limits kept in the cache (Redis), for forms that anyone can post.

Rates use allauth's ACCOUNT_RATE_LIMITS syntax, so every limit in the portal reads the same:
"10/m/ip,3/h/key" allows 10 posts a minute from one address and 3 an hour for one key
(for example one email address), counted separately.

    @rate_limit("alert_signup", "10/m/ip,5/h/key", key=lambda request: request.POST.get("email"))
    def alert_create(request): ...

    class AlertCreateView(RateLimitMixin, FormView):
        rate_limit_scope = "alert_signup"
        rate_limit_rates = "10/m/ip,5/h/key"

        def rate_limit_key(self, request): return request.POST.get("email")

Only unsafe methods (POST, PUT, PATCH, DELETE) are counted: reading a form is never limited.
A fixed window is cruder than a sliding one, but costs one atomic INCR per check and needs no
clean-up, because each window's counter expires with it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
TOO_MANY_REQUESTS = "You have tried too many times. Wait a few minutes and try again."
_RATE = re.compile(r"^(?P<amount>\d+)/(?P<multiplier>\d*)(?P<unit>[smhd])(?:/(?P<per>ip|key))?$")


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str  # "ip" or "key"


def parse_rates(rates: str) -> list[Rate]:
    parsed = []
    for part in filter(None, (piece.strip() for piece in rates.split(","))):
        match = _RATE.match(part)
        if not match:
            raise ValueError(f"Not a rate limit: {part!r} (expected e.g. '10/m/ip' or '5/15m/key')")
        multiplier = int(match["multiplier"] or 1)
        seconds = multiplier * PERIODS[match["unit"]]
        parsed.append(Rate(int(match["amount"]), seconds, match["per"] or "ip"))
    return parsed


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the request. Behind a proxy,
    # the proxy (gunicorn's forwarded_allow_ips) is what puts the client's address here.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# Mail services that deliver every dotted spelling of a local part to the same mailbox.
DOTS_IGNORED = {"gmail.com", "googlemail.com"}


def mailbox(address: str | None) -> str | None:
    """The mailbox an address reaches, for counting sign-ups per person: case, a "+tag" and
    (where the mail service ignores them) dots in the local part do not make a new mailbox,
    so sam+1@…, sam+2@… and s.a.m@gmail.com count as one."""
    if not address:
        return None
    local, at, domain = address.strip().lower().rpartition("@")
    if not at or not local:
        return address.strip().lower()
    local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def _cache_key(scope: str, rate: Rate, value: str, now: float) -> str:
    window = int(now // rate.seconds)
    # Hash the value: keys may be email addresses, which should not sit in Redis in clear.
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"ratelimit:{scope}:{rate.per}:{rate.amount}/{rate.seconds}:{window}:{digest}"


def hit(scope: str, rates: str, *, ip: str, key: str | None = None) -> bool:
    """Count one attempt; True if it is within every limit.

    Every counter is incremented even after one limit is exceeded, so a client that keeps
    trying stays limited until each window has passed.
    """
    now = time.time()
    allowed = True
    for rate in parse_rates(rates):
        value = ip if rate.per == "ip" else key
        if not value:
            continue  # no key given (e.g. an empty email field): the ip limit still applies
        cache_key = _cache_key(scope, rate, value, now)
        # add() is a no-op if the key exists; incr() is atomic in Redis.
        cache.add(cache_key, 0, timeout=rate.seconds + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=rate.seconds + 1)
            count = 1
        if count > rate.amount:
            allowed = False
    return allowed


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", {"message": TOO_MANY_REQUESTS}, status=429)


def rate_limit(
    scope: str, rates: str, *, key: Callable[[HttpRequest], str | None] | None = None
) -> Callable:
    """Limit a function view; answers 429 with the portal's page when a limit is passed."""
    parse_rates(rates)  # fail at import time on a typo, not on the first request

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in SAFE_METHODS and not hit(
                scope, rates, ip=client_ip(request), key=key(request) if key else None
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RateLimitMixin:
    """The same limit for class-based views: set rate_limit_scope and rate_limit_rates."""

    rate_limit_scope: str = ""
    rate_limit_rates: str = ""

    def rate_limit_key(self, request: HttpRequest) -> str | None:
        return None

    def get_rate_limit_rates(self) -> str:
        return self.rate_limit_rates

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS and not hit(
            self.rate_limit_scope or type(self).__name__,
            self.get_rate_limit_rates(),
            ip=client_ip(request),
            key=self.rate_limit_key(request),
        ):
            return too_many_requests(request)
        return super().dispatch(request, *args, **kwargs)
