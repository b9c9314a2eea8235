"""'Your data' in words: labels, dates and times, Yes or No, pounds and hours; the download
keeps the values as stored."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.choices import Day, Place, Sector, TimeOption, Ward
from residents.models import Resident
from residents.templatetags.residents_data import data_value
from tests.residents.factories import AppliedShortlistFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def rows(page: str) -> dict[str, str]:
    found = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    return {words(key): words(re.sub(r"<[^>]+>", " ", value)) for key, value in found}


def words(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def answered(db):
    return ResidentFactory(
        postcode="NW5 1SN",
        ward=Ward.KENTISH_TOWN_SOUTH,
        hours_min=Decimal("16"),
        hours_max=Decimal("22.5"),
        days_available=[Day.MONDAY, Day.TUESDAY],
        times_available=[Resident.DayPart.MORNINGS],
        time_options_needed=[TimeOption.TERM_TIME],
        time_options_preferred=[],
        places_wanted=[Place.HYBRID],
        sectors=[Sector.HEALTH_CARE],
        pay_needed_hourly=Decimal("14.80"),
        caring=Resident.Caring.CHILDREN,
        profile_completed_at=datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC),
    )


def test_the_page_shows_answers_in_words(client, answered):
    AppliedShortlistFactory(
        resident=answered,
        applied_at=datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC),
    )
    client.force_login(answered.user)
    page = client.get(reverse("residents:your_data")).text
    shown = rows(page)
    assert shown["Ward"] == "Kentish Town South"
    assert shown["Fewest hours a week"] == "16 hours a week"
    assert shown["Most hours a week"] == "22.5 hours a week"
    assert shown["Days available"] == "Monday, Tuesday"
    assert shown["Times available"] == "Mornings"
    assert shown["Flexible working you need"] == "Term-time only"
    assert shown["Flexible working you would like"] == "Not given"
    assert shown["Places wanted"] == "Hybrid"
    assert shown["Sectors"] == "Health and social care"
    assert shown["Pay you need"] == "£14.80 an hour"
    assert shown["Caring"] == "I look after children"
    assert shown["You agreed to us keeping health information"] == "No"
    assert shown["Answered all the questions"] == "1 December 2026, 2:30pm"
    assert shown["Applied"] == "3 November 2026, 9am"
    for raw in ("kentish_town_south", "term_time", "None", "True", "False", "14.80<", "T14:30"):
        assert raw not in page.split("<main")[1], raw


def test_the_download_stays_as_stored(client, answered):
    client.force_login(answered.user)
    data = json.loads(client.get(reverse("residents:your_data_download")).content)
    profile = data["sections"]["profile"]
    assert profile["ward"] == "kentish_town_south"
    assert profile["hours_max"] == "22.5"
    assert profile["pay_needed_hourly"] == "14.80"
    assert profile["flexible_working_preferred"] == []
    assert profile["health_consent_given"] is None
    assert profile["profile_completed"].startswith("2026-12-01T14:30:00")


@pytest.mark.parametrize(
    "value, key, shown",
    [
        (None, "", "Not given"),
        (None, "applied", "Not yet"),
        ("", "phone", "Not given"),
        ([], "sectors", "Not given"),
        (True, "verified", "Yes"),
        (False, "paused", "No"),
        ("daily", "frequency", "Once a day"),
        (["part_time", "job_share"], "flexible_options", "Part-time, Job share"),
        ("37.5", "hours_a_week", "37.5 hours a week"),
        ("1", "hours_a_week", "1 hour a week"),
        ("12.5", "hourly_pay", "£12.50 an hour"),
        ("2026-12-01", "due", "1 December 2026"),
        ("2026-06-01T11:05:00+00:00", "sent", "1 June 2026, 12:05pm"),
        ("2026-12-01T12:00:00+00:00", "when", "1 December 2026, midday"),
        ("2026-12-01T00:00:00+00:00", "when", "1 December 2026, midnight"),
        ("2026-13-45", "due", "2026-13-45"),
        ("Teaching assistant", "job", "Teaching assistant"),
    ],
)
def test_each_kind_of_value_is_shown_as_people_write_it(value, key, shown):
    assert data_value(value, key) == shown


def test_a_moment_is_shown_in_london_time():
    summer = datetime.datetime(2026, 7, 1, 13, 30, tzinfo=datetime.UTC)
    assert data_value(summer.isoformat(), "when") == "1 July 2026, 2:30pm"
    assert timezone.get_current_timezone_name() == "Europe/London"
