"""The job page: facts, employer, states (closing soon, closed, hidden), JSON-LD."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobs.choices import ContractType, PayPeriod, Place, TimeOption, Ward
from jobs.models import Vacancy
from jobs.tracking import vacancy_views_flush, vacancy_views_pending
from tests.employers.factories import MembershipFactory, OrganisationFactory, PledgeFactory
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)

pytestmark = pytest.mark.django_db
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def facts(html: str) -> dict[str, str]:
    block = re.search(
        r'<dl class="govuk-summary-list" id="job-facts">(.*?)</dl>', html, re.S
    ).group(1)
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        block,
        re.S,
    )
    return {key: text_of(value).strip() for key, value in rows}


def test_live_job_shows_every_fact(client):
    organisation = OrganisationFactory(
        name="Kentish Care",
        living_wage_accredited=True,
        flexible_working_statement="We build rotas around school runs.",
    )
    PledgeFactory(organisation=organisation, signed_on=datetime.date(2026, 5, 1))
    vacancy = LiveVacancyFactory(
        organisation=organisation,
        title="Care assistant",
        hours_min=Decimal("16"),
        hours_max=Decimal("22.5"),
        work_pattern="Mornings, 7am to 11am",
        guaranteed_hours=Decimal("16"),
        zero_hours=False,
        pay_min=Decimal("25000"),
        pay_max=Decimal("27000"),
        pay_period=PayPeriod.YEAR,
        time_options=[TimeOption.PART_TIME, TimeOption.PREDICTABLE_SHIFTS],
        rota_weeks_ahead=6,
        is_shift_based=True,
        place=Place.ON_SITE,
        flexibility="yes",
        flexible_details="Swap shifts in the app.",
        address="1 Camden Road",
        postcode="NW1 9AA",
        ward=Ward.KENTISH_TOWN_SOUTH,
        start_date=datetime.date(2027, 1, 4),
        apply_email="jobs@kentishcare.example",
    )
    response = client.get(vacancy.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    got = facts(html)
    assert got["Hours"] == "16 to 22.5 hours a week"
    assert got["Days and times"] == "Mornings, 7am to 11am"
    assert got["Guaranteed hours"] == "16 hours a week"
    assert got["Zero-hours contract"] == "No"
    assert got["Shifts"] == "Shift-based role. Rotas published 6 weeks ahead"
    # 25000 / (52 * 22.5) = 21.37
    assert got["Pay"] == "£25,000 to £27,000 a year At least £21.37 an hour"
    assert got["London Living Wage"].startswith(
        "Yes, pays at least the London Living Wage (£14.80 an hour now)"
    )
    assert got["Contract"] == "Permanent"
    assert got["When and how much you work"] == "Part-time, Predictable shifts"
    assert got["Where you work"] == "On-site"
    assert got["Happy to talk about flexible working"] == "Yes, the options above are on offer"
    assert got["More about flexible working"] == "Swap shifts in the app."
    assert got["Location"] == "1 Camden Road, NW1 9AA Kentish Town South ward, Camden"
    assert got["Start date"] == "4 January 2027"
    assert got["Closing date"] == f"{vacancy.closing_date:%-d %B %Y}"
    assert 'href="mailto:jobs@kentishcare.example?subject=Care%20assistant"' in html
    assert 'href="https://jobs.example.org/apply"' in html
    assert reverse("jobs:flexible_working") in html
    assert "Signed on 1 May 2026" in html
    assert "We build rotas around school runs." in html
    assert "Accredited" in html


def test_happy_to_talk_and_remote(client):
    vacancy = LiveVacancyFactory(
        flexibility="talk", time_options=[], place=Place.REMOTE, ward="", address="", postcode=""
    )
    got = facts(client.get(vacancy.get_absolute_url()).content.decode())
    assert got["Happy to talk about flexible working"] == "Yes"
    assert got["Location"] == "Fully remote"
    assert got["When and how much you work"] == "No options listed"


def test_closing_soon_is_flagged(client):
    vacancy = LiveVacancyFactory(closing_date=timezone.localdate() + datetime.timedelta(days=2))
    html = client.get(vacancy.get_absolute_url()).content.decode()
    assert 'id="closing-soon"' in html


@pytest.mark.parametrize("factory", [ClosedVacancyFactory, ExpiredVacancyFactory])
def test_closed_job_answers_410_and_links_to_similar_open_jobs(client, factory):
    closed = factory(sector="retail")
    similar = LiveVacancyFactory(sector="retail", title="Shop assistant")
    response = client.get(closed.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "This job has closed" in html
    assert similar.get_absolute_url() in html
    assert "How to apply" not in html
    assert "application/ld+json" not in html


def test_published_job_past_its_closing_date_is_closed(client):
    vacancy = LiveVacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(vacancy.get_absolute_url()).status_code == 410


@pytest.mark.parametrize("factory", [DraftVacancyFactory, InReviewVacancyFactory])
def test_drafts_and_jobs_in_review_are_not_found(client, factory):
    vacancy = factory()
    assert client.get(vacancy.get_absolute_url()).status_code == 404


def test_suspended_employer_jobs_are_not_found(client):
    vacancy = LiveVacancyFactory(organisation=OrganisationFactory(suspended_at=timezone.now()))
    assert client.get(vacancy.get_absolute_url()).status_code == 404


def test_wrong_slug_redirects_to_the_canonical_url(client):
    vacancy = LiveVacancyFactory(title="Teaching assistant")
    response = client.get(
        reverse("jobs:vacancy_detail", kwargs={"pk": vacancy.pk, "slug": "old-title"})
    )
    assert response.status_code == 301
    assert response["Location"] == f"/jobs/{vacancy.pk}-teaching-assistant/"


def test_unknown_job_is_not_found(client):
    assert client.get("/jobs/999999-nothing/").status_code == 404


def test_views_of_a_live_job_are_counted_but_not_the_employers_own(
    client, employer_member, organisation, empty_cache, django_capture_on_commit_callbacks
):
    vacancy = LiveVacancyFactory(organisation=organisation, view_count=5)
    client.get(vacancy.get_absolute_url())
    client.get(vacancy.get_absolute_url())
    assert vacancy_views_pending() == {vacancy.pk: 2}
    client.force_login(employer_member)
    client.get(vacancy.get_absolute_url())
    assert vacancy_views_pending() == {vacancy.pk: 2}

    with django_capture_on_commit_callbacks(execute=True):
        assert vacancy_views_flush() == 2
    vacancy.refresh_from_db()
    assert vacancy.view_count == 7
    assert vacancy_views_pending() == {}


@pytest.mark.parametrize(
    "role",
    [
        None,
        "resident",
        "employer_member",
        "other_employer_member",
        "coach",
        "other_provider_coach",
        "council_admin",
        "user",
    ],
)
def test_job_page_renders_for_every_role(client, request, role):
    vacancy = LiveVacancyFactory(title="Library assistant")
    if role:
        person = request.getfixturevalue(role)
        client.force_login(getattr(person, "user", person))
    response = client.get(vacancy.get_absolute_url())
    assert response.status_code == 200
    assert "Library assistant" in response.content.decode()


def test_employer_member_cannot_see_their_own_draft_on_the_public_page(client):
    draft = DraftVacancyFactory()
    member = MembershipFactory(organisation=draft.organisation).user
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404


# -- JSON-LD --------------------------------------------------------------------------------


def job_posting(client, vacancy) -> dict:
    html = client.get(vacancy.get_absolute_url()).content.decode()
    scripts = JSON_LD.findall(html)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_job_posting_has_googles_required_and_recommended_fields(client):
    organisation = OrganisationFactory(
        name="Camden Libraries", website="https://libraries.example.org"
    )
    vacancy = LiveVacancyFactory(
        organisation=organisation,
        title="Library assistant",
        summary="Help readers.",
        description="First paragraph.\n\nSecond paragraph.",
        hours_min=Decimal("15"),
        hours_max=Decimal("20"),
        work_pattern="Saturdays",
        contract_type=ContractType.FIXED_TERM,
        pay_min=Decimal("15.50"),
        pay_max=Decimal("16.25"),
        pay_period=PayPeriod.HOUR,
        time_options=[TimeOption.JOB_SHARE],
        place=Place.HYBRID,
        address="2 Library Street",
        postcode="NW5 1AA",
        ward=Ward.KENTISH_TOWN_NORTH,
        closing_date=datetime.date(2030, 3, 31),
        published_at=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC),
    )
    posting = job_posting(client, vacancy)
    assert posting["@context"] == "https://schema.org/"
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Library assistant"
    assert posting["description"] == (
        "<p>Help readers.</p><p>First paragraph.</p><p>Second paragraph.</p>"
        "<p>Flexible working: Job share, Hybrid.</p>"
    )
    assert posting["datePosted"] == "2026-11-20"
    assert posting["validThrough"] == "2030-03-31T23:59:59+01:00"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Camden Libraries",
        "sameAs": "https://libraries.example.org",
    }
    assert posting["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "2 Library Street",
            "postalCode": "NW5 1AA",
            "addressLocality": "London",
            "addressRegion": "Kentish Town North",
            "addressCountry": "GB",
        },
    }
    assert "jobLocationType" not in posting
    assert posting["employmentType"] == ["PART_TIME", "TEMPORARY"]
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 15.5,
            "maxValue": 16.25,
            "unitText": "HOUR",
        },
    }
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "Good Work Camden",
        "value": str(vacancy.pk),
    }
    assert posting["url"] == f"{settings.SITE_URL}{vacancy.get_absolute_url()}"
    assert (
        posting["workHours"]
        == "15 to 20 hours a week; Saturdays; Flexible working: Job share, Hybrid."
    )
    assert posting["industry"] == "Health and social care"


def test_fully_remote_job_posting_is_telecommute_in_the_uk(client):
    vacancy = LiveVacancyFactory(
        place=Place.REMOTE,
        ward="",
        address="",
        postcode="",
        hours_min=Decimal("37.5"),
        hours_max=Decimal("37.5"),
        pay_min=Decimal("30000"),
        pay_max=None,
        pay_period=PayPeriod.YEAR,
        flexibility="talk",
        time_options=[],
    )
    posting = job_posting(client, vacancy)
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {
        "@type": "Country",
        "name": "United Kingdom",
    }
    assert posting["employmentType"] == ["FULL_TIME"]
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 30000,
        "unitText": "YEAR",
    }
    assert "happy to talk about flexible working" in posting["description"]


def test_job_posting_cannot_end_the_script_element(client):
    vacancy = LiveVacancyFactory(title="</script><script>alert(1)</script>", summary="<!-- & -->")
    html = client.get(vacancy.get_absolute_url()).content.decode()
    script = JSON_LD.search(html).group(1)
    assert "<" not in script and ">" not in script
    assert json.loads(script)["title"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html
    # CSP: the JSON-LD block is data, so the policy's script-src needs no exception for it.
    policy = client.get(vacancy.get_absolute_url())["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy


def test_description_paragraphs_and_lists_are_escaped_markup(client):
    vacancy = LiveVacancyFactory(
        description="Join us <b>now</b>.\nLine two.\n\n- paid training\n- a team & lunch"
    )
    html = client.get(vacancy.get_absolute_url()).content.decode()
    assert '<p class="govuk-body">Join us &lt;b&gt;now&lt;/b&gt;.<br>Line two.</p>' in html
    assert (
        '<ul class="govuk-list govuk-list--bullet">'
        "<li>paid training</li><li>a team &amp; lunch</li></ul>"
        in html
    )


def test_job_page_query_count_is_fixed(client, django_assert_num_queries):
    vacancy = LiveVacancyFactory()
    PledgeFactory(organisation=vacancy.organisation)
    # The job with its employer and pledge, and the living wage rate (reads are tallied in Redis).
    with django_assert_num_queries(2):
        assert client.get(vacancy.get_absolute_url()).status_code == 200
    closed = ClosedVacancyFactory()
    for _ in range(4):
        LiveVacancyFactory(sector=closed.sector)
    # A closed job adds one query for similar jobs, whatever their number.
    with django_assert_num_queries(3):
        assert client.get(closed.get_absolute_url()).status_code == 410


@pytest.mark.django_db
def test_a_forged_host_and_scheme_never_reach_the_page_or_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.SITE_URL = "https://goodwork.camden.gov.uk"
    vacancy = LiveVacancyFactory()
    forged = client.get(
        vacancy.get_absolute_url(), HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()
    honest = client.get(vacancy.get_absolute_url()).content.decode()
    for page in (forged, honest):
        assert "localhost" not in page and "testserver" not in page
        assert f"https://goodwork.camden.gov.uk{vacancy.get_absolute_url()}" in page
