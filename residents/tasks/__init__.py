"""Celery finds tasks here; each sub-domain keeps its own module and is imported below."""
from residents.tasks import coaching  # noqa: E402,F401
