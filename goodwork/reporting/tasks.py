from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from goodwork.reporting import services


@shared_task(name="goodwork.reporting.tasks.flexible_jobs_snapshot_task", **TASK_RETRY)
def flexible_jobs_snapshot_task() -> int:
    return services.flexible_jobs_snapshot_take().id
