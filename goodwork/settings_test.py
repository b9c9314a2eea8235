"""Test overlay: changes only what the tests need."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

import hashlib  # noqa: E402
from pathlib import Path  # noqa: E402

from goodwork.schema import migrations_fingerprint  # noqa: E402

# Checkouts on one machine share its PostgreSQL and Redis: give each checkout, and each
# pytest-xdist worker, its own test database, queue and key prefix. The database is kept
# between runs (--reuse-db), so its name also follows the migration history.
_checkout = hashlib.sha256(str(Path(__file__).resolve().parent.parent).encode()).hexdigest()[:8]
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ.setdefault("DATABASE_TEST_NAME", f"test_goodwork_{_checkout}_{migrations_fingerprint()}")
# The xdist controller loads these settings first and its workers inherit its environment, so
# inside a worker its own names must replace the controller's, not defer to them.
_per_process = (
    os.environ.__setitem__ if "PYTEST_XDIST_WORKER" in os.environ else os.environ.setdefault
)
_per_process("CELERY_KEY_PREFIX", f"test-{_checkout}-{_worker}:")
_per_process("CACHE_KEY_PREFIX", f"test-{_checkout}-{_worker}")
_per_process("CELERY_QUEUE", f"test-{_checkout}-{_worker}")

from goodwork.settings import *  # noqa: E402,F403
from goodwork.settings import CELERY_BROKER_TRANSPORT_OPTIONS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_RATE_LIMITS = False
# Many tests sign up for alerts from one address within a minute; the limit has its own tests.
ALERT_SIGNUP_RATE_LIMIT = "100000/m/ip"
# The pool would keep connections to the test database open across xdist workers' teardown.
DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS}

# Query counts are pinned on the uncached path, and tests read pages straight after changing
# what they show; both caches have their own tests.
SEARCH_COUNTS_CACHE_SECONDS = 0
PAGE_CACHE_SECONDS = 0
# Many tests search the public API from one address within a minute; the limit has its own test.
API_PUBLIC_RATE_LIMIT = "100000/m/ip"
# The feed tests serve their feeds from a local server on the loopback address.
VACANCY_FEED_ALLOW_PRIVATE_ADDRESSES = True
