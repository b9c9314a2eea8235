"""The council dashboard: the programme's figures for a period, a provider and a ward.

Every figure is counted in SQL (GROUP BY with conditional aggregates, COUNT ... FILTER), one
query per part of the dashboard, so the page costs the same number of queries however many
residents, jobs and alerts there are. Each part is counted the first time it is read, so a
CSV file of one table costs only that table's queries. Each app counts its own figures
(jobs.figures, employers.figures, residents.figures, residents.coaching.figures); this module
composes them into the dashboard's tables.

What the filters apply to:
- the period: every figure (pledge status is as at its end, vacancies' status as today);
- the provider: the coaching figures (residents supported, job starts, sustainment and
  in-work poverty);
- the ward: the resident's ward for coaching figures, the vacancy's ward for vacancies and job
  alerts, the organisation's ward for pledges.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone

from employers.figures import PledgedOrganisations, pledged_organisations
from goodwork.core.forms import GovukDateField
from goodwork.core.templatetags.govuk import pounds
from goodwork.reporting.tables import Column, Table
from jobs.choices import Ward
from jobs.figures import VacancyStatusCounts, living_wage_rates_on, percent, vacancies_by_status
from residents.coaching.figures import (
    JobStarts,
    Supported,
    SustainmentCounts,
    in_work_poverty,
    job_starts,
    providers_by_name,
    supported_by_provider,
    supported_by_ward,
    sustainment_checks_due,
)
from residents.figures import alerts_sent_by_month

if TYPE_CHECKING:
    from residents.coaching.models import Provider

DEFAULT_MONTHS = 12
MAX_MONTHS = 60

DATE_TO_BEFORE_FROM = "The end date must be the same as or after the start date."
DATE_TO_IN_FUTURE = "The end date must be today or in the past."
DATE_FROM_IN_FUTURE = "The start date must be today or in the past."
PERIOD_TOO_LONG = f"The period must be {MAX_MONTHS // 12} years or shorter."
# A date before this is a typing mistake (the year 1 for 2001): refused before any period is
# worked out from it, since a month before the year 1 does not exist.
EARLIEST = datetime.date(1900, 1, 1)
DATE_FROM_TOO_EARLY = "The start date must be in 1900 or later."
DATE_TO_TOO_EARLY = "The end date must be in 1900 or later."
PROVIDER_UNKNOWN = "Select a provider from the list."
WARD_UNKNOWN = "Select a ward from the list."

NOT_KNOWN = "Not known"
ALL_PROVIDERS = "All providers"
ALL_WARDS = "All wards"


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, counting the current one."""
    return _add_months(today, -(DEFAULT_MONTHS - 1)), today


# -- The filters -----------------------------------------------------------------------------


