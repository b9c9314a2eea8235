from celery import shared_task

from employers import services

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="employers.tasks.pledge_checks_run_task", acks_late=True, **RETRY)
def pledge_checks_run_task(triggered_by: str = "schedule") -> int:
    return services.pledge_checks_run(triggered_by=triggered_by)


@shared_task(name="employers.tasks.vacancy_closed_early_notify_task", acks_late=True, **RETRY)
def vacancy_closed_early_notify_task(vacancy_id: int) -> int:
    return services.shortlists_notify_closed_early(vacancy_id=vacancy_id)
