from celery import shared_task

from goodwork.core.tasks import TASK_RETRY
from residents.services.shortlists import shortlists_notify_closed_early


@shared_task(name="residents.tasks.vacancy_closed_early_notify_task", **TASK_RETRY)
def vacancy_closed_early_notify_task(vacancy_id: int) -> int:
    return shortlists_notify_closed_early(vacancy_id=vacancy_id)
