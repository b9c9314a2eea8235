"""A statutory request for flexible working (Employment Rights Act 1996, Part 8A), as a letter.

Since 6 April 2024 an employee may make the request from their first day, twice in any
12 months; the employer must decide within two months and consult before refusing. The
request must say that it is a statutory request, the change asked for and when it should
start, and whether (and when) an earlier request was made. It no longer has to explain the
effect on the employer.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from goodwork.core.forms import GovukDateField

STATUTORY_LIMIT = 2
CHANGE_MISSING = "Say what change to your working pattern you are asking for."
START_MISSING = "Enter the date you would like the change to start."
START_IN_PAST = "The date you would like the change to start must be in the future."
PREVIOUS_DATE_MISSING = "Enter the date of your earlier request."
PREVIOUS_DATE_IN_FUTURE = "The date of your earlier request must be in the past."
PREVIOUS_DATE_TOO_OLD = (
    "The date of your earlier request must be in the last 12 months. If it was longer ago, "
    "answer 'No' to the question about earlier requests."
)
LIMIT_REACHED = (
    "You can make 2 statutory requests in any 12 months. You can make a new one 12 months after "
    "the first of them; you can still ask your employer informally."
)
NAME_MISSING = "Enter your full name."
EMPLOYER_MISSING = "Enter your employer's name."


class FlexibleWorkingRequestForm(forms.Form):
    """What a statutory request needs; everything else is optional and helps the conversation."""

    PREVIOUS_CHOICES = [
        ("0", "No, this is my first request in the last 12 months"),
        ("1", "Yes, I have made 1 request in the last 12 months"),
        ("2", "Yes, I have made 2 requests in the last 12 months"),
    ]

    full_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": NAME_MISSING}
    )
    job_title = forms.CharField(label="Your job title", max_length=150, required=False)
    employer_name = forms.CharField(
        label="Your employer", max_length=200, error_messages={"required": EMPLOYER_MISSING}
    )
    manager_name = forms.CharField(
        label="Who the letter is to (optional)",
        max_length=150,
        required=False,
        help_text="For example, your manager or your HR team.",
    )
    current_pattern = forms.CharField(
        label="Your working pattern now (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: 'Monday to Friday, 9am to 5pm, 37.5 hours a week'.",
    )
    requested_change = forms.CharField(
        label="The change you are asking for",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what hours, days, times or place you would like to work. For example: "
        "'to work term-time only' or 'compressed hours: 4 longer days, Monday to Thursday'.",
        error_messages={"required": CHANGE_MISSING},
    )
    start_date = GovukDateField(
        label="When you would like the change to start",
        help_text="For example, 27 3 2027",
        label_in_errors="The date you would like the change to start",
        error_messages={"required": START_MISSING},
    )
    previous_requests = forms.ChoiceField(
        label=(
            "Have you made a statutory request for flexible working to this employer "
            "in the last 12 months?"
        ),
        choices=PREVIOUS_CHOICES,
        widget=forms.RadioSelect,
        initial="0",
    )
    previous_request_date = GovukDateField(
        label="Date of your earlier request",
        required=False,
        help_text="Only if you have made 1 request in the last 12 months. For example, 15 1 2026",
        label_in_errors="The date of your earlier request",
    )
    how_it_could_work = forms.CharField(
        label="How the change could work (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="You do not have to say this, but it can help your employer agree.",
    )

    def clean_start_date(self) -> datetime.date:
        start = self.cleaned_data["start_date"]
        if start is not None and start <= timezone.localdate():
            raise forms.ValidationError(START_IN_PAST)
        return start

    def clean(self) -> dict:
        data = super().clean()
        previous = data.get("previous_requests")
        if previous == str(STATUTORY_LIMIT):
            self.add_error("previous_requests", LIMIT_REACHED)
        if previous in ("1",):
            earlier = data.get("previous_request_date")
            if earlier is None and "previous_request_date" not in self.errors:
                self.add_error("previous_request_date", PREVIOUS_DATE_MISSING)
            elif earlier is not None and earlier >= timezone.localdate():
                self.add_error("previous_request_date", PREVIOUS_DATE_IN_FUTURE)
            elif earlier is not None and earlier < _a_year_before(timezone.localdate()):
                self.add_error("previous_request_date", PREVIOUS_DATE_TOO_OLD)
        return data


def _a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def render_flexible_working_request(data: dict, *, today: datetime.date | None = None) -> str:
    """The letter as plain text, from a valid FlexibleWorkingRequestForm's cleaned_data."""
    context = {**data, "today": today or timezone.localdate()}
    text = render_to_string("jobs/flexible_working_letter.txt", context).strip()
    # Optional parts leave empty lines behind; a letter has one blank line between paragraphs.
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"
