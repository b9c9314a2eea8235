"""Emails to employers about their vacancies and their pledge, through a real worker."""

from __future__ import annotations

import pytest
from django.utils import timezone

from employers.tasks import (
    pledge_check_notify_task,
    pledge_checks_run_task,
    vacancy_approved_notify_task,
    vacancy_sent_back_notify_task,
)
from jobs import services as js
from tests.employers.factories import MembershipFactory, OwnerMembershipFactory, PledgeFactory
from tests.goodwork.core.factories import CouncilAdminFactory
from tests.jobs.factories import InReviewVacancyFactory, LiveVacancyFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_council_decisions_reach_the_poster_and_the_owners(live_worker):
    owner = OwnerMembershipFactory()
    poster = MembershipFactory(organisation=owner.organisation).user
    MembershipFactory(organisation=owner.organisation)
    vacancy = InReviewVacancyFactory(organisation=owner.organisation, created_by=poster)
    council = CouncilAdminFactory()
    js.vacancy_reject(vacancy=vacancy, by=council, note="Say what the pay is an hour.")
    assert vacancy_sent_back_notify_task.delay(vacancy.pk).get(timeout=60) == 2
    assert vacancy_approved_notify_task.delay(vacancy.pk).get(timeout=60) == 0  # not live
    vacancy.refresh_from_db()
    js.vacancy_submit(vacancy=vacancy, by=poster)
    vacancy.refresh_from_db()
    assert vacancy_approved_notify_task.delay(vacancy.pk).get(timeout=60) == 2
    assert vacancy_sent_back_notify_task.delay(vacancy.pk).get(timeout=60) == 0  # moved on


def test_a_pledge_check_result_reaches_the_owners(live_worker):
    owner = OwnerMembershipFactory()
    OwnerMembershipFactory(organisation=owner.organisation)
    PledgeFactory(organisation=owner.organisation)
    LiveVacancyFactory(organisation=owner.organisation)
    assert pledge_checks_run_task.delay().get(timeout=60) == 1
    today = timezone.localdate().isoformat()
    assert pledge_check_notify_task.delay(owner.organisation_id, today, "met").get(timeout=60) == 2
