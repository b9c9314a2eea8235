import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.figures import UK_REFERENCE_SOURCE
from tests.goodwork.reporting import html
from tests.goodwork.reporting.conftest import (
    EXPECTED_CONTRACT_TYPES,
    EXPECTED_OPTIONS,
    EXPECTED_PAY_BANDS,
    EXPECTED_SECTORS,
)
from tests.goodwork.reporting.factories import FlexibleJobsSnapshotFactory, overall_counts

ROLES = ["anonymous", "user", "resident", "employer_member", "coach", "council_admin"]
INDEX = reverse("insights:index")
TABLE_NAMES = ["headline", "options", "sectors", "pay-bands", "contract-types", "trend"]


@pytest.fixture
def as_role(client, request):
    def sign_in(role: str):
        if role != "anonymous":
            person = request.getfixturevalue(role)
            client.force_login(getattr(person, "user", person))
        return client

    return sign_in


@pytest.fixture
def page(client, index_vacancies) -> str:
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def pct(value) -> str:
    return f"{value}%"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_index_renders_for_every_role(as_role, role, index_vacancies):
    response = as_role(role).get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Flexible jobs index</h1>' in content
    assert "63%" in content
    nav = content[content.index('class="govuk-service-navigation"') : content.index("</section>")]
    assert 'aria-current="page"' in nav or "govuk-service-navigation__item--active" in nav


@pytest.mark.django_db
def test_index_renders_with_no_live_vacancies(client):
    content = client.get(INDEX).content.decode()
    assert "There are no live vacancies today" in content
    assert "30%" in content  # the UK reference stands on its own


def test_key_figures_and_the_uk_reference_with_its_source(page):
    figures = re.findall(
        r'<span class="gw-key-figure__value">(\d+%)</span>\s*'
        r'<span class="gw-key-figure__label">([^<]+)</span>',
        page,
    )
    assert figures == [
        ("63%", "of live vacancies offer at least one flexible option (5 of 8)"),
        ("25%", "say they are happy to talk about flexible working (2 of 8)"),
        ("75%", "pay at least the London Living Wage (6 of 8)"),
    ]
    reference = page[page.index('class="gw-reference"') :]
    assert "30%</span> of job adverts offered flexible working" in reference
    assert "<cite>" in reference and UK_REFERENCE_SOURCE in reference
    assert UK_REFERENCE_SOURCE == "Timewise, Flexible Jobs Index 2022"


def test_options_table(page):
    headings, rows = html.table(html.section(page, "options"))
    assert headings == ["Flexible option", "Live vacancies offering it", "Share of live vacancies"]
    assert rows == [[label, str(count), pct(share)] for label, count, share in EXPECTED_OPTIONS]


@pytest.mark.parametrize(
    "name, expected, last_heading",
    [
        ("sectors", EXPECTED_SECTORS, "Pays the London Living Wage"),
        ("contract-types", EXPECTED_CONTRACT_TYPES, "Pays the London Living Wage"),
        ("pay-bands", EXPECTED_PAY_BANDS, "Share of all live vacancies"),
    ],
)
def test_grouped_tables(page, name, expected, last_heading):
    headings, rows = html.table(html.section(page, name))
    assert headings[1:] == ["Live vacancies", "Any flexible option", "Happy to talk", last_heading]
    assert rows == [
        [label, str(total), pct(a), pct(b), pct(c)] for label, total, a, b, c in expected
    ]


def test_headline_table_compares_camden_with_the_uk(page):
    _, rows = html.table(html.section(page, "headline"))
    assert rows == [
        [f"Camden, live vacancies on {timezone.localdate():%-d %B %Y}", "63%", "Good Work Camden"],
        ["UK, job adverts in 2022", "30%", "Timewise, Flexible Jobs Index 2022"],
    ]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_each_chart_shows_the_figures_of_its_table(page, name):
    part = html.section(page, name)
    chart = html.svg(part)
    headings, rows = html.table(part)
    percent_columns = [
        n for n, heading in enumerate(headings) if n and rows and rows[0][n].endswith("%")
    ]
    assert percent_columns, "the table has figures to chart"
    expected = [row[n] for row in rows for n in percent_columns]
    assert html.chart_values(chart) == expected
    assert html.chart_categories(chart) == [row[0] for row in rows]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_each_chart_is_an_accessible_image_with_patterns_and_no_inline_style(page, name):
    part = html.section(page, name)
    chart = html.svg(part)
    assert chart.get("role") == "img"
    title, desc = chart.find(f"{html.SVG_NS}title"), chart.find(f"{html.SVG_NS}desc")
    assert title.text and desc.text
    assert chart.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    patterns = list(chart.iter(f"{html.SVG_NS}pattern"))
    fills = {
        rect.get("fill")
        for rect in chart.iter(f"{html.SVG_NS}rect")
        if rect.get("class") is None and rect.get("fill", "").startswith("url(")
    }
    # Every bar is filled with a pattern, and each series has its own.
    assert fills == {f"url(#{pattern.get('id')})" for pattern in patterns}
    assert len({pattern_kind(p) for p in patterns}) == len(patterns)
    assert "style=" not in part
    assert "<script" not in part


