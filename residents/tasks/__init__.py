"""Celery finds tasks here; each sub-domain keeps its own module and is imported below."""
from residents.tasks.alerts import (  # noqa: E402,F401
    alerts_expire_task,
    alerts_match_vacancy_task,
    alerts_send_daily_task,
    alerts_send_weekly_task,
    alerts_sweep_task,
)
from residents.tasks import coaching  # noqa: E402,F401
