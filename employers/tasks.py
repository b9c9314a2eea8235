from celery import shared_task

from employers import services
from goodwork.core.tasks import TASK_RETRY


@shared_task(name="employers.tasks.pledge_checks_run_task", **TASK_RETRY)
def pledge_checks_run_task(triggered_by: str = "schedule") -> int:
    return services.pledge_checks_run(triggered_by=triggered_by)
