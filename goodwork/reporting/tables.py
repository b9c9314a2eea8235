"""The index as tables: what the page shows beside each chart, and what each CSV file holds.

One definition feeds the HTML table, its chart and its CSV download, so the three cannot
disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from goodwork.core.templatetags.govuk import number
from jobs.figures import (
    OPTION_MEASURES,
    UK_REFERENCE_PERCENT,
    UK_REFERENCE_SOURCE,
    FlexibleJobsIndex,
    GroupRow,
    TrendPoint,
    percent,
)

NO_FIGURE = "No figure"


@dataclass(frozen=True)
class Column:
    heading: str
    # Percentages are charted; counts and text are not.
    is_percent: bool = False
    charted: bool = False
    is_text: bool = False

    @property
    def numeric(self) -> bool:
        return not self.is_text


@dataclass(frozen=True)
class Table:
    name: str
    caption: str
    chart_title: str
    chart_description: str
    columns: list[Column]
    # The first cell of each row names it; the rest are ints, None (no figure) or text.
    rows: list[list[str | int | None]]
    row_heading: str = ""
    # Rows whose figures come from elsewhere (a reference), drawn in their own pattern.
    reference_rows: frozenset[int] = frozenset()

    @property
    def charted_columns(self) -> list[tuple[int, Column]]:
        return [(n, column) for n, column in enumerate(self.columns, start=1) if column.charted]

    def display_rows(self) -> list[tuple[str, list[tuple[str, bool]]]]:
        """Each row as its heading and its cells, each cell with whether it is a number."""
        return [
            (
                str(row[0]),
                [
                    (display(value, column), column.numeric)
                    for value, column in zip(row[1:], self.columns, strict=True)
                ],
            )
            for row in self.rows
        ]

    def csv_rows(self) -> list[list[str | int]]:
        header = [
            self.row_heading,
            *[
                f"{column.heading} (%)" if column.is_percent else column.heading
                for column in self.columns
            ],
        ]
        return [header, *[["" if value is None else value for value in row] for row in self.rows]]


def display(value: str | int | None, column: Column) -> str:
    if value is None:
        return NO_FIGURE
    if column.is_percent:
        return f"{number(value)}%"
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return number(value)
    return str(value)


LIVE = Column("Live vacancies")
ANY_FLEXIBLE = Column("Any flexible option", is_percent=True, charted=True)
HAPPY_TO_TALK = Column("Happy to talk", is_percent=True, charted=True)
PAYS_LLW = Column("Pays the London Living Wage", is_percent=True, charted=True)


def _headline(index: FlexibleJobsIndex) -> Table:
    return Table(
        name="headline",
        caption="Share of jobs offering flexible working: Camden and the UK",
        chart_title="Camden's live vacancies and UK job adverts offering flexible working",
        chart_description=(
            f"{display(index.overall.share('any_flexible'), ANY_FLEXIBLE)} of live vacancies in "
            f"Camden today offer at least one flexible option, against {UK_REFERENCE_PERCENT}% of "
            f"UK job adverts in 2022 ({UK_REFERENCE_SOURCE})."
        ),
        row_heading="Jobs",
        columns=[
            Column("Offering flexible working", is_percent=True, charted=True),
            Column("Source", is_text=True),
        ],
        rows=[
            [
                f"Camden, live vacancies on {index.on:%-d %B %Y}",
                index.overall.share("any_flexible"),
                "Good Work Camden",
            ],
            ["UK, job adverts in 2022", UK_REFERENCE_PERCENT, UK_REFERENCE_SOURCE],
        ],
        reference_rows=frozenset({1}),
    )


def _options(index: FlexibleJobsIndex) -> Table:
    overall = index.overall
    return Table(
        name="options",
        caption="Flexible options offered by live vacancies",
        chart_title="Share of live vacancies offering each flexible option",
        chart_description=(
            f"Of {overall.total:,} live vacancies, the share offering each flexible option. "
            "A vacancy can offer more than one option."
        ),
        row_heading="Flexible option",
        columns=[
            Column("Live vacancies offering it"),
            Column("Share of live vacancies", is_percent=True, charted=True),
        ],
        rows=[
            [label, overall.count(measure), overall.share(measure)]
            for measure, label in OPTION_MEASURES
        ],
    )


def _grouped(
    name: str,
    caption: str,
    row_heading: str,
    rows: list[GroupRow],
    third: Column,
    third_value: Callable[[GroupRow], int | None],
) -> Table:
    return Table(
        name=name,
        caption=caption,
        chart_title=f"{caption}: any flexible option, happy to talk, {third.heading.lower()}",
        chart_description=(
            f"For each {row_heading.lower()}, the share of its live vacancies that offer any "
            "flexible option and that are happy to talk about flexible working, and "
            f"{third.heading.lower()}."
        ),
        row_heading=row_heading,
        columns=[LIVE, ANY_FLEXIBLE, HAPPY_TO_TALK, third],
        rows=[
            [
                row.label,
                row.total,
                row.share("any_flexible"),
                row.share("happy_to_talk"),
                third_value(row),
            ]
            for row in rows
        ],
    )


def _sectors(index: FlexibleJobsIndex) -> Table:
    return _grouped(
        "sectors",
        "Flexible working by sector",
        "Sector",
        index.by_sector,
        PAYS_LLW,
        lambda row: row.share("pays_llw"),
    )


def _contract_types(index: FlexibleJobsIndex) -> Table:
    return _grouped(
        "contract-types",
        "Flexible working by contract type",
        "Contract type",
        index.by_contract_type,
        PAYS_LLW,
        lambda row: row.share("pays_llw"),
    )


def _pay_bands(index: FlexibleJobsIndex) -> Table:
    # Within a band "pays the Living Wage" is all or nothing, so the band's share of all
    # live vacancies is shown instead.
    share_of_all = Column("Share of all live vacancies", is_percent=True, charted=True)
    total = index.overall.total
    return _grouped(
        "pay-bands",
        "Flexible working by pay",
        "Pay band",
        index.by_pay_band,
        share_of_all,
        lambda row: percent(row.total, total),
    )


def _month_label(point: TrendPoint) -> str:
    return f"{point.month:%B %Y}"


def _source(point: TrendPoint) -> str:
    if point.is_today:
        return "Today's figures"
    if point.taken_on is None:
        return "No snapshot taken"
    return f"Snapshot of {point.taken_on:%-d %B %Y}"


def _trend(index: FlexibleJobsIndex) -> Table:
    return Table(
        name="trend",
        caption="Flexible working month by month",
        chart_title="Share of live vacancies month by month: any flexible option, happy to talk, "
        "pays the London Living Wage",
        chart_description=(
            "For each month, the share of live vacancies offering any flexible option, happy to "
            "talk about flexible working and paying the London Living Wage, from the last snapshot "
            "taken that month; the current month shows today's figures."
        ),
        row_heading="Month",
        columns=[LIVE, ANY_FLEXIBLE, HAPPY_TO_TALK, PAYS_LLW, Column("Figures from", is_text=True)],
        rows=[
            [
                _month_label(point),
                point.total,
                point.share("any_flexible"),
                point.share("happy_to_talk"),
                point.share("pays_llw"),
                _source(point),
            ]
            for point in index.trend
        ],
    )


TABLES: dict[str, Callable[[FlexibleJobsIndex], Table]] = {
    "headline": _headline,
    "options": _options,
    "sectors": _sectors,
    "pay-bands": _pay_bands,
    "contract-types": _contract_types,
    "trend": _trend,
}


def index_tables(index: FlexibleJobsIndex) -> list[Table]:
    return [build(index) for build in TABLES.values()]


def csv_filename(table: Table, on: datetime.date) -> str:
    return f"camden-flexible-jobs-index-{table.name}-{on:%Y-%m-%d}.csv"
