"""Point this process at the bench database under the bench settings, before Django loads."""

from __future__ import annotations

import os
import secrets

from bench.database import database_url

SETTINGS_MODULE = "bench.settings"


def bench_environment(base_url: str, database_name: str) -> dict[str, str]:
    """The environment every bench process shares: this one, gunicorn's, the load driver's."""
    return {
        "DATABASE_URL": database_url(base_url, database_name),
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # Cached pages and counts of one run (or of another data set) are never served to
        # the next.
        "CACHE_KEY_PREFIX": f"bench-{database_name}-{secrets.token_hex(4)}",
    }


def configure_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
