"""Celery finds tasks here; each sub-domain keeps its own module and is imported below."""
