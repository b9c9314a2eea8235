"""Form pieces for the jobs pages: the GOV.UK date input (day, month and year boxes).

Render a GovukDateField with
    {% include "jobs/includes/date_input.html" with field=form.start_date only %}
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms

from goodwork.core.forms import DATE_NOT_REAL, DateYearsMixin

DATE_PARTS = ("day", "month", "year")
DATE_INCOMPLETE = "%(label)s must include a %(parts)s."
DATE_YEAR_FOUR_DIGITS = "%(label)s: the year must include 4 numbers."

# The bounds of every form that asks for hours a week or pay an hour (a vacancy, a resident's
# profile, a job outcome): half an hour to 60 hours, to one decimal place (22.5), and £0 to
# £999.99 in pounds and pence.
HOURS_A_WEEK = {"min_value": Decimal("0.5"), "max_value": Decimal("60"), "decimal_places": 1}
PAY_AN_HOUR = {"min_value": Decimal("0"), "max_value": Decimal("999.99"), "decimal_places": 2}


class GovukDateWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, list | tuple) and len(value) == 3:
            return list(value)
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        return [str(data.get(f"{name}_{part}", "")).strip() for part in DATE_PARTS]

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in DATE_PARTS)


class GovukDateField(DateYearsMixin, forms.Field):
    """A date typed as three numbers, with the GOV.UK messages for each way it can be wrong.

    `label_in_errors` names the date in messages: 'The start date must include a month.'
    `min_year` and `max_year` bound it (1900 and 2100 unless given).
    """

    widget = GovukDateWidget
    default_error_messages = {
        "incomplete": DATE_INCOMPLETE,
        "invalid": DATE_NOT_REAL,
        "year": DATE_YEAR_FOUR_DIGITS,
    }

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = list(value or ["", "", ""])
        if not any(parts):
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if missing:
            raise self.date_error("incomplete", parts=" and ".join(missing))
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise self.date_error("invalid")
        day, month, year = parts
        if len(year) != 4:
            raise self.date_error("year")
        try:
            return datetime.date(int(year), int(month), int(day))
        # 31 February, a day of twenty digits, or of more digits than int() reads.
        except (ValueError, OverflowError):
            raise self.date_error("invalid") from None

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True
