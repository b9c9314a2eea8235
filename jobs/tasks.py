from celery import shared_task

from jobs import services, tracking


@shared_task(
    name="jobs.tasks.vacancies_expire_task", acks_late=True,
    autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5,
)
def vacancies_expire_task() -> int:
    return services.vacancies_expire()


@shared_task(name="jobs.tasks.vacancy_views_flush_task", acks_late=True)
def vacancy_views_flush_task() -> int:
    return tracking.vacancy_views_flush()
