"""The council dashboard: every figure against data built here and counted by hand.

The period is 1 January to 30 June 2026. The London Living Wage is £14.80 from 22 October 2025
(reference data) and, in these tests, £15.50 from 1 April 2026.

Residents and their caseload entries (P1 = Alpha Works, P2 = Beta Futures):

    R1 belsize     E1 P1 from 1 Dec 2025, open                        supported, not new
    R2 belsize     E2 P1 10 Feb 2026 to 28 Feb 2026                   supported, new
                   E3 P2 from 5 Mar 2026, open                        supported, new
    R3 bloomsbury  E7 P1 1 Jan 2025 to 1 Jan 2026 (noon)              supported, not new
                   E4 P2 from 1 Jul 2026                              after the period
    R4 (no ward)   E5 P2 1 Jun 2025 to 31 Dec 2025                    before the period
                   E6 P2 from 30 Jun 2026 (evening)                   supported, new

    by provider  P1: R1, R2, R3 = 3 (new 1)      P2: R2, R4 = 2 (new 2)
    by ward      Belsize 2 (new 1), Bloomsbury 1 (new 0), not known 1 (new 1); total 4 (new 2)

Job outcomes:

    J1 R1 P1 15 Jan 2026  £15.60  part-time   LLW yes  fewer hours no
    J2 R2 P2 10 Mar 2026  £13.00  -           LLW no   fewer hours no
    J3 R3 P1 20 May 2026  £16.00  -           LLW yes  fewer hours yes
    J4 R4 P2  1 Nov 2025  £15.00  -           (before the period; left the job at 26 weeks)
    J5 R1 P1  1 Aug 2026  (after the period)

    starts 3 (P1 2, P2 1; Belsize 2, Bloomsbury 1); LLW 2 = 67%; flexible 1 = 33%

Sustainment checks due in the period:

    J4 13 weeks 31 Jan 2026 recorded, in work     J4 26 weeks 2 May 2026 recorded, not in work
    J1 13 weeks 16 Apr 2026 recorded, in work     J2 13 weeks 9 Jun 2026 not recorded
    13 weeks: due 3, recorded 2, in work 2 = 67%;  26 weeks: due 1, recorded 1, in work 0 = 0%

In work at each month's end (rate that day): in work, at risk, share, below LLW, fewer hours

    Jan (14.80) J1 J4        2 0   0% 0 0
    Feb (14.80) J1 J4        2 0   0% 0 0
    Mar (14.80) J1 J2 J4     3 1  33% 1 0   J2 below
    Apr (15.50) J1 J2 J4     3 2  67% 2 0   J2 and J4 below the new rate
    May (15.50) J1 J2 J3     3 2  67% 1 1   J4 left on 2 May; J3 fewer hours
    Jun (15.50) J1 J2 J3     3 2  67% 1 1
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import PledgeCheck
from goodwork.core.models import AuditEvent
from goodwork.reporting import council
from jobs.choices import ContractType, TimeOption, Ward
from jobs.models import LivingWageRate, Vacancy
from residents.coaching.models import (
    CaseloadEntry,
    JobOutcome,
    SustainmentCheck,
    sustainment_due_on,
)
from residents.models import AlertDelivery
from tests.employers.factories import OrganisationFactory, PledgeFactory
from tests.goodwork.reporting import html
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)
from tests.residents.factories import (
    CoachFactory,
    OfflineResidentFactory,
    ProviderFactory,
    SavedSearchFactory,
)

DASHBOARD = reverse("insights:council_dashboard")
PERIOD = {
    "date_from_day": "1",
    "date_from_month": "1",
    "date_from_year": "2026",
    "date_to_day": "30",
    "date_to_month": "6",
    "date_to_year": "2026",
}
TABLE_NAMES = list(council.COUNCIL_TABLES)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def csv_url(table: str) -> str:
    return reverse("insights:council_csv", kwargs={"table": table})


@pytest.fixture
def world(db):
    LivingWageRate.objects.create(
        effective_from=datetime.date(2026, 4, 1),
        hourly_rate=Decimal("15.50"),
        announced_on=datetime.date(2026, 3, 1),
    )
    p1 = ProviderFactory(name="Alpha Works")
    p2 = ProviderFactory(name="Beta Futures")
    c1, c2 = CoachFactory(provider=p1), CoachFactory(provider=p2)
    r1 = OfflineResidentFactory(ward=Ward.BELSIZE)
    r2 = OfflineResidentFactory(ward=Ward.BELSIZE)
    r3 = OfflineResidentFactory(ward=Ward.BLOOMSBURY)
    r4 = OfflineResidentFactory(ward="")

    def entry(resident, coach, started, ended=None):
        return CaseloadEntry.objects.create(
            resident=resident,
            coach=coach,
            provider=coach.provider,
            started_at=started,
            ended_at=ended,
        )

    entry(r1, c1, at(2025, 12, 1))
    entry(r2, c1, at(2026, 2, 10), at(2026, 2, 28))
    entry(r2, c2, at(2026, 3, 5))
    entry(r3, c1, at(2025, 1, 1), at(2026, 1, 1))
    entry(r3, c2, at(2026, 7, 1))
    entry(r4, c2, at(2025, 6, 1), at(2025, 12, 31))
    entry(r4, c2, at(2026, 6, 30, 22, 30))

    def outcome(resident, coach, start, pay, *, flexible=(), fewer=False):
        rate = LivingWageRate.objects.in_force_on(start)
        return JobOutcome.objects.create(
            resident=resident,
            provider=coach.provider,
            coach=coach,
            start_date=start,
            employer_name="Camden Employer",
            job_title="Care assistant",
            hours_per_week=Decimal("20"),
            hourly_pay=Decimal(pay),
            contract_type=ContractType.PERMANENT,
            flexible_options=list(flexible),
            living_wage_rate=rate,
            below_living_wage=Decimal(pay) < rate,
            fewer_hours_than_wanted=fewer,
        )

    j1 = outcome(r1, c1, datetime.date(2026, 1, 15), "15.60", flexible=[TimeOption.PART_TIME])
    j2 = outcome(r2, c2, datetime.date(2026, 3, 10), "13.00")
    outcome(r3, c1, datetime.date(2026, 5, 20), "16.00", fewer=True)
    j4 = outcome(r4, c2, datetime.date(2025, 11, 1), "15.00")
    outcome(r1, c1, datetime.date(2026, 8, 1), "18.00")

    def check(job, weeks, *, still_in_work=None):
        recorded = still_in_work is not None
        due = sustainment_due_on(job.start_date, weeks)
        return SustainmentCheck.objects.create(
            job_outcome=job,
            weeks=weeks,
            due_on=due,
            recorded_at=at(due.year, due.month, due.day) if recorded else None,
            still_in_work=still_in_work,
            hours_per_week=Decimal("20") if still_in_work else None,
        )

    check(j4, 13, still_in_work=True)
    check(j4, 26, still_in_work=False)
    check(j1, 13, still_in_work=True)
    check(j1, 26)  # due 16 July 2026: after the period
    check(j2, 13)

    # Vacancies: (status, ward, created, published)
    def vacancy(factory, ward, created, published=None):
        made = factory(ward=ward, published_at=published) if published else factory(ward=ward)
        Vacancy.objects.filter(pk=made.pk).update(created_at=created)
        return made

    v1 = vacancy(LiveVacancyFactory, Ward.CAMDEN_TOWN, at(2026, 1, 25), at(2026, 2, 1))
    v2 = vacancy(LiveVacancyFactory, Ward.CAMDEN_TOWN, at(2026, 7, 1), at(2026, 7, 10))
    v3 = vacancy(DraftVacancyFactory, Ward.BELSIZE, at(2026, 3, 1))
    v4 = vacancy(ClosedVacancyFactory, Ward.BELSIZE, at(2026, 1, 3), at(2026, 1, 5))
    v5 = vacancy(ExpiredVacancyFactory, Ward.CAMDEN_TOWN, at(2025, 10, 1), at(2025, 10, 2))
    vacancy(InReviewVacancyFactory, Ward.CAMDEN_TOWN, at(2026, 6, 30, 23, 30))

    alert = SavedSearchFactory()
    for job, sent in [
        (v1, at(2026, 1, 10)),
        (v4, at(2026, 1, 20)),
        (v5, at(2026, 3, 5)),
        (v2, at(2025, 12, 31)),
        (v3, None),
    ]:
        AlertDelivery.objects.create(saved_search=alert, vacancy=job, sent_at=sent)

    def pledged(signed_on, checks=(), ward=Ward.CAMDEN_TOWN, withdrawn_at=None):
        pledge = PledgeFactory(
            organisation=OrganisationFactory(ward=ward),
            signed_on=signed_on,
            withdrawn_at=withdrawn_at,
        )
        for run_on, status in checks:
            PledgeCheck.objects.create(
                organisation=pledge.organisation, pledge=pledge, run_on=run_on, status=status
            )
        return pledge

    S = PledgeCheck.Status
    pledged(
        datetime.date(2026, 1, 1),
        [
            (datetime.date(2026, 5, 1), S.MET),
            (datetime.date(2026, 6, 15), S.AT_RISK),
            (datetime.date(2026, 7, 1), S.NOT_MET),
        ],
        ward=Ward.BELSIZE,
    )
    pledged(datetime.date(2025, 12, 1), [(datetime.date(2026, 3, 1), S.NOT_MET)])
    pledged(datetime.date(2026, 2, 1), [(datetime.date(2026, 6, 30), S.MET)])
    pledged(datetime.date(2026, 6, 1))
    pledged(datetime.date(2026, 8, 1))
    pledged(
        datetime.date(2025, 6, 1), [(datetime.date(2026, 2, 1), S.MET)], withdrawn_at=at(2026, 4, 1)
    )
    return {"p1": p1, "p2": p2}


@pytest.fixture
def officer(client, council_admin, mfa_login):
    return mfa_login(client, council_admin)


def page(client, **params) -> str:
    response = client.get(DASHBOARD, {**PERIOD, **params})
    assert response.status_code == 200
    return response.content.decode()


def rows(content: str, name: str) -> list[list[str]]:
    return html.table(html.section(content, name))[1]


def csv_rows(client, table: str, **params) -> list[list[str]]:
    response = client.get(csv_url(table), {**PERIOD, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def our_providers(table_rows):
    return [row for row in table_rows if row[0] in ("Alpha Works", "Beta Futures")]


# -- The figures -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_residents_supported_by_provider(officer, world):
    assert our_providers(rows(page(officer), "providers")) == [
        ["Alpha Works", "3", "1", "2"],
        ["Beta Futures", "2", "2", "1"],
    ]


@pytest.mark.django_db
def test_residents_supported_by_ward_count_each_resident_once(officer, world):
    assert rows(page(officer), "wards") == [
        ["Belsize", "2", "1", "2"],
        ["Bloomsbury", "1", "0", "1"],
        ["Not known", "1", "1", "0"],
    ]


@pytest.mark.django_db
def test_key_figures(officer, world):
    content = page(officer)
    figures = [
        " ".join(part.split()) for part in content.split('<span class="gw-key-figure__value">')[1:]
    ]
    assert [figure.split("<")[0] for figure in figures] == ["4", "3", "2", "3"]


@pytest.mark.django_db
def test_job_starts_paying_living_wage_and_flexible(officer, world):
    content = page(officer)
    assert rows(content, "job-starts") == [
        ["All job starts", "3", "100%"],
        ["Paying at least the London Living Wage", "2", "67%"],
        ["Offering flexible options", "1", "33%"],
    ]
    chart = html.svg(html.section(content, "job-starts"))
    assert html.chart_values(chart) == ["100%", "67%", "33%"]


@pytest.mark.django_db
def test_sustainment_is_the_share_of_due_checks_still_in_work(officer, world):
    assert rows(page(officer), "sustainment") == [
        ["13 weeks", "3", "2", "2", "67%"],
        ["26 weeks", "1", "1", "0", "0%"],
        ["52 weeks", "0", "0", "0", "No figure"],
    ]


@pytest.mark.django_db
def test_in_work_poverty_month_by_month_against_the_rate_in_force(officer, world):
    content = page(officer)
    assert rows(content, "in-work-poverty") == [
        ["January 2026", "2", "0", "0%", "0", "0", "£14.80"],
        ["February 2026", "2", "0", "0%", "0", "0", "£14.80"],
        ["March 2026", "3", "1", "33%", "1", "0", "£14.80"],
        ["April 2026", "3", "2", "67%", "2", "0", "£15.50"],
        ["May 2026", "3", "2", "67%", "1", "1", "£15.50"],
        ["June 2026", "3", "2", "67%", "1", "1", "£15.50"],
    ]
    chart = html.svg(html.section(content, "in-work-poverty"))
    assert html.chart_values(chart) == ["0%", "0%", "33%", "67%", "67%", "67%"]


@pytest.mark.django_db
def test_pledge_status_is_each_pledged_employers_latest_check(officer, world):
    assert rows(page(officer), "pledges") == [
        ["Met", "1", "25%"],
        ["At risk", "1", "25%"],
        ["Not met", "1", "25%"],
        ["Not checked yet", "1", "25%"],
        ["All pledged organisations", "4", "100%"],
    ]


@pytest.mark.django_db
def test_alerts_sent_by_month(officer, world):
    assert rows(page(officer), "alerts") == [
        ["January 2026", "2"],
        ["February 2026", "0"],
        ["March 2026", "1"],
        ["April 2026", "0"],
        ["May 2026", "0"],
        ["June 2026", "0"],
        ["All months", "3"],
    ]


@pytest.mark.django_db
def test_vacancies_by_status(officer, world):
    assert rows(page(officer), "vacancies") == [
        ["Draft", "1", "1", "0"],
        ["Waiting for council review", "1", "1", "0"],
        ["Live", "2", "1", "1"],
        ["Closed early", "1", "1", "1"],
        ["Closed", "1", "0", "0"],
        ["All vacancies", "6", "4", "2"],
    ]


@pytest.mark.django_db
def test_every_table_is_govuk_markup_with_a_csv_link_keeping_the_filters(officer, world):
    content = page(officer)
    for name in TABLE_NAMES:
        section = html.section(content, name)
        assert 'class="govuk-table gw-figure__table"' in section
        assert 'class="govuk-table__caption' in section
        assert f'href="{csv_url(name)}?date_from_day=1' in section
    assert content.count("<svg") == 2


# -- The filters -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_filters_the_period_is_the_last_twelve_months(officer, world):
    response = officer.get(DASHBOARD)
    assert response.status_code == 200
    today = timezone.localdate()
    filters = response.context["filters"]
    assert filters.end == today
    assert filters.start == council.default_period(today)[0]
    assert filters.start.day == 1
    assert len(filters.months) == 12
    content = response.content.decode()
    assert f'value="{filters.start.year}"' in content


@pytest.mark.django_db
def test_date_range_narrows_every_figure(officer, world):
    content = page(
        officer, date_from_day="1", date_from_month="3", date_to_day="31", date_to_month="3"
    )
    assert our_providers(rows(content, "providers")) == [
        ["Alpha Works", "1", "0", "0"],
        ["Beta Futures", "1", "1", "1"],
    ]
    assert rows(content, "job-starts")[0] == ["All job starts", "1", "100%"]
    assert rows(content, "in-work-poverty") == [
        ["March 2026", "3", "1", "33%", "1", "0", "£14.80"],
    ]
    assert rows(content, "alerts") == [["March 2026", "1"], ["All months", "1"]]
    # As at 31 March: the pledge withdrawn on 1 April still counts, with its check of
    # 1 February; two pledged organisations had not been checked yet.
    assert rows(content, "pledges") == [
        ["Met", "1", "25%"],
        ["At risk", "0", "0%"],
        ["Not met", "1", "25%"],
        ["Not checked yet", "2", "50%"],
        ["All pledged organisations", "4", "100%"],
    ]


@pytest.mark.django_db
def test_provider_filter(officer, world):
    content = page(officer, provider=str(world["p2"].pk))
    assert rows(content, "providers") == [["Beta Futures", "2", "2", "1"]]
    assert rows(content, "wards") == [
        ["Belsize", "1", "1", "1"],
        ["Not known", "1", "1", "0"],
    ]
    assert rows(content, "job-starts") == [
        ["All job starts", "1", "100%"],
        ["Paying at least the London Living Wage", "0", "0%"],
        ["Offering flexible options", "0", "0%"],
    ]
    assert rows(content, "sustainment") == [
        ["13 weeks", "2", "1", "1", "50%"],
        ["26 weeks", "1", "1", "0", "0%"],
        ["52 weeks", "0", "0", "0", "No figure"],
    ]
    assert [row[:4] for row in rows(content, "in-work-poverty")] == [
        ["January 2026", "1", "0", "0%"],
        ["February 2026", "1", "0", "0%"],
        ["March 2026", "2", "1", "50%"],
        ["April 2026", "2", "2", "100%"],
        ["May 2026", "1", "1", "100%"],
        ["June 2026", "1", "1", "100%"],
    ]
    # Pledges, alerts and vacancies are not about providers.
    assert rows(content, "pledges")[-1] == ["All pledged organisations", "4", "100%"]
    assert rows(content, "alerts")[-1] == ["All months", "3"]


@pytest.mark.django_db
def test_ward_filter(officer, world):
    content = page(officer, ward=Ward.BELSIZE)
    assert our_providers(rows(content, "providers")) == [
        ["Alpha Works", "2", "1", "1"],
        ["Beta Futures", "1", "1", "1"],
    ]
    assert rows(content, "wards") == [["Belsize", "2", "1", "2"]]
    assert rows(content, "job-starts") == [
        ["All job starts", "2", "100%"],
        ["Paying at least the London Living Wage", "1", "50%"],
        ["Offering flexible options", "1", "50%"],
    ]
    assert rows(content, "pledges") == [
        ["Met", "0", "0%"],
        ["At risk", "1", "100%"],
        ["Not met", "0", "0%"],
        ["Not checked yet", "0", "0%"],
        ["All pledged organisations", "1", "100%"],
    ]
    assert rows(content, "alerts")[0] == ["January 2026", "1"]
    assert rows(content, "alerts")[-1] == ["All months", "1"]
    assert rows(content, "vacancies")[-1] == ["All vacancies", "2", "2", "1"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"date_from_day": "31", "date_from_month": "2"},
            "date_from",
            "The start date must be a real date.",
        ),
        ({"date_to_month": ""}, "date_to", "The end date must include a month."),
        ({"date_to_year": "26"}, "date_to", "The end date: the year must include 4 numbers."),
        ({"date_to_day": "x"}, "date_to", "The end date must be a real date."),
        ({"date_to_month": "1", "date_from_month": "3"}, "date_to", council.DATE_TO_BEFORE_FROM),
        ({"date_to_year": "2099"}, "date_to", council.DATE_TO_IN_FUTURE),
        ({"date_from_year": "2099"}, "date_from", council.DATE_FROM_IN_FUTURE),
        ({"date_to_year": "2999"}, "date_to", "The end date must be in 2100 or earlier."),
        ({"date_from_year": "2999"}, "date_from", "The start date must be in 2100 or earlier."),
        ({"date_from_year": "1990"}, "date_from", council.PERIOD_TOO_LONG),
        ({"date_from_year": "0001"}, "date_from", council.DATE_FROM_TOO_EARLY),
        ({"date_to_year": "0001"}, "date_to", council.DATE_TO_TOO_EARLY),
        ({"provider": "999999"}, "provider", council.PROVIDER_UNKNOWN),
        ({"provider": "not-a-number"}, "provider", council.PROVIDER_UNKNOWN),
        ({"ward": "atlantis"}, "ward", council.WARD_UNKNOWN),
    ],
)
def test_bad_filters_show_an_error_summary(officer, world, params, field, message):
    response = officer.get(DASHBOARD, {**PERIOD, **params})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert f'href="#id_{field}">{message}</a>' in content.replace("&#x27;", "'")
    assert "<title>Error: " in content
    assert 'id="providers"' not in content
    # The CSV downloads send the officer back to the page that explains the problem.
    csv_response = officer.get(csv_url("providers"), {**PERIOD, **params})
    assert csv_response.status_code == 302
    assert csv_response["Location"].startswith(DASHBOARD + "?")


@pytest.mark.django_db
def test_unknown_table_is_not_found(officer, world):
    assert officer.get(csv_url("salaries")).status_code == 404


# -- CSV downloads -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_files_hold_the_tables_figures(officer, world):
    assert our_providers(csv_rows(officer, "providers")[1:]) == [
        ["Alpha Works", "3", "1", "2"],
        ["Beta Futures", "2", "2", "1"],
    ]
    assert csv_rows(officer, "providers")[0] == [
        "Provider",
        "Residents supported",
        "New to a caseload in the period",
        "Job starts",
    ]
    assert csv_rows(officer, "wards") == [
        [
            "Ward the resident lives in",
            "Residents supported",
            "New to a caseload in the period",
            "Job starts",
        ],
        ["Belsize", "2", "1", "2"],
        ["Bloomsbury", "1", "0", "1"],
        ["Not known", "1", "1", "0"],
    ]
    assert csv_rows(officer, "job-starts") == [
        ["Job starts", "Job starts", "Share of job starts (%)"],
        ["All job starts", "3", "100"],
        ["Paying at least the London Living Wage", "2", "67"],
        ["Offering flexible options", "1", "33"],
    ]
    assert csv_rows(officer, "sustainment") == [
        [
            "Check",
            "Checks due",
            "Checks recorded",
            "Still in work",
            "Share of due checks still in work (%)",
        ],
        ["13 weeks", "3", "2", "2", "67"],
        ["26 weeks", "1", "1", "0", "0"],
        ["52 weeks", "0", "0", "0", ""],
    ]
    assert csv_rows(officer, "in-work-poverty") == [
        [
            "Month",
            "Residents in work",
            "At risk of in-work poverty",
            "Share at risk (%)",
            "Paid below the London Living Wage",
            "Fewer hours than they want",
            "London Living Wage that day",
        ],
        ["January 2026", "2", "0", "0", "0", "0", "£14.80"],
        ["February 2026", "2", "0", "0", "0", "0", "£14.80"],
        ["March 2026", "3", "1", "33", "1", "0", "£14.80"],
        ["April 2026", "3", "2", "67", "2", "0", "£15.50"],
        ["May 2026", "3", "2", "67", "1", "1", "£15.50"],
        ["June 2026", "3", "2", "67", "1", "1", "£15.50"],
    ]
    assert csv_rows(officer, "pledges") == [
        ["Latest pledge check", "Organisations", "Share of pledged organisations (%)"],
        ["Met", "1", "25"],
        ["At risk", "1", "25"],
        ["Not met", "1", "25"],
        ["Not checked yet", "1", "25"],
        ["All pledged organisations", "4", "100"],
    ]
    assert csv_rows(officer, "alerts") == [
        ["Month", "Jobs sent in alerts"],
        ["January 2026", "2"],
        ["February 2026", "0"],
        ["March 2026", "1"],
        ["April 2026", "0"],
        ["May 2026", "0"],
        ["June 2026", "0"],
        ["All months", "3"],
    ]
    assert csv_rows(officer, "vacancies") == [
        ["Status today", "All vacancies", "Created in the period", "Published in the period"],
        ["Draft", "1", "1", "0"],
        ["Waiting for council review", "1", "1", "0"],
        ["Live", "2", "1", "1"],
        ["Closed early", "1", "1", "1"],
        ["Closed", "1", "0", "0"],
        ["All vacancies", "6", "4", "2"],
    ]


@pytest.mark.django_db
def test_csv_uses_the_same_filters_and_names_the_period(officer, world):
    response = officer.get(csv_url("providers"), {**PERIOD, "provider": str(world["p1"].pk)})
    assert response["Content-Disposition"] == (
        'attachment; filename="camden-council-dashboard-providers-2026-01-01-to-2026-06-30.csv"'
    )
    rows_ = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows_[1:] == [["Alpha Works", "3", "1", "2"]]


# -- Who may see it ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [DASHBOARD, csv_url("providers")])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["user", "resident", "employer_member", "coach"])
@pytest.mark.parametrize("url", [DASHBOARD, csv_url("providers")])
def test_other_roles_are_refused(client, mfa_login, request, role, url):
    person = request.getfixturevalue(role)
    mfa_login(client, getattr(person, "user", person))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_provider_manager_is_refused(client, mfa_login):
    manager = CoachFactory(is_manager=True).user
    mfa_login(client, manager)
    assert client.get(DASHBOARD).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", [DASHBOARD, csv_url("providers")])
def test_council_admin_without_two_factors_must_use_them_first(
    client, council_admin, mfa_login, url
):
    mfa_login(client, council_admin, with_mfa=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db
def test_council_admin_without_an_authenticator_is_asked_to_set_one_up(client, council_admin):
    client.force_login(council_admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.django_db
def test_council_admin_with_two_factors_sees_the_dashboard_and_navigation_link(officer):
    response = officer.get(DASHBOARD)
    assert response.status_code == 200
    assert f'href="{DASHBOARD}"' in response.content.decode()
    assert officer.get(csv_url("vacancies")).status_code == 200


@pytest.mark.django_db
def test_staff_account_that_is_inactive_is_refused(client, council_admin, mfa_login):
    mfa_login(client, council_admin)
    council_admin.is_active = False
    council_admin.save(update_fields=["is_active"])
    # An inactive account is signed out by the authentication backend.
    assert client.get(DASHBOARD).status_code == 302


# -- Cost --------------------------------------------------------------------------------------

# The signed-in user and the navigation's three role questions (4); the providers (1); caseload
# by provider and by ward (2); job starts (1); sustainment (1); the rates and in-work poverty
# (2); pledges (1); alerts (1); vacancies (1).
REQUEST_QUERIES = 4
DASHBOARD_QUERIES = REQUEST_QUERIES + 10


@pytest.mark.django_db
def test_dashboard_query_count_is_fixed(officer, world, django_assert_num_queries):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page(officer)
    # More of everything costs no more queries.
    for n in range(3):
        provider = ProviderFactory(name=f"Gamma {n}")
        coach = CoachFactory(provider=provider)
        resident = OfflineResidentFactory(ward=Ward.HIGHGATE)
        CaseloadEntry.objects.create(
            resident=resident, coach=coach, provider=provider, started_at=at(2026, 2, 1)
        )
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page(officer)


@pytest.mark.django_db
def test_csv_query_count_is_fixed(officer, world, django_assert_num_queries):
    # The request's own and the providers, then only what the table needs.
    with django_assert_num_queries(REQUEST_QUERIES + 1 + 1):
        officer.get(csv_url("alerts"), PERIOD)
    with django_assert_num_queries(REQUEST_QUERIES + 1 + 2):
        officer.get(csv_url("providers"), PERIOD)


@pytest.mark.django_db
def test_opening_the_dashboard_writes_no_audit_rows(officer, world):
    # Only counts are shown, never a resident's record.
    page(officer)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"date_from_day": "1", "date_from_month": "1", "date_from_year": "0001"},
        {"date_to_day": "1", "date_to_month": "1", "date_to_year": "0001"},
        {"date_from_day": "1", "date_from_month": "1", "date_from_year": "1901"},
    ],
)
def test_a_period_with_only_one_end_is_checked_as_it_would_be_counted(officer, world, params):
    response = officer.get(DASHBOARD, params)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert officer.get(csv_url("providers"), params).status_code == 302
