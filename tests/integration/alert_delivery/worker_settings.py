"""Settings for Celery workers started by the job alert integration tests: mail goes to files
the test reads, and the broker is the test's own Redis so no other worker takes its tasks."""

import os

from goodwork.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["TEST_EMAIL_FILE_PATH"]
CELERY_BROKER_URL = os.environ["TEST_BROKER_URL"]
CELERY_RESULT_BACKEND = os.environ["TEST_BROKER_URL"]
