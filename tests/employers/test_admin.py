"""The council's admin: pledge check history, running the check, suspending organisations."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from employers.admin import PLEDGE_CHECK_NOT_STARTED, PLEDGE_CHECK_QUEUED
from employers.models import PledgeCheck, PledgeCheckRun, PledgeVersion
from goodwork.core.models import AuditEvent
from jobs.models import Vacancy
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.goodwork.core.factories import UserFactory
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


@pytest.mark.parametrize(
    "changelist",
    ["employers_pledge", "employers_pledgecheck", "employers_pledgecheckrun"],
)
def test_run_pledge_check_now_needs_no_row_ticked(
    admin_client_, council_admin, monkeypatch, changelist
):
    calls = []
    monkeypatch.setattr(
        "employers.admin.pledge_checks_run_task.delay", lambda **kw: calls.append(kw)
    )
    PledgeFactory.create_batch(3)
    PledgeFactory(withdrawn_at=timezone.now())
    listing = reverse(f"admin:{changelist}_changelist")
    run = reverse(f"admin:{changelist}_run_pledge_check")
    page = admin_client_.get(listing)
    assert f'action="{run}"' in page.content.decode()
    # The button posts on its own, with the page's CSRF token and no rows selected.
    response = admin_client_.post(run, follow=True)
    assert response.redirect_chain[-1][0] == listing
    assert calls == [{"triggered_by": f"admin: {council_admin.email}"}]
    assert PLEDGE_CHECK_QUEUED.format(count=3, organisations="organisations") in [
        str(m) for m in response.context["messages"]
    ]
    event = AuditEvent.objects.get(subject_type="employers.pledgecheckrun")
    assert event.actor == council_admin and event.action == AuditEvent.Action.CREATE
    assert "3 organisations" in event.detail


def test_run_pledge_check_now_is_post_only_and_says_when_the_broker_is_down(
    admin_client_, monkeypatch
):
    def broker_down(**kw):
        raise ConnectionError("no broker")

    monkeypatch.setattr("employers.admin.pledge_checks_run_task.delay", broker_down)
    run = reverse("admin:employers_pledgecheck_run_pledge_check")
    assert admin_client_.get(run).status_code == 405
    admin_client_.get(reverse("admin:employers_pledgecheck_changelist"))
    response = admin_client_.post(run, follow=True)
    assert PLEDGE_CHECK_NOT_STARTED in [str(m) for m in response.context["messages"]]
    assert not AuditEvent.objects.filter(subject_type="employers.pledgecheckrun").exists()


def test_run_pledge_check_now_is_refused_to_other_staff(client, monkeypatch, mfa_login):
    calls = []
    monkeypatch.setattr(
        "employers.admin.pledge_checks_run_task.delay", lambda **kw: calls.append(kw)
    )
    officer = UserFactory(is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_pledgecheck"))
    mfa_login(client, officer)
    listing = client.get(reverse("admin:employers_pledgecheck_changelist"))
    run = reverse("admin:employers_pledgecheck_run_pledge_check")
    assert listing.status_code == 200 and run not in listing.content.decode()
    assert client.post(run, forged=True).status_code == 403
    assert calls == []


def test_pledge_check_runs_say_who_started_them(admin_client_):
    now = timezone.now()
    PledgeCheckRun.objects.create(run_on="2026-11-01", started_at=now, triggered_by="schedule")
    PledgeCheckRun.objects.create(
        run_on="2026-11-02", started_at=now, triggered_by="admin: officer@camden.gov.uk"
    )
    html = admin_client_.get(reverse("admin:employers_pledgecheckrun_changelist")).content.decode()
    assert "The nightly schedule" in html
    assert "A council officer (officer@camden.gov.uk)" in html


def test_organisation_list_links_to_the_procurement_export(admin_client_):
    html = admin_client_.get(reverse("admin:employers_organisation_changelist")).content.decode()
    assert reverse("employers:procurement_export") in html


def unchanged_form(form) -> dict:
    """What the browser sends back for an admin form left as it is; dates as three boxes."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if isinstance(value, datetime.date):
            data.update(date_parts(name, value))
        else:
            data[name] = value if isinstance(value, list) else str(value)
    return data


def date_parts(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def test_a_pledges_signing_date_is_saved_as_day_month_and_year_and_shown_again(admin_client_):
    pledge = PledgeFactory()
    url = reverse("admin:employers_pledge_change", args=[pledge.pk])
    form = admin_client_.get(url).context["adminform"].form
    signed = datetime.date(2026, 3, 9)
    response = admin_client_.post(url, {**unchanged_form(form), **date_parts("signed_on", signed)})
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge.refresh_from_db()
    assert pledge.signed_on == signed
    again = admin_client_.get(url)
    assert again.context["adminform"].form["signed_on"].value() == signed
    html = again.content.decode()
    for part, value in [("day", "9"), ("month", "3"), ("year", "2026")]:
        assert f'id="id_signed_on_{part}" inputmode="numeric"' in html
        assert f'name="signed_on_{part}" id="id_signed_on_{part}"' in html
        assert f'value="{value}"' in html


def test_a_pledge_versions_publication_date_round_trips(admin_client_):
    version = PledgeVersion.objects.get()
    url = reverse("admin:employers_pledgeversion_change", args=[version.pk])
    form = admin_client_.get(url).context["adminform"].form
    published = datetime.date(2026, 4, 1)
    response = admin_client_.post(
        url, {**unchanged_form(form), **date_parts("published_on", published)}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    version.refresh_from_db()
    assert version.published_on == published
    again = admin_client_.get(url).context["adminform"].form
    assert again["published_on"].value() == published
