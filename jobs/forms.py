"""Form pieces for the jobs pages: the GOV.UK date input (day, month and year boxes).

Render a GovukDateField with
    {% include "jobs/includes/date_input.html" with field=form.start_date only %}
"""

from __future__ import annotations

import datetime

from django import forms

DATE_PARTS = ("day", "month", "year")
DATE_INCOMPLETE = "%(label)s must include a %(parts)s."
DATE_NOT_REAL = "%(label)s must be a real date."
DATE_YEAR_FOUR_DIGITS = "%(label)s: the year must include 4 numbers."


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


class GovukDateField(forms.Field):
    """A date typed as three numbers, with the GOV.UK messages for each way it can be wrong.

    `label_in_errors` names the date in messages: 'The start date must include a month.'
    """

    widget = GovukDateWidget
    default_error_messages = {
        "incomplete": DATE_INCOMPLETE,
        "invalid": DATE_NOT_REAL,
        "year": DATE_YEAR_FOUR_DIGITS,
    }

    def __init__(self, *, label_in_errors: str = "The date", **kwargs):
        self.label_in_errors = label_in_errors
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = list(value or ["", "", ""])
        if not any(parts):
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        params = {"label": self.label_in_errors}
        if missing:
            params["parts"] = " and ".join(missing)
            raise forms.ValidationError(
                self.error_messages["incomplete"], code="incomplete", params=params
            )
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params=params
            )
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            raise forms.ValidationError(self.error_messages["year"], code="year", params=params)
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # 31 February, or a day of twenty digits
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params=params
            ) from None

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True
