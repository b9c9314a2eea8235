import datetime

from celery import shared_task

from employers import services
from employers.services import feeds
from goodwork.core.tasks import TASK_RETRY


@shared_task(name="employers.tasks.pledge_checks_run_task", **TASK_RETRY)
def pledge_checks_run_task(triggered_by: str = "schedule") -> int:
    return services.pledge_checks_run(triggered_by=triggered_by)


@shared_task(name="employers.tasks.pledge_check_notify_task", **TASK_RETRY)
def pledge_check_notify_task(organisation_id: int, run_on: str, previous: str = "") -> int:
    return services.pledge_check_notify(
        organisation_id=organisation_id,
        run_on=datetime.date.fromisoformat(run_on),
        previous=previous,
    )


@shared_task(name="employers.tasks.vacancy_approved_notify_task", **TASK_RETRY)
def vacancy_approved_notify_task(vacancy_id: int) -> int:
    return services.vacancy_approved_notify(vacancy_id=vacancy_id)


@shared_task(name="employers.tasks.vacancy_sent_back_notify_task", **TASK_RETRY)
def vacancy_sent_back_notify_task(vacancy_id: int) -> int:
    return services.vacancy_sent_back_notify(vacancy_id=vacancy_id)


@shared_task(name="employers.tasks.vacancy_feeds_import_task", **TASK_RETRY)
def vacancy_feeds_import_task() -> int:
    """Every feed due, each in a task of its own: one slow feed holds up no other."""
    due = feeds.vacancy_feeds_due()
    for feed_id in due:
        vacancy_feed_import_task.delay(feed_id)
    return len(due)


@shared_task(name="employers.tasks.vacancy_feed_import_task", **TASK_RETRY)
def vacancy_feed_import_task(feed_id: int) -> int | None:
    run = feeds.vacancy_feed_import(feed_id=feed_id)
    return run.pk if run is not None else None
