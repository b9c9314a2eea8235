"""The council's admin: pledge check history, running the check, suspending organisations."""

import pytest
from django.urls import reverse

from employers.models import PledgeCheck
from jobs.models import Vacancy
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_load(admin_client_):
    pledge = PledgeFactory()
    check = PledgeCheck.objects.create(
        organisation=pledge.organisation,
        pledge=pledge,
        run_on="2026-11-01",
        status="at_risk",
        results=[
            {
                "commitment": 5,
                "status": "at_risk",
                "reason": "1 of 10 late.",
                "vacancy_ids": [1],
                "vacancies": [{"id": 1, "title": "Porter"}],
            }
        ],
    )
    for url in [
        reverse("admin:employers_organisation_changelist"),
        reverse("admin:employers_organisation_changelist") + "?suspended=yes",
        reverse("admin:employers_pledgecheck_changelist") + "?status__exact=at_risk",
        reverse("admin:employers_pledgecheck_change", args=[check.pk]),
        reverse("admin:employers_pledge_changelist"),
        reverse("admin:employers_pledgecheckrun_changelist"),
    ]:
        assert admin_client_.get(url).status_code == 200, url
    detail = admin_client_.get(
        reverse("admin:employers_pledgecheck_change", args=[check.pk])
    ).content.decode()
    assert "Porter (#1)" in detail


def test_suspending_takes_vacancies_out_of_search_at_once(admin_client_):
    organisation = OrganisationFactory()
    vacancy = LiveVacancyFactory(organisation=organisation)
    url = reverse("admin:employers_organisation_changelist")
    admin_client_.post(url, {"action": "suspend", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert organisation.is_suspended
    assert not Vacancy.objects.live().filter(pk=vacancy.pk).exists()
    admin_client_.post(url, {"action": "unsuspend", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db()
    assert not organisation.is_suspended
    assert Vacancy.objects.live().filter(pk=vacancy.pk).exists()


def test_run_pledge_check_now_enqueues_the_check(admin_client_, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "employers.admin.pledge_checks_run_task.delay", lambda **kw: calls.append(kw)
    )
    pledge = PledgeFactory()
    admin_client_.post(
        reverse("admin:employers_pledge_changelist"),
        {"action": "run_pledge_check", "_selected_action": [pledge.pk]},
    )
    assert calls and calls[0]["triggered_by"].startswith("admin: ")


def test_organisation_list_links_to_the_procurement_export(admin_client_):
    html = admin_client_.get(reverse("admin:employers_organisation_changelist")).content.decode()
    assert reverse("employers:procurement_export") in html
