"""Your right to request flexible working, and the letter builder."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from goodwork.core.forms import GovukDateField
from jobs.letters import (
    CHANGE_MISSING,
    EMPLOYER_MISSING,
    LIMIT_REACHED,
    NAME_MISSING,
    PREVIOUS_DATE_IN_FUTURE,
    PREVIOUS_DATE_MISSING,
    PREVIOUS_DATE_TOO_OLD,
    START_IN_PAST,
    START_MISSING,
    FlexibleWorkingRequestForm,
    render_flexible_working_request,
)

URL = reverse("jobs:flexible_working")


def date_fields(name: str, day: datetime.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def good_data(**changes) -> dict[str, str]:
    start = timezone.localdate() + datetime.timedelta(days=60)
    data = {
        "full_name": "Amina Yusuf",
        "job_title": "Care assistant",
        "employer_name": "Kentish Care",
        "manager_name": "Sam Lee",
        "current_pattern": "Monday to Friday, 8am to 4pm",
        "requested_change": "To work term-time only",
        "previous_requests": "0",
        "how_it_could_work": "A colleague who wants more hours could cover school holidays.",
        **date_fields("start_date", start),
        **date_fields("previous_request_date", None),
    }
    data.update(changes)
    return data


def test_page_explains_the_right(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "from your first day" in html
    assert "2 statutory requests in any 12 months" in html
    assert "within 2 months" in html
    assert 'name="start_date_day"' in html and 'name="start_date_year"' in html


@pytest.mark.parametrize(
    "role", [None, "resident", "employer_member", "coach", "council_admin", "user"]
)
def test_page_renders_for_every_role(client, request, role, db):
    if role:
        person = request.getfixturevalue(role)
        client.force_login(getattr(person, "user", person))
    assert client.get(URL).status_code == 200


def test_good_request_shows_the_letter_to_copy_and_print(client, db):
    response = client.post(URL, good_data(action="show"))
    assert response.status_code == 200
    html = response.content.decode()
    textarea = re.search(
        r'<textarea class="govuk-textarea gw-letter-text" id="letter-text" rows="22" readonly'
        r' spellcheck="false">(.*?)</textarea>',
        html,
        re.S,
    )
    assert textarea
    letter = textarea.group(1)
    assert "This is a statutory request for flexible working" in letter
    assert "To work term-time only" in letter
    start = timezone.localdate() + datetime.timedelta(days=60)
    assert f"I would like the change to start on {start:%-d %B %Y}." in letter
    assert (
        "I have not made a statutory request for flexible working to you in the last 12 months."
        in letter
    )
    assert f"{timezone.localdate():%-d %B %Y}" in letter
    assert 'class="gw-print-only gw-letter"' in html


def test_download_is_a_text_attachment(client, db):
    response = client.post(URL, good_data(action="download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="flexible-working-request.txt"'
    body = response.content.decode()
    assert body.startswith("Amina Yusuf\n")
    assert "To Sam Lee, Kentish Care" in body


def test_letter_text_is_escaped_on_the_page_but_not_in_the_file(client, db):
    data = good_data(requested_change="<script>alert(1)</script> & more")
    html = client.post(URL, data).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    download = client.post(URL, {**data, "action": "download"}).content.decode()
    assert "<script>alert(1)</script> & more" in download


def test_empty_form_explains_each_missing_part(client, db):
    response = client.post(URL, {"previous_requests": "0"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    for message in (NAME_MISSING, EMPLOYER_MISSING, CHANGE_MISSING, START_MISSING):
        assert message in html or message.replace("'", "&#x27;") in html
    assert 'href="#id_start_date"' in html
    assert "(error)" in html


@pytest.mark.parametrize(
    "changes, message",
    [
        (date_fields("start_date", datetime.date(2020, 1, 1)), START_IN_PAST),
        (
            {"start_date_day": "31", "start_date_month": "2", "start_date_year": "2030"},
            "The date you would like the change to start must be a real date.",
        ),
        (
            {"start_date_day": "3", "start_date_month": "", "start_date_year": "2030"},
            "The date you would like the change to start must include a month.",
        ),
        (
            {"start_date_day": "", "start_date_month": "", "start_date_year": "2030"},
            "The date you would like the change to start must include a day and month.",
        ),
        (
            {"start_date_day": "3", "start_date_month": "4", "start_date_year": "30"},
            "The date you would like the change to start: the year must include 4 numbers.",
        ),
        (
            {"start_date_day": "x", "start_date_month": "4", "start_date_year": "2030"},
            "The date you would like the change to start must be a real date.",
        ),
        (
            {"start_date_day": "²", "start_date_month": "4", "start_date_year": "2030"},
            "The date you would like the change to start must be a real date.",
        ),
        (
            {"start_date_day": "١", "start_date_month": "4", "start_date_year": "2030"},
            "The date you would like the change to start must be a real date.",
        ),
        (
            {"start_date_day": "9" * 20, "start_date_month": "4", "start_date_year": "2030"},
            "The date you would like the change to start must be a real date.",
        ),
        ({"previous_requests": "2"}, LIMIT_REACHED),
        ({"previous_requests": "1"}, PREVIOUS_DATE_MISSING),
        (
            {
                "previous_requests": "1",
                **date_fields("previous_request_date", datetime.date(2099, 1, 1)),
            },
            PREVIOUS_DATE_IN_FUTURE,
        ),
        (
            {
                "previous_requests": "1",
                **date_fields("previous_request_date", datetime.date(2001, 1, 1)),
            },
            PREVIOUS_DATE_TOO_OLD,
        ),
        ({"previous_requests": "7"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained(changes, message, db):
    form = FlexibleWorkingRequestForm(data=good_data(**changes))
    assert not form.is_valid()
    assert any(message in error for errors in form.errors.values() for error in errors)


def test_earlier_request_is_dated_in_the_letter(db):
    earlier = timezone.localdate() - datetime.timedelta(days=100)
    form = FlexibleWorkingRequestForm(
        data=good_data(previous_requests="1", **date_fields("previous_request_date", earlier))
    )
    assert form.is_valid(), form.errors
    letter = render_flexible_working_request(form.cleaned_data, today=datetime.date(2026, 11, 23))
    assert (
        f"I made an earlier statutory request for flexible working on {earlier:%-d %B %Y}."
        in letter
    )
    assert letter.splitlines()[1] == "23 November 2026"


def test_errors_keep_what_was_typed(client, db):
    html = client.post(
        URL, good_data(start_date_day="3", start_date_month="", start_date_year="2031")
    ).content.decode()
    assert 'name="start_date_day" type="text" inputmode="numeric" value="3"' in html
    assert 'name="start_date_year" type="text" inputmode="numeric" value="2031"' in html
    assert 'value="Amina Yusuf"' in html


def test_date_field_accepts_a_date_object():
    assert GovukDateField().clean(datetime.date(2030, 1, 2)) == datetime.date(2030, 1, 2)


def test_letter_has_single_blank_lines_between_paragraphs(db):
    form = FlexibleWorkingRequestForm(
        data=good_data(job_title="", current_pattern="", how_it_could_work="")
    )
    assert form.is_valid(), form.errors
    letter = render_flexible_working_request(form.cleaned_data)
    assert "\n\n\n" not in letter
    assert letter.endswith("Amina Yusuf\n")


@pytest.mark.parametrize("day", ["²", "9" * 20, "١"])
def test_unusual_digits_in_a_date_are_explained_on_the_page(client, db, day):
    response = client.post(URL, good_data(start_date_day=day))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
