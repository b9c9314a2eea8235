"""Settings for the Good Work Camden portal.

One module, driven by environment variables. Production differs from development
only by the values in its environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------
# CORE
# ---------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, or set "
            "DJANGO_DEBUG=true for local development only."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must name the portal's host names in production."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "goodwork.core",
    "jobs",
    "employers",
    "residents",
    "residents.coaching",
    "goodwork",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "goodwork.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "goodwork.core.mfa.AdminMFAMiddleware",
]

ROOT_URLCONF = "goodwork.urls"
WSGI_APPLICATION = "goodwork.wsgi.application"
ASGI_APPLICATION = "goodwork.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "goodwork.core.context_processors.portal",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# DATABASES
# ---------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `make run` and `make test` start a local PostgreSQL "
        "and set it for you; otherwise point it at a PostgreSQL server."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Good Work Camden runs on PostgreSQL only.")
DATABASES["default"].setdefault("OPTIONS", {})
# No JIT compilation: the portal's statements are short or run once (a search page's counts,
# a matching run), and compiling them cost more than it saved (up to 190 ms a search page).
# Behind PgBouncer, which drops startup options, set it on the database instead:
# ALTER DATABASE ... SET jit = off.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
if env_bool("DATABASE_POOL", default=True):
    # psycopg 3's pool keeps connections open between requests in each process.
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DATABASE_TEST_NAME", "test_goodwork")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# AUTH
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "goodwork.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "goodwork.core.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Good Work Camden: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# Alert sign-up without an account sends a confirmation email: per address, and per email asked for.
ALERT_SIGNUP_RATE_LIMIT = os.environ.get("ALERT_SIGNUP_RATE_LIMIT", "10/m/ip,5/h/key")
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
ACCOUNT_SIGNUP_FORM_CLASS = "goodwork.core.forms.SignupForm"
MFA_ADAPTER = "goodwork.core.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Good Work Camden"

# ---------------------------------------------------------------------------
# CACHE (rate limits and sessions share Redis with Celery, on its own db)
# ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. `make run` and `make test` start a local Redis-compatible "
        "server and set it for you; otherwise point it at Redis."
    )
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "goodwork")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
        "TIMEOUT": 300,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# ---------------------------------------------------------------------------
# CELERY
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "goodwork")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Unacked tasks (acks_late) are redelivered after this long if a worker dies.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
CELERY_RESULT_EXPIRES = timedelta(hours=6)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a vacancy must not hang when the broker is down: fail fast, the sweep catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / ".local" / "celerybeat-schedule")
)
# Every periodic job, in one place (times are Europe/London).
CELERY_BEAT_SCHEDULE = {
    "expire-vacancies": {
        "task": "jobs.tasks.vacancies_expire_task",
        "schedule": crontab(minute=5, hour=0),
    },
    # Job page reads are tallied in Redis; this adds them to the vacancies.
    "vacancy-views-flush": {"task": "jobs.tasks.vacancy_views_flush_task", "schedule": 60.0},
    "pledge-checks": {
        "task": "employers.tasks.pledge_checks_run_task",
        "schedule": crontab(minute=30, hour=2),
    },
    # Catches vacancies whose publish-time matching never ran (broker down, worker lost).
    "alerts-sweep": {
        "task": "residents.tasks.alerts_sweep_task",
        "schedule": crontab(minute="*/5"),
    },
    "alerts-daily": {
        "task": "residents.tasks.alerts_send_daily_task",
        "schedule": crontab(minute=0, hour=7),
    },
    "alerts-weekly": {
        "task": "residents.tasks.alerts_send_weekly_task",
        "schedule": crontab(minute=15, hour=7, day_of_week="mon"),
    },
    "alerts-expire": {
        "task": "residents.tasks.alerts_expire_task",
        "schedule": crontab(minute=30, hour=3),
    },
    "coaching-overdue-actions": {
        "task": "residents.coaching.tasks.overdue_actions_remind_task",
        "schedule": crontab(minute=0, hour=7),
    },
    "coaching-sustainment-checks": {
        "task": "residents.coaching.tasks.sustainment_reminders_send_task",
        "schedule": crontab(minute=15, hour=7),
    },
    # Organisations' vacancy feeds (employers/services/feeds.py), hourly.
    "vacancy-feeds-import": {
        "task": "employers.tasks.vacancy_feeds_import_task",
        "schedule": crontab(minute=20),
    },
    # Every live vacancy for DWP Find a job's bulk upload, after the day's changes.
    "findajob-export": {
        "task": "jobs.tasks.findajob_export_task",
        "schedule": crontab(minute=30, hour=23),
    },
    # Late in the evening so each day's row, and so each month's last row, describes that day.
    "flexible-jobs-snapshot": {
        "task": "goodwork.reporting.tasks.flexible_jobs_snapshot_task",
        "schedule": crontab(minute=45, hour=23),
    },
}

# ---------------------------------------------------------------------------
# I18N
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# STATIC
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".local" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# ---------------------------------------------------------------------------
# EMAIL
# ---------------------------------------------------------------------------
# In development every message sent becomes one .eml file under .local/outbox/
# (goodwork/devmail.py) rather than a screenful in the terminal. EMAIL_BACKEND overrides both.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "goodwork.devmail.OutboxEmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / ".local" / "outbox"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Good Work Camden <goodwork@camden.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# SECURITY
# ---------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Features the portal never uses, turned off for it and anything it might embed.
# (interest-cohort is gone from browsers, which log an error for unknown features.)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
    "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
    "payment", "serial", "usb", "xr-spatial-tracking",
))

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# ---------------------------------------------------------------------------
# LOGGING
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# ---------------------------------------------------------------------------
# PORTAL
# ---------------------------------------------------------------------------
BOROUGH_NAME = "Camden"
SERVICE_NAME = "Good Work Camden"
SEARCH_PAGE_SIZE = 20
# The filter panel's counts are the dearest part of a search; a minute's staleness is fine.
SEARCH_COUNTS_CACHE_SECONDS = int(os.environ.get("SEARCH_COUNTS_CACHE_SECONDS", "60"))
# Public pages as anonymous visitors see them (goodwork/core/pagecache.py); 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# At most this many of them are kept at once, the oldest evicted first: a search page is about
# 10 KB gzipped, so 5000 is about 50 MB of the Redis that also holds sessions and the broker.
PAGE_CACHE_MAX_PAGES = int(os.environ.get("PAGE_CACHE_MAX_PAGES", "5000"))

# ---------------------------------------------------------------------------
# API (/api/v1/) and recruitment systems' feeds
# ---------------------------------------------------------------------------
# Per key, for every request (reads too); the public search per address.
API_KEY_RATE_LIMIT = os.environ.get("API_KEY_RATE_LIMIT", "120/m/key,5000/h/key")
API_PUBLIC_RATE_LIMIT = os.environ.get("API_PUBLIC_RATE_LIMIT", "120/m/ip")
# One vacancy is a few kilobytes; a body past this is refused before it is read.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(64 * 1024)))
API_PAGE_SIZE = 50
# Where the nightly DWP Find a job file goes: "folder:<path>" or "sftp://user@host/path"
# (jobs/exports/targets.py).
FINDAJOB_EXPORT_TARGET = os.environ.get(
    "FINDAJOB_EXPORT_TARGET", f"folder:{BASE_DIR / '.local' / 'exports' / 'findajob'}"
)
# Organisations' vacancy feeds: what one fetch may take, and whether a feed may be on a private
# or loopback address (never in production: a feed address is typed by an employer).
VACANCY_FEED_TIMEOUT_SECONDS = int(os.environ.get("VACANCY_FEED_TIMEOUT_SECONDS", "20"))
VACANCY_FEED_MAX_BYTES = int(os.environ.get("VACANCY_FEED_MAX_BYTES", str(10 * 1024 * 1024)))
VACANCY_FEED_ALLOW_PRIVATE_ADDRESSES = env_bool("VACANCY_FEED_ALLOW_PRIVATE_ADDRESSES")
