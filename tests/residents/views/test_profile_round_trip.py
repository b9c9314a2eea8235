"""Each question page, saved and opened again, shows exactly the answer saved."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from jobs.choices import Day, Place, Sector, TimeOption, Ward
from residents.models import Resident
from tests.jobs.factories import LivingWageRateFactory

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """What a browser would send if the form were submitted as shown."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.values.setdefault(name, [])
                if "checked" in a:
                    self.values[name].append(a.get("value") or "on")
            else:
                self.values[name] = [a.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.values[name] = []
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def shown(page: str) -> dict[str, list[str]]:
    parser = _FormValues()
    parser.feed(page.split("<main")[1])
    return parser.values


def step(name: str) -> str:
    return reverse("residents:profile_step", kwargs={"step": name}) + "?change=1"


ANSWERS = [
    ("where", {"postcode": "NW5 1SN", "ward": Ward.KENTISH_TOWN_SOUTH}),
    ("hours", {"hours_min": "16", "hours_max": "22.5"}),
    ("when", {"days_available": [Day.MONDAY, Day.THURSDAY], "times_available": ["evenings"]}),
    (
        "flexibility",
        {
            "time_options_needed": [TimeOption.TERM_TIME, TimeOption.FLEXITIME],
            "time_options_preferred": [TimeOption.JOB_SHARE],
            "places_wanted": [Place.HYBRID, Place.REMOTE],
        },
    ),
    ("sectors", {"sectors": [Sector.EDUCATION, Sector.RETAIL]}),
    ("pay", {"pay_needed_hourly": "14.80"}),
    ("caring", {"caring": Resident.Caring.ADULT}),
    ("health", {"consent": "on", "health_condition": "Arthritis in my hands"}),
]


@pytest.mark.parametrize("name, answer", ANSWERS, ids=[name for name, _ in ANSWERS])
def test_an_answer_saved_is_the_answer_shown_when_the_page_is_opened_again(
    resident_client, name, answer
):
    LivingWageRateFactory()
    assert resident_client.get(step(name)).status_code == 200
    response = resident_client.post(step(name), answer)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("residents:profile_summary")
    values = shown(resident_client.get(step(name)).text)
    for field, value in answer.items():
        if isinstance(value, list):
            assert sorted(values[field]) == sorted(value), field
        else:
            assert values[field] == [value], field


def test_answers_taken_away_are_shown_taken_away(resident_client):
    resident_client.get(step("when"))
    resident_client.post(step("when"), {"days_available": [Day.SATURDAY]})
    resident_client.get(step("when"))
    resident_client.post(step("when"), {})
    values = shown(resident_client.get(step("when")).text)
    assert values["days_available"] == [] and values["times_available"] == []
    resident_client.get(step("pay"))
    resident_client.post(step("pay"), {"pay_needed_hourly": "15"})
    assert shown(resident_client.get(step("pay")).text)["pay_needed_hourly"] == ["15"]
    resident_client.post(step("pay"), {"pay_needed_hourly": ""})
    assert shown(resident_client.get(step("pay")).text)["pay_needed_hourly"] == [""]


def test_the_summary_writes_the_answers_as_people_write_them(resident_client):
    for name, answer in ANSWERS:
        resident_client.get(step(name))
        resident_client.post(step(name), answer)
    summary = resident_client.get(reverse("residents:profile_summary")).text
    for text in (
        "Kentish Town South",
        "16 to 22.5 hours a week",
        "Monday, Thursday",
        "Evenings",
        "£14.80 an hour",
        "I care for an adult",
    ):
        assert text in summary
