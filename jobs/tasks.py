from celery import shared_task

from jobs import services


@shared_task(name="jobs.tasks.vacancies_expire_task", acks_late=True)
def vacancies_expire_task() -> int:
    return services.vacancies_expire()
