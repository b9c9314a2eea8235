from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from jobs import services, tracking
from jobs.exports.findajob import findajob_export_send


@shared_task(name="jobs.tasks.vacancies_expire_task", **TASK_RETRY)
def vacancies_expire_task() -> int:
    return services.vacancies_expire()


@shared_task(name="jobs.tasks.vacancy_views_flush_task", **TASK_RETRY)
def vacancy_views_flush_task() -> int:
    return tracking.vacancy_views_flush()


@shared_task(name="jobs.tasks.findajob_export_task", **TASK_RETRY)
def findajob_export_task() -> str:
    return findajob_export_send()
