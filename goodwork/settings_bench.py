"""Benchmark overlay: production settings, served over plain HTTP on loopback.

Everything that matters for speed (DEBUG off, whitenoise's compressed manifest storage, the
psycopg pool, the middleware stack) is exactly what production runs; only the URL conf adds
the bench's floor view, and the values production takes from its environment are given here.
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

ROOT_URLCONF = "goodwork.urls_bench"

# Production's storage, except that a stylesheet's reference to a missing file is left as it
# is instead of stopping collectstatic (see bench/storage.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "bench.storage.TolerantCompressedManifestStaticFilesStorage"},
}
