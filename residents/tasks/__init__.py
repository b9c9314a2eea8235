"""Celery finds tasks here; each sub-domain keeps its own module and is imported below."""
from residents.tasks.alerts import (  # noqa: F401
    alerts_expire_task,
    alerts_match_vacancy_task,
    alerts_send_daily_task,
    alerts_send_weekly_task,
    alerts_sweep_task,
)
from residents.tasks.shortlists import vacancy_closed_early_notify_task  # noqa: F401
