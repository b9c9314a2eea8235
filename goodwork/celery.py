import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwork.settings")

app = Celery("goodwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["goodwork.reporting"])


@app.task(name="goodwork.ping")
def ping_task(value: str) -> str:
    """A round trip through the broker and a worker, used by /healthz checks and tests."""
    return f"pong:{value}"
