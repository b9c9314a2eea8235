"""The key a recruitment system sends: checked, rate-limited and recorded on every request."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from employers.models import ApiKey
from employers.services.apikeys import api_key_authenticate
from goodwork.core.ratelimit import client_ip, hit
from jobs.api.errors import BODY_TOO_LARGE, ApiProblem

RATE_LIMITED = "Too many requests with this key. Wait a minute and try again."
ORGANISATION_SUSPENDED = (
    "Your organisation's account is suspended, so it cannot post vacancies. "
    "Contact the council's Good Work team."
)


def body_size_check(request: HttpRequest) -> None:
    """Refuse a large body before anything reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.API_MAX_BODY_BYTES:
        raise ApiProblem(413, BODY_TOO_LARGE.format(limit=settings.API_MAX_BODY_BYTES))


class RecruitmentSystemKey(HttpBearer):
    """`Authorization: Bearer gwc_...`: a key an owner made on the organisation's pages."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = api_key_authenticate(key=token.strip())
        if api_key is None:
            return None
        # Counted per key, for reads as well as writes: a system that loops is slowed down
        # whatever it is doing.
        if not hit(
            "api_recruitment", settings.API_KEY_RATE_LIMIT, ip=client_ip(request),
            key=api_key.prefix,
        ):
            raise ApiProblem(429, RATE_LIMITED)
        if api_key.organisation.is_suspended:
            raise ApiProblem(403, ORGANISATION_SUSPENDED)
        body_size_check(request)
        return api_key
