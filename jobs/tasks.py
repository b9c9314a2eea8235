from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from jobs import services, tracking


@shared_task(name="jobs.tasks.vacancies_expire_task", **TASK_RETRY)
def vacancies_expire_task() -> int:
    return services.vacancies_expire()


@shared_task(name="jobs.tasks.vacancy_views_flush_task", **TASK_RETRY)
def vacancy_views_flush_task() -> int:
    return tracking.vacancy_views_flush()
