"""The sign-in library's links, on the portal's own address."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter

from goodwork.core.siteurl import absolute_url


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """Password-reset and email-confirmation links are built by allauth from the request's Host
    and scheme, which whoever sends the request chooses: a forged Host would put a link to
    another site, carrying the reset key, in a real person's inbox. They go to SITE_URL."""

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))
