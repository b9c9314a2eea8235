"""The admin pages that show residents' personal data write who looked to the audit log."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from goodwork.core.models import AuditEvent
from jobs.choices import ContractType, TimeOption
from residents.coaching.models import JobOutcome, Referral
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import CoachFactory, OfflineResidentFactory


@pytest.fixture
def coached(db, provider):
    coach = CoachFactory(provider=provider)
    entry = on_caseload(coach, OfflineResidentFactory(first_name="Ada", last_name="Okafor"))
    return coach, entry


def job_outcome(coach, resident) -> JobOutcome:
    return JobOutcome.objects.create(
        resident=resident,
        provider=coach.provider,
        coach=coach,
        start_date=datetime.date(2026, 3, 2),
        employer_name="Camden Care",
        job_title="Care assistant",
        hours_per_week=Decimal("24"),
        hourly_pay=Decimal("15.20"),
        contract_type=ContractType.PERMANENT,
        flexible_options=[TimeOption.PART_TIME],
        living_wage_rate=Decimal("14.80"),
    )


def records(coached):
    coach, entry = coached
    resident = entry.resident
    referral = Referral.objects.create(
        resident=resident, vacancy=LiveVacancyFactory(), provider=coach.provider, coach=coach
    )
    return {
        "resident": resident,
        "caseloadentry": entry,
        "consent": resident.consents.get(),
        "referral": referral,
        "joboutcome": job_outcome(coach, resident),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["resident", "caseloadentry", "consent", "referral", "joboutcome"]
)
def test_opening_a_record_writes_a_view_row_naming_the_resident(
    admin_client_, council_admin, coached, model
):
    record = records(coached)[model]
    response = admin_client_.get(reverse(f"admin:residents_{model}_change", args=[record.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(actor=council_admin)
    assert event.action == AuditEvent.Action.VIEW
    assert event.actor_label == f"{council_admin.get_full_name()}, Camden Council"
    assert event.subject_type == f"residents.{model}"
    assert event.subject_id == str(record.pk)
    assert event.resident_id == coached[1].resident.pk
    assert event.detail == "Opened in the admin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["resident", "caseloadentry", "consent", "referral", "joboutcome"]
)
def test_listing_records_writes_how_many_and_a_row_for_the_resident_but_not_the_query(
    admin_client_, council_admin, coached, model
):
    records(coached)
    response = admin_client_.get(reverse(f"admin:residents_{model}_changelist"), {"o": "1"})
    assert response.status_code == 200
    summary, listed = AuditEvent.objects.filter(actor=council_admin).order_by("pk")
    for event in (summary, listed):
        assert (event.action, event.subject_type, event.subject_id) == (
            AuditEvent.Action.VIEW,
            f"residents.{model}",
            "list",
        )
    opts = response.context["cl"].opts
    assert summary.resident_id is None
    assert summary.detail == f"Listed 1 {opts.verbose_name} in the admin, of 1 found"
    assert listed.resident_id == coached[1].resident.pk
    assert listed.detail == f"Shown in the admin's list of {opts.verbose_name_plural}"


@pytest.mark.django_db
def test_a_record_that_does_not_exist_writes_nothing(admin_client_, council_admin):
    response = admin_client_.get(reverse("admin:residents_resident_change", args=[987654]))
    assert response.status_code == 302  # the admin's "may have been deleted" redirect
    assert not AuditEvent.objects.filter(actor=council_admin).exists()


@pytest.mark.django_db
def test_records_that_are_not_about_one_resident_are_not_audited(
    admin_client_, council_admin, provider
):
    response = admin_client_.get(reverse("admin:residents_provider_change", args=[provider.pk]))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(actor=council_admin).exists()


@pytest.mark.django_db
def test_job_outcomes_export_as_csv_without_the_residents_name_and_the_export_is_audited(
    admin_client_, council_admin, coached
):
    outcome = records(coached)["joboutcome"]
    response = admin_client_.post(
        reverse("admin:residents_joboutcome_changelist"),
        {"action": "export_selected_as_csv", ACTION_CHECKBOX_NAME: [outcome.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Job title",
            "Employer",
            "Provider",
            "Start date",
            "Contract type",
            "Hourly pay",
            "Hours a week",
            "Living wage rate",
            "Below living wage",
            "Fewer hours than wanted",
            "Flexible options",
        ],
        [
            "Care assistant",
            "Camden Care",
            coached[0].provider.name,
            "2 March 2026",
            "Permanent",
            "15.20",
            "24.0",
            "14.80",
            "No",
            "No",
            "Part-time",
        ],
    ]
    assert "Okafor" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == council_admin
    assert event.subject_type == "residents.joboutcome"
    assert event.detail == f"Exported 1 as CSV: {outcome.pk}"


@pytest.mark.django_db
def test_the_admin_needs_two_factors_before_any_record_is_shown(
    client, council_admin, mfa_login, coached
):
    mfa_login(client, council_admin, with_mfa=False)
    resident = coached[1].resident
    response = client.get(reverse("admin:residents_resident_change", args=[resident.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(actor=council_admin).exists()
