"""Atom feeds of searches, the sitemap and robots.txt."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobs.choices import TimeOption
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    InReviewVacancyFactory,
    LiveVacancyFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - XML from the portal under test


def test_feed_carries_the_jobs_of_the_same_search(client):
    part_time = LiveVacancyFactory(title="Part-time cook", time_options=[TimeOption.PART_TIME])
    LiveVacancyFactory(title="Flexitime clerk", time_options=[TimeOption.FLEXITIME])
    DraftVacancyFactory(time_options=[TimeOption.PART_TIME])
    ClosedVacancyFactory(time_options=[TimeOption.PART_TIME])
    response = client.get(reverse("jobs:vacancy_feed"), {"time": "part_time"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.find(f"{ATOM}title").text == "Flexible jobs: Part-time – Good Work Camden"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/jobs/?time=part_time")
    assert links["self"].endswith("/jobs/feed/?time=part_time")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        f"Part-time cook at {part_time.organisation.name}"
    ]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href").endswith(part_time.get_absolute_url())
    assert "Flexible working: Part-time." in entry.find(f"{ATOM}summary").text


def test_feed_with_bad_parameters_still_answers(client):
    LiveVacancyFactory()
    response = client.get(
        reverse("jobs:vacancy_feed"), {"time": "<script>", "hours_min": "x", "q": "care"}
    )
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert len(parse(response).findall(f"{ATOM}entry")) == 1


def test_sitemap_lists_live_jobs_only(client):
    live = LiveVacancyFactory()
    hidden = [
        DraftVacancyFactory(),
        InReviewVacancyFactory(),
        ClosedVacancyFactory(),
        ExpiredVacancyFactory(),
    ]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]
    assert any(url.endswith(live.get_absolute_url()) for url in urls)
    for vacancy in hidden:
        assert not any(url.endswith(vacancy.get_absolute_url()) for url in urls)
    assert any(url.endswith(reverse("jobs:flexible_working")) for url in urls)


def test_sitemap_leaves_out_jobs_past_their_closing_date(client):
    from jobs.models import Vacancy

    vacancy = LiveVacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert vacancy.get_absolute_url().encode() not in client.get("/sitemap.xml").content


def test_robots_txt_points_to_the_sitemap_and_keeps_accounts_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /accounts/" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_feed_drops_characters_xml_cannot_carry(client):
    LiveVacancyFactory(title="Porter\x0b night shifts", summary="Lifting\x1f and moving")
    response = client.get(reverse("jobs:vacancy_feed"), {"q": "porter\x01\x1b"})
    assert response.status_code == 200
    feed = parse(response)
    assert "\x01" not in feed.find(f"{ATOM}title").text
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith("Porter night shifts")