class CouncilDashboardForm(forms.Form):
    """The dashboard's GET filters. Every field may be left empty: the period then defaults to
    the last twelve months, and no provider or ward narrows the figures."""

    date_from = GovukDateField(
        label="From",
        label_in_errors="The start date",
        required=False,
        help_text="For example, 1 4 2026",
    )
    date_to = GovukDateField(
        label="To",
        label_in_errors="The end date",
        required=False,
        help_text="For example, 31 3 2027",
    )
    provider = forms.ChoiceField(
        label="Provider", required=False, error_messages={"invalid_choice": PROVIDER_UNKNOWN}
    )
    ward = forms.ChoiceField(
        label="Ward",
        required=False,
        choices=[("", ALL_WARDS), *Ward.choices],
        error_messages={"invalid_choice": WARD_UNKNOWN},
    )

    def __init__(self, *args, providers: list[Provider], today: datetime.date, **kwargs):
        self.today = today
        start, end = default_period(today)
        kwargs.setdefault("initial", {"date_from": start, "date_to": end})
        super().__init__(*args, **kwargs)
        # The provider list is read once and shared with the providers table.
        self.providers = providers
        self.fields["provider"].choices = [
            ("", ALL_PROVIDERS),
            *[(str(provider.pk), provider.name) for provider in providers],
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and start > self.today:
            self.add_error("date_from", DATE_FROM_IN_FUTURE)
        if end and end > self.today:
            self.add_error("date_to", DATE_TO_IN_FUTURE)
        if start and start < EARLIEST:
            self.add_error("date_from", DATE_FROM_TOO_EARLY)
        if end and end < EARLIEST:
            self.add_error("date_to", DATE_TO_TOO_EARLY)
        if self.errors:
            return cleaned
        # The period as it will be counted: an empty end is today, an empty start a year back.
        end_counted = end or self.today
        start_counted = start or default_period(end_counted)[0]
        if start and end and end < start:
            self.add_error("date_to", DATE_TO_BEFORE_FROM)
        elif _add_months(start_counted, MAX_MONTHS) <= end_counted:
            self.add_error("date_from", PERIOD_TOO_LONG)
        return cleaned

    def filters(self) -> DashboardFilters:
        """The filters to count with; call only when the form is valid."""
        data = self.cleaned_data
        end = data.get("date_to") or self.today
        start = data.get("date_from") or default_period(end)[0]
        provider = next((p for p in self.providers if str(p.pk) == data.get("provider")), None)
        return DashboardFilters(
            start=start, end=end, provider=provider, ward=data.get("ward") or ""
        )


@dataclass(frozen=True)
class DashboardFilters:
    start: datetime.date
    end: datetime.date
    provider: Provider | None = None
    ward: str = ""

    @property
    def starts_at(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def ends_before(self) -> datetime.datetime:
        """The first moment after the period: the period includes the whole of its last day."""
        return _local_midnight(self.end + datetime.timedelta(days=1))

    @property
    def ward_label(self) -> str:
        return Ward(self.ward).label if self.ward else ALL_WARDS

    @property
    def months(self) -> list[datetime.date]:
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = _add_months(month, 1)
        return months

    def month_end(self, month: datetime.date) -> datetime.date:
        """The month's last day, or the period's, whichever comes first."""
        return min(_add_months(month, 1) - datetime.timedelta(days=1), self.end)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# -- The figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PovertyPoint:
    month: datetime.date
    on: datetime.date
    rate: Decimal | None
    in_work: int
    at_risk: int
    below_llw: int
    fewer_hours: int


class CouncilDashboard:
    def __init__(self, *, filters: DashboardFilters, providers: list[Provider]):
        self.filters = filters
        # Providers shown in the providers table: all of them, or the one filtered on.
        self.providers = [
            p for p in providers if filters.provider is None or p.pk == filters.provider.pk
        ]

    # Residents supported: a caseload entry open at any time in the period.
    @cached_property
    def supported_by_provider(self) -> dict[int, Supported]:
        f = self.filters
        return supported_by_provider(
            starts_at=f.starts_at, ends_before=f.ends_before, provider=f.provider, ward=f.ward
        )

    @cached_property
    def supported_by_ward(self) -> dict[str, Supported]:
        f = self.filters
        return supported_by_ward(
            starts_at=f.starts_at, ends_before=f.ends_before, provider=f.provider, ward=f.ward
        )

    @cached_property
    def supported_total(self) -> dict[str, int]:
        # A resident lives in one ward, so the wards add up to each resident counted once,
        # even one supported by two providers in the period.
        return {
            "supported": sum(row.supported for row in self.supported_by_ward.values()),
            "new": sum(row.new for row in self.supported_by_ward.values()),
        }

    @cached_property
    def starts(self) -> list[JobStarts]:
        """Job starts in the period, grouped by provider and ward; the totals are sums of these."""
        f = self.filters
        return job_starts(start=f.start, end=f.end, provider=f.provider, ward=f.ward)

    def _starts_summed(self, key: str | None = None) -> dict:
        sums: dict = {}
        for row in self.starts:
            group = sums.setdefault(
                getattr(row, key) if key else "all", {"starts": 0, "llw": 0, "flexible": 0}
            )
            for measure in group:
                group[measure] += getattr(row, measure)
        return sums

    @cached_property
    def starts_total(self) -> dict[str, int]:
        return self._starts_summed().get("all", {"starts": 0, "llw": 0, "flexible": 0})

    @cached_property
    def sustainment(self) -> list[SustainmentCounts]:
        """Checks that fell due in the period (and are due by today), by milestone."""
        f = self.filters
        return sustainment_checks_due(start=f.start, end=f.end, provider=f.provider, ward=f.ward)

    @cached_property
    def poverty(self) -> list[PovertyPoint]:
        """At the end of each month of the period: residents in work, and those at risk of
        in-work poverty because their pay is below the London Living Wage in force that day
        or they work fewer hours than they want."""
        f = self.filters
        months = f.months
        days = [f.month_end(month) for month in months]
        rates = living_wage_rates_on(days)
        counts = in_work_poverty(
            days=list(zip(days, rates, strict=True)), provider=f.provider, ward=f.ward
        )
        return [
            PovertyPoint(
                month=month,
                on=point.on,
                rate=rate,
                in_work=point.in_work,
                at_risk=point.at_risk,
                below_llw=point.below_llw,
                fewer_hours=point.fewer_hours,
            )
            for month, rate, point in zip(months, rates, counts, strict=True)
        ]

    @cached_property
    def pledges(self) -> PledgedOrganisations:
        """Organisations pledged at the end of the period, by the latest check on or before it."""
        return pledged_organisations(on=self.filters.end, ward=self.filters.ward)

    @cached_property
    def alerts(self) -> dict[datetime.date, int]:
        f = self.filters
        return alerts_sent_by_month(starts_at=f.starts_at, ends_before=f.ends_before, ward=f.ward)

    @cached_property
    def vacancies(self) -> list[VacancyStatusCounts]:
        f = self.filters
        return vacancies_by_status(starts_at=f.starts_at, ends_before=f.ends_before, ward=f.ward)


# -- The tables ------------------------------------------------------------------------------

RESIDENTS = Column("Residents supported")
NEW_RESIDENTS = Column("New to a caseload in the period")
JOB_STARTS = Column("Job starts")
NOBODY = Supported()


def _providers(d: CouncilDashboard) -> Table:
    by_provider = d._starts_summed("provider_id")
    rows = []
    for provider in d.providers:
        supported = d.supported_by_provider.get(provider.pk, NOBODY)
        rows.append(
            [
                provider.name,
                supported.supported,
                supported.new,
                by_provider.get(provider.pk, {}).get("starts", 0),
            ]
        )
    return Table(
        name="providers",
        caption="Residents supported by provider",
        chart_title="",
        chart_description="",
        row_heading="Provider",
        columns=[RESIDENTS, NEW_RESIDENTS, JOB_STARTS],
        rows=rows,
    )


def _wards(d: CouncilDashboard) -> Table:
    by_ward = d._starts_summed("ward")
    keys = [value for value, _ in Ward.choices] + [""]
    wards = [d.filters.ward] if d.filters.ward else keys
    labels = {**dict(Ward.choices), "": NOT_KNOWN}
    rows = [
        [
            labels[ward],
            d.supported_by_ward.get(ward, NOBODY).supported,
            d.supported_by_ward.get(ward, NOBODY).new,
            by_ward.get(ward, {}).get("starts", 0),
        ]
        for ward in wards
        # Wards with nothing to show are left out, except the one filtered on.
        if d.filters.ward or d.supported_by_ward.get(ward) or by_ward.get(ward)
    ]
    return Table(
        name="wards",
        caption="Residents supported by ward",
        chart_title="",
        chart_description="",
        row_heading="Ward the resident lives in",
        columns=[RESIDENTS, NEW_RESIDENTS, JOB_STARTS],
        rows=rows,
    )


def _starts(d: CouncilDashboard) -> Table:
    total = d.starts_total
    return Table(
        name="job-starts",
        caption="Job starts: pay and flexible working",
        chart_title=(
            "Share of job starts paying the London Living Wage and offering flexible options"
        ),
        chart_description=(
            f"Of {total['starts']:,} job starts in the period, the share paying at least the "
            "London Living Wage and the share offering at least one flexible option."
        ),
        row_heading="Job starts",
        columns=[
            Column("Job starts"),
            Column("Share of job starts", is_percent=True, charted=True),
        ],
        rows=[
            ["All job starts", total["starts"], percent(total["starts"], total["starts"])],
            [
                "Paying at least the London Living Wage",
                total["llw"],
                percent(total["llw"], total["starts"]),
            ],
            [
                "Offering flexible options",
                total["flexible"],
                percent(total["flexible"], total["starts"]),
            ],
        ],
    )


def _sustainment(d: CouncilDashboard) -> Table:
    return Table(
        name="sustainment",
        caption="Jobs that lasted: 13, 26 and 52 weeks",
        chart_title="",
        chart_description="",
        row_heading="Check",
        columns=[
            Column("Checks due"),
            Column("Checks recorded"),
            Column("Still in work"),
            Column("Share of due checks still in work", is_percent=True),
        ],
        rows=[
            [
                counts.label,
                counts.due,
                counts.recorded,
                counts.lasted,
                percent(counts.lasted, counts.due),
            ]
            for counts in d.sustainment
        ],
    )


def _poverty(d: CouncilDashboard) -> Table:
    last = d.poverty[-1] if d.poverty else None
    return Table(
        name="in-work-poverty",
        caption="Residents in work at risk of in-work poverty, month by month",
        chart_title="Share of residents in work at risk of in-work poverty, month by month",
        chart_description=(
            "At the end of each month, the share of residents in work after a job start who are "
            "paid below the London Living Wage in force that day or work fewer hours than they "
            "want."
            + (
                f" At {last.on:%-d %B %Y}: {last.at_risk:,} of {last.in_work:,}."
                if last is not None
                else ""
            )
        ),
        row_heading="Month",
        columns=[
            Column("Residents in work"),
            Column("At risk of in-work poverty"),
            Column("Share at risk", is_percent=True, charted=True),
            Column("Paid below the London Living Wage"),
            Column("Fewer hours than they want"),
            Column("London Living Wage that day", is_text=True),
        ],
        rows=[
            [
                f"{point.month:%B %Y}",
                point.in_work,
                point.at_risk,
                percent(point.at_risk, point.in_work),
                point.below_llw,
                point.fewer_hours,
                pounds(point.rate) if point.rate is not None else NOT_KNOWN,
            ]
            for point in d.poverty
        ],
    )


def _pledges(d: CouncilDashboard) -> Table:
    counts = d.pledges
    rows = [
        [status.label, status.organisations, percent(status.organisations, counts.total)]
        for status in counts.statuses
    ]
    rows.append(["Not checked yet", counts.unchecked, percent(counts.unchecked, counts.total)])
    rows.append(["All pledged organisations", counts.total, percent(counts.total, counts.total)])
    return Table(
        name="pledges",
        caption="Fair Flexible Work pledge: latest check of each pledged employer",
        chart_title="",
        chart_description="",
        row_heading="Latest pledge check",
        columns=[
            Column("Organisations"),
            Column("Share of pledged organisations", is_percent=True),
        ],
        rows=rows,
    )


def _alerts(d: CouncilDashboard) -> Table:
    rows: list[list[str | int | None]] = [
        [f"{month:%B %Y}", d.alerts.get(month, 0)] for month in d.filters.months
    ]
    rows.append(["All months", sum(d.alerts.values())])
    return Table(
        name="alerts",
        caption="Job alerts sent",
        chart_title="",
        chart_description="",
        row_heading="Month",
        columns=[Column("Jobs sent in alerts")],
        rows=rows,
    )


def _vacancies(d: CouncilDashboard) -> Table:
    rows: list[list[str | int | None]] = [
        [row.label, row.now, row.created, row.published] for row in d.vacancies
    ]
    rows.append(
        [
            "All vacancies",
            *[
                sum(getattr(row, measure) for row in d.vacancies)
                for measure in ("now", "created", "published")
            ],
        ]
    )
    return Table(
        name="vacancies",
        caption="Vacancies by status",
        chart_title="",
        chart_description="",
        row_heading="Status today",
        columns=[
            Column("All vacancies"),
            Column("Created in the period"),
            Column("Published in the period"),
        ],
        rows=rows,
    )


COUNCIL_TABLES = {
    "providers": _providers,
    "wards": _wards,
    "job-starts": _starts,
    "sustainment": _sustainment,
    "in-work-poverty": _poverty,
    "pledges": _pledges,
    "alerts": _alerts,
    "vacancies": _vacancies,
}
CHARTED = frozenset({"job-starts", "in-work-poverty"})


def council_dashboard(*, filters: DashboardFilters, providers: list[Provider]) -> CouncilDashboard:
    return CouncilDashboard(filters=filters, providers=providers)


def dashboard_providers() -> list[Provider]:
    return providers_by_name()


def council_csv_filename(table: Table, filters: DashboardFilters) -> str:
    period = f"{filters.start:%Y-%m-%d}-to-{filters.end:%Y-%m-%d}"
    return f"camden-council-dashboard-{table.name}-{period}.csv"
