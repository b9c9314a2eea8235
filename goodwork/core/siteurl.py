"""Absolute addresses of the portal's own pages."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the portal's configured address (SITE_URL).

    Never from the request: its Host header and forwarded scheme are whatever the sender
    chose, and a page built from them (a job page's canonical link and JSON-LD) may be kept
    by the page cache and shown to everyone.
    """
    return f"{settings.SITE_URL}{path}"
