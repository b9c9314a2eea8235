"""Benchmark overlay: production settings, served over plain HTTP on loopback.

Everything that matters for speed (DEBUG off, whitenoise's compressed manifest storage, the
psycopg pool, the middleware stack) is exactly what production runs; only the URL conf adds
the bench's floor view, email goes nowhere, and the values production takes from its
environment are given here.
"""

import os
import secrets

os.environ.setdefault("DJANGO_DEBUG", "false")
# `python -m bench` passes one key to every process it starts; this fallback serves a
# process started by hand.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# Sync gunicorn workers serve one request at a time, so one pooled connection each is
# enough; a small cap keeps the bench within a shared server's max_connections.
os.environ.setdefault("DATABASE_POOL_MIN", "1")
os.environ.setdefault("DATABASE_POOL_MAX", "2")
os.environ.setdefault("CACHE_KEY_PREFIX", "bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from goodwork.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"

# Static files: production's own storage (whitenoise's compressed manifest), unchanged.

# Nothing the bench runs may email anyone: the worker benchmarks roll back (so on_commit
# emails never go), and the digest benchmark switches to the in-memory backend to build its
# messages in full. Should anything else send, it goes nowhere.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
