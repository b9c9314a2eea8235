"""Job alerts end to end: vacancy_publish, a real broker, real Celery workers, real PostgreSQL."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction

from jobs.choices import Sector
from jobs.models import Vacancy
from jobs.services import vacancy_publish
from residents.models import AlertDelivery, SavedSearch
from tests.integration.alert_delivery.conftest import wait_for
from tests.jobs.factories import DraftVacancyFactory
from tests.residents.factories import SavedSearchFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def publish(**kwargs) -> Vacancy:
    vacancy = DraftVacancyFactory(**kwargs)
    with transaction.atomic():
        vacancy_publish(vacancy=vacancy, by=None)
    return vacancy


SWEEP = "residents.tasks.alerts_sweep_task"
MATCH = "residents.tasks.alerts_match_vacancy_task"


def send_task(name: str) -> None:
    from goodwork.celery import app

    app.send_task(name)


def all_sent() -> bool:
    return AlertDelivery.objects.exists() and not AlertDelivery.objects.pending().exists()


def test_publishing_emails_each_matching_alert_once_with_a_working_unsubscribe(
    start_worker, mailbox, client
):
    worker = start_worker()
    shop = SavedSearchFactory(sectors=[Sector.RETAIL], email="shop@example.net")
    anything = SavedSearchFactory(email="any@example.net")
    SavedSearchFactory(sectors=[Sector.CONSTRUCTION], email="builder@example.net")
    vacancy = publish(sector=Sector.RETAIL, title="Shop assistant")

    wait_for(lambda: worker.finished(MATCH) == 1, message="matching after publication")
    assert Vacancy.objects.get(id=vacancy.id).alerts_matched_at is not None
    assert mailbox.recipients() == ["any@example.net", "shop@example.net"]
    message = next(m for m in mailbox.messages() if m["To"] == "shop@example.net")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert link.startswith(settings.SITE_URL + "/alerts/unsubscribe/")
    html = next(part for part in message.walk() if part.get_content_type() == "text/html")
    assert link in html.get_payload(decode=True).decode()

    # The link works for anyone holding it, without signing in, and only for its own alert.
    path = urlsplit(link).path
    assert client.get(path).status_code == 200
    assert SavedSearch.objects.get(id=shop.id).unsubscribed_at is None
    response = client.post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert SavedSearch.objects.get(id=shop.id).unsubscribed_at is not None
    assert SavedSearch.objects.get(id=anything.id).unsubscribed_at is None
    assert client.post(path[:-3] + "xx/").status_code == 404

    # A second matching job goes to the alert that is still subscribed, only.
    publish(sector=Sector.RETAIL, title="Shop supervisor")
    wait_for(lambda: worker.finished(MATCH) == 2, message="matching the second job")
    assert all_sent()
    assert mailbox.recipients() == ["any@example.net", "any@example.net", "shop@example.net"]


def test_worker_killed_after_claiming_loses_nothing_and_sends_nothing_twice(
    start_worker, mailbox, pause_file: Path
):
    searches = [SavedSearchFactory(email=f"person{n}@example.net") for n in range(3)]
    claimed = Path(f"{pause_file}.claimed")
    pause_file.touch()
    first = start_worker()
    publish()

    # The worker claims the first alert's rows and holds; let it send that one email...
    wait_for(claimed.exists, message="the first claim")
    claimed.unlink()
    # ...then it claims the second alert's rows, and is killed before sending.
    wait_for(claimed.exists, message="the second claim")
    held = [int(i) for i in claimed.read_text().split(",")]
    assert len(mailbox.messages()) == 1
    first.kill()

    assert AlertDelivery.objects.pending().count() == 2
    assert set(AlertDelivery.objects.pending().values_list("id", flat=True)) >= set(held)

    pause_file.unlink()
    claimed.unlink()
    second = start_worker()
    send_task(SWEEP)
    wait_for(lambda: second.finished(SWEEP) == 1, message="the sweep on the new worker")
    assert all_sent()
    assert mailbox.recipients() == sorted(s.email for s in searches)
    # Running everything again, as beat and a redelivered publish task would, sends nothing more.
    from goodwork.celery import app

    send_task(SWEEP)
    send_task("residents.tasks.alerts_send_daily_task")
    app.send_task(MATCH, args=[AlertDelivery.objects.values_list("vacancy_id", flat=True)[0]])
    wait_for(
        lambda: second.finished(SWEEP) == 2 and second.finished(MATCH) == 1,
        message="the repeated runs",
    )
    assert len(mailbox.messages()) == 3


def test_publishing_while_the_broker_is_down_succeeds_and_the_sweep_delivers(
    broker, start_worker, mailbox
):
    search = SavedSearchFactory(email="waiting@example.net")
    broker.stop()
    vacancy = publish(title="Published during an outage")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert vacancy.alerts_matched_at is None

    broker.start()
    worker = start_worker()
    send_task(SWEEP)
    wait_for(lambda: worker.finished(SWEEP) == 1, message="the sweep to deliver")
    assert all_sent()
    assert mailbox.recipients() == [search.email]
    assert Vacancy.objects.get(id=vacancy.id).alerts_matched_at is not None

    send_task(SWEEP)
    wait_for(lambda: worker.finished(SWEEP) == 2, message="the second sweep")
    assert mailbox.recipients() == [search.email]
    assert AlertDelivery.objects.count() == 1
