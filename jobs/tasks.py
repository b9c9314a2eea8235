from celery import shared_task

from jobs import services


@shared_task(
    name="jobs.tasks.vacancies_expire_task", acks_late=True,
    autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5,
)
def vacancies_expire_task() -> int:
    return services.vacancies_expire()
