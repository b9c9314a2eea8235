"""The one CSV writer: cells a spreadsheet would run are written as text, in every CSV served."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from goodwork.core.csvexport import csv_cell, csv_response
from goodwork.reporting import tables
from tests.employers.factories import OrganisationFactory
from tests.jobs.factories import LiveVacancyFactory
from tests.residents.coaching.helpers import on_caseload
from tests.residents.factories import ProviderFactory

HOSTILE = '=HYPERLINK("http://evil")'


def read(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


# -- The helper --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(prefix):
    assert csv_cell(f"{prefix}SUM(A1:A9)") == f"'{prefix}SUM(A1:A9)"


def test_other_text_is_left_alone():
    assert csv_cell("Camden Care") == "Camden Care"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell("") == ""


@pytest.mark.parametrize("number", [-5, Decimal("-14.80"), -0.5, 0, 12])
def test_numbers_stay_numbers_even_when_negative(number):
    assert csv_cell(number) == number


def test_none_is_empty_booleans_are_yes_or_no_and_dates_are_iso():
    assert csv_cell(None) == ""
    assert (csv_cell(True), csv_cell(False)) == ("Yes", "No")
    assert csv_cell(datetime.date(2026, 3, 2)) == "2026-03-02"
    assert csv_cell(datetime.datetime(2026, 3, 2, 9, 30)) == "2026-03-02 09:30:00"
    aware = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 30))
    assert csv_cell(aware) == "2026-07-01 09:30"


def test_a_list_is_joined_and_the_joined_text_made_safe():
    assert csv_cell(["part_time", "term_time"]) == "part_time; term_time"
    assert csv_cell(["-1", "2"]) == "'-1; 2"


def test_the_response_is_an_attachment_with_a_header_and_escaped_rows():
    response = csv_response(
        filename="things-2026-12-01.csv",
        header=["Name", "Change", "When", "Open"],
        rows=[[HOSTILE, -3, datetime.date(2026, 12, 1), True], ["Plain", None, None, False]],
    )
    assert response["Content-Disposition"] == 'attachment; filename="things-2026-12-01.csv"'
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert read(response) == [
        ["Name", "Change", "When", "Open"],
        ["'" + HOSTILE, "-3", "2026-12-01", "Yes"],
        ["Plain", "", "", "No"],
    ]


# -- Every CSV the portal serves ---------------------------------------------------------------


@pytest.mark.django_db
def test_admin_export_escapes_a_hostile_organisation_name(admin_client_):
    vacancy = LiveVacancyFactory(organisation__name=HOSTILE)
    response = admin_client_.post(
        reverse("admin:jobs_vacancy_changelist"),
        {"action": "export_selected_as_csv", ACTION_CHECKBOX_NAME: [vacancy.pk]},
    )
    header, row = read(response)
    assert dict(zip(header, row, strict=True))["Organisation"] == "'" + HOSTILE


@pytest.mark.django_db
def test_procurement_export_escapes_a_hostile_organisation_name(client, council_admin, mfa_login):
    OrganisationFactory(name=HOSTILE)
    mfa_login(client, council_admin)
    rows = read(client.get(reverse("employers:procurement_export")))
    by_name = {row[0]: row for row in rows[1:]}
    assert HOSTILE not in by_name
    assert by_name["'" + HOSTILE][4:6] == ["No", "No"]


@pytest.mark.django_db
def test_caseload_export_escapes_hostile_resident_and_provider_names(client, coach, mfa_login):
    post = coach.coach_roles.get()
    post.provider.name = HOSTILE
    post.provider.save(update_fields=["name"])
    entry = on_caseload(post)
    entry.resident.first_name = "@SUM(1+1)"
    entry.resident.save(update_fields=["first_name"])
    mfa_login(client, coach)
    header, row = read(client.get(reverse("coaching:caseload_export")))
    assert row[0].startswith("'@SUM(1+1)")
    assert row[1] == "'" + HOSTILE


@pytest.mark.django_db
def test_council_dashboard_csv_escapes_a_hostile_provider_name(client, council_admin, mfa_login):
    ProviderFactory(name=HOSTILE)
    mfa_login(client, council_admin)
    response = client.get(
        reverse("insights:council_csv", kwargs={"table": "providers"}),
        {
            "date_from_day": "1",
            "date_from_month": "1",
            "date_from_year": "2026",
            "date_to_day": "30",
            "date_to_month": "6",
            "date_to_year": "2026",
        },
    )
    rows = read(response)
    assert ["'" + HOSTILE, "0", "0", "0"] in rows[1:]


@pytest.mark.django_db
def test_flexible_jobs_index_csv_escapes_text_and_keeps_negative_numbers(client, monkeypatch):
    def hostile(index):
        return tables.Table(
            name="options",
            caption="Options",
            chart_title="",
            chart_description="",
            row_heading="Option",
            columns=[tables.Column("Change")],
            rows=[[HOSTILE, -2]],
        )

    monkeypatch.setitem(tables.TABLES, "options", hostile)
    rows = read(client.get(reverse("insights:csv", kwargs={"table": "options"})))
    assert rows == [["Option", "Change"], ["'" + HOSTILE, "-2"]]
