from celery import shared_task

from jobs.insights import services


@shared_task(
    name="jobs.insights.tasks.flexible_jobs_snapshot_task",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def flexible_jobs_snapshot_task() -> int:
    return services.flexible_jobs_snapshot_take().id
