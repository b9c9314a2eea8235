"""Two-factor authentication before personal data: staff pages (goodwork.core.access) and
the Django admin.

allauth logs each way the person proved who they are in this session; a password alone is
not enough to reach a resident's record.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def session_used_mfa(request: HttpRequest) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def two_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a signed-in person must go first, or None if this session used two factors."""
    if session_used_mfa(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    if not is_mfa_enabled(request.user):
        return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


class AdminMFAMiddleware:
    """The admin signs in through allauth (rate-limited, two factors), never its own form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        admin_root = reverse("admin:index")
        if request.path.startswith(admin_root):
            if request.path.startswith(reverse("admin:login")) or not request.user.is_authenticated:
                next_url = request.GET.get("next") or admin_root
                return redirect_to_login(next_url, reverse("account_login"))
            if request.user.is_staff:
                redirect = two_factor_redirect(request)
                if redirect is not None:
                    return redirect
        return self.get_response(request)
