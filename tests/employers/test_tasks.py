"""Celery tasks: the nightly pledge check and closed-early emails through a real worker and
Redis."""

import time

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from employers.models import PledgeCheck, PledgeCheckRun
from employers.tasks import pledge_checks_run_task
from jobs import services as js
from jobs.models import Vacancy
from jobs.tasks import vacancies_expire_task
from residents.models import Shortlist
from residents.services.shortlists import shortlists_notify_closed_early
from tests.employers.factories import OwnerMembershipFactory, PledgeFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.factories import ResidentFactory


def test_nightly_schedule_has_the_pledge_check_and_expiry():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"employers.tasks.pledge_checks_run_task", "jobs.tasks.vacancies_expire_task"} <= tasks


@pytest.mark.django_db
def test_residents_who_shortlisted_are_told_once_when_a_job_closes_early():
    vacancy = LiveVacancyFactory(title="Gardener")
    residents = ResidentFactory.create_batch(2)
    for resident in residents:
        Shortlist.objects.create(resident=resident, vacancy=vacancy)
    Shortlist.objects.create(resident=ResidentFactory(), vacancy=LiveVacancyFactory())
    assert shortlists_notify_closed_early(vacancy_id=vacancy.pk) == 0  # still live: nobody told
    js.vacancy_close(vacancy=vacancy, by=None)
    assert shortlists_notify_closed_early(vacancy_id=vacancy.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in residents)
    assert "Gardener" in mail.outbox[0].subject
    assert shortlists_notify_closed_early(vacancy_id=vacancy.pk) == 0
    assert len(mail.outbox) == 2
    assert not Shortlist.objects.filter(
        vacancy=vacancy, closed_early_notified_at__isnull=True
    ).exists()


@pytest.mark.django_db
def test_expiry_task_expires_past_closing_dates():
    vacancy = LiveVacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closing_date=timezone.localdate() - timezone.timedelta(days=1)
    )
    assert vacancies_expire_task.apply().get() == 1
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.EXPIRED


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_nightly_pledge_check_through_a_real_worker(live_worker):
    owner = OwnerMembershipFactory()
    PledgeFactory(organisation=owner.organisation)
    LiveVacancyFactory.create_batch(2, organisation=owner.organisation)
    LiveVacancyFactory(organisation=owner.organisation, zero_hours=True, guaranteed_hours=None)
    assert pledge_checks_run_task.delay().get(timeout=60) == 1
    check = PledgeCheck.objects.get(organisation=owner.organisation)
    assert check.status == "not_met" and check.vacancies_checked == 3
    assert PledgeCheckRun.objects.get().triggered_by == "schedule"
    pledge_checks_run_task.delay(triggered_by="admin").get(timeout=60)
    assert PledgeCheck.objects.filter(organisation=owner.organisation).count() == 1


@pytest.mark.django_db(transaction=True)
def test_closing_early_notifies_shortlisters_through_a_real_worker(live_worker):
    vacancy = LiveVacancyFactory()
    Shortlist.objects.create(resident=ResidentFactory(), vacancy=vacancy)
    js.vacancy_close(vacancy=vacancy, by=None)  # enqueued once the transaction commits
    assert _wait_for(
        lambda: not Shortlist.objects.filter(closed_early_notified_at__isnull=True).exists()
    )


@pytest.mark.django_db
def test_a_mail_failure_part_way_leaves_only_the_rest_for_the_retry(monkeypatch):
    from residents.services import shortlists

    vacancy = LiveVacancyFactory()
    for resident in ResidentFactory.create_batch(3):
        Shortlist.objects.create(resident=resident, vacancy=vacancy)
    js.vacancy_close(vacancy=vacancy, by=None)
    real_send, sent = shortlists.email_send, []

    def flaky(**kwargs):
        if len(sent) == 1:
            sent.append("failed")
            raise ConnectionError("mail server went away")
        sent.append(kwargs["to"][0])
        real_send(**kwargs)

    monkeypatch.setattr(shortlists, "email_send", flaky)
    with pytest.raises(ConnectionError):
        shortlists_notify_closed_early(vacancy_id=vacancy.pk)
    assert (
        Shortlist.objects.filter(vacancy=vacancy, closed_early_notified_at__isnull=False).count()
        == 1
    )
    assert shortlists_notify_closed_early(vacancy_id=vacancy.pk) == 2
    assert len(mail.outbox) == 3 and len({m.to[0] for m in mail.outbox}) == 3