def pattern_kind(pattern) -> tuple:
    return tuple(sorted(child.tag for child in pattern))


def test_grouped_charts_have_a_legend_that_tells_the_series_apart(page):
    chart = html.svg(html.section(page, "sectors"))
    legend = [
        text.text
        for text in chart.iter(f"{html.SVG_NS}text")
        if text.get("class") == "gw-chart__legend"
    ]
    assert legend == ["Any flexible option", "Happy to talk", "Pays the London Living Wage"]
    kinds = [pattern_kind(p) for p in chart.iter(f"{html.SVG_NS}pattern")]
    # Solid, stripes and dots: different shapes, so they differ in greyscale too.
    assert kinds == [
        (f"{html.SVG_NS}rect",),
        (f"{html.SVG_NS}rect", f"{html.SVG_NS}rect"),
        (f"{html.SVG_NS}circle", f"{html.SVG_NS}rect"),
    ]


def test_trend_table_reads_snapshots_and_today(client, index_vacancies):
    last_month = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
    FlexibleJobsSnapshotFactory(
        taken_on=last_month, figures={"overall": overall_counts(10, 4, 1, 9)}
    )
    content = client.get(INDEX).content.decode()
    _, rows = html.table(html.section(content, "trend"))
    assert rows == [
        [f"{last_month:%B %Y}", "10", "40%", "10%", "90%", f"Snapshot of {last_month:%-d %B %Y}"],
        [f"{timezone.localdate():%B %Y}", "8", "63%", "25%", "75%", "Today's figures"],
    ]


def test_how_we_count_section(page):
    how = page[page.index('id="how-we-count"') :]
    assert "How we count" in how
    assert "£14.80 an hour" in how
    assert "closing date that has not passed" in how


@pytest.mark.django_db
def test_index_page_query_count_is_pinned(client, index_vacancies, django_assert_num_queries):
    with django_assert_num_queries(6):
        client.get(INDEX)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_table_downloads_as_csv_with_a_dated_name(client, index_vacancies, name):
    response = client.get(reverse("insights:csv", kwargs={"table": name}))
    read_csv(response)
    assert response["Content-Disposition"] == (
        f'attachment; filename="camden-flexible-jobs-index-{name}-'
        f'{timezone.localdate():%Y-%m-%d}.csv"'
    )


def test_options_csv(client, index_vacancies):
    rows = read_csv(client.get(reverse("insights:csv", kwargs={"table": "options"})))
    assert rows == [
        ["Flexible option", "Live vacancies offering it", "Share of live vacancies (%)"],
        *[[label, str(count), str(share)] for label, count, share in EXPECTED_OPTIONS],
    ]


def test_sectors_csv_costs_one_query(client, index_vacancies, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("insights:csv", kwargs={"table": "sectors"}))
    assert read_csv(response) == [
        [
            "Sector",
            "Live vacancies",
            "Any flexible option (%)",
            "Happy to talk (%)",
            "Pays the London Living Wage (%)",
        ],
        *[[str(value) for value in row] for row in EXPECTED_SECTORS],
    ]


def test_pay_bands_csv(client, index_vacancies):
    rows = read_csv(client.get(reverse("insights:csv", kwargs={"table": "pay-bands"})))
    assert rows[0][-1] == "Share of all live vacancies (%)"
    assert rows[1:] == [[str(value) for value in row] for row in EXPECTED_PAY_BANDS]


def test_trend_csv_leaves_months_without_a_snapshot_empty(client, index_vacancies):
    today = timezone.localdate()
    two_months_ago = (today.replace(day=1) - timezone.timedelta(days=40)).replace(day=20)
    FlexibleJobsSnapshotFactory(
        taken_on=two_months_ago, figures={"overall": overall_counts(4, 2, 0, 4)}
    )
    rows = read_csv(client.get(reverse("insights:csv", kwargs={"table": "trend"})))
    assert rows[0] == [
        "Month",
        "Live vacancies",
        "Any flexible option (%)",
        "Happy to talk (%)",
        "Pays the London Living Wage (%)",
        "Figures from",
    ]
    assert rows[1] == [
        f"{two_months_ago:%B %Y}",
        "4",
        "50",
        "0",
        "100",
        f"Snapshot of {two_months_ago:%-d %B %Y}",
    ]
    assert rows[2][1:] == ["", "", "", "", "No snapshot taken"]
    assert rows[3] == [f"{today:%B %Y}", "8", "63", "25", "75", "Today's figures"]


@pytest.mark.django_db
def test_unknown_table_is_not_found(client):
    assert client.get("/insights/salaries.csv").status_code == 404


def test_the_uk_reference_bar_is_drawn_in_its_own_pattern(page):
    chart = html.svg(html.section(page, "headline"))
    camden, uk = [
        rect.get("fill")
        for rect in chart.iter(f"{html.SVG_NS}rect")
        if rect.get("height") == "22" and rect.get("fill", "").startswith("url(")
    ]
    assert camden != uk
    assert uk == "url(#gw-chart-headline-stripes)"
