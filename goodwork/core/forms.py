from __future__ import annotations

import datetime
import re
from typing import Any, Self

from django import forms
from django.core.exceptions import ValidationError

# A number as a person types it: the digits 0 to 9, at most one decimal point, and a sign.
# Python reads far more as a number: other scripts' digits and superscripts ("١٢", "²"),
# underscores ("1_000"), exponents ("1E5"; "1e-100000" lies inside any range yet overflows
# PostgreSQL's numeric type), "NaN" and "Infinity". Someone who typed one of those has made
# a mistake worth telling them about.
TYPED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

NUMBER_INVALID = "Enter a number, like 16 or 22.5."
WHOLE_NUMBER_INVALID = "Enter a whole number, like 4."
NUMBER_TOO_SMALL = "Enter a number that is %(limit_value)s or more."
NUMBER_TOO_BIG = "Enter a number that is %(limit_value)s or less."
NUMBER_TOO_MANY_PLACES = "Enter a number with fewer decimal places."
NUMBER_TOO_LONG = "Enter a smaller number."
# Every way a typed number can be wrong, besides being left empty.
NUMBER_ERROR_CODES = (
    "invalid",
    "min_value",
    "max_value",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "step_size",
)

# A year of 1 (for 2001) or 20250 is a slip of the keyboard that Python's date accepts, and
# arithmetic on it (a month before, a year after) leaves the calendar.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
DATE_NOT_REAL = "%(label)s must be a real date."
DATE_YEAR_TOO_EARLY = "%(label)s must be in %(min_year)s or later."
DATE_YEAR_TOO_LATE = "%(label)s must be in %(max_year)s or earlier."


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: an error about a field the form has goes
    on that field, anything else (a plain message, another field) at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def number_messages(message: str, *, required: str | None = None) -> dict[str, str]:
    """One message for every way a typed number can be wrong, and `required` for leaving it
    empty: a number field's error_messages, or its entry in a ModelForm's Meta.error_messages."""
    messages = dict.fromkeys(NUMBER_ERROR_CODES, message)
    if required is not None:
        messages["required"] = required
    return messages


def _without_trailing_zeros(text: str) -> str:
    # "22.50" hours is 22.5: the zero is not one decimal place too many.
    whole, _point, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    text = f"{whole}.{fraction}" if fraction else whole
    return text if text.lstrip("+-") else "0"


class PresetMixin(forms.Field):
    @classmethod
    def preset(cls, **arguments: Any) -> type[Self]:
        """This field class with `arguments` that win over those it is built with.

        For a ModelForm's Meta.field_classes: the ModelForm builds a model field's form field
        with what the model knows (digits, places, label), so the bounds and the wording the
        form needs come with the class: ``AsciiDecimalField.preset(min_value=..., ...)``.
        """

        def __init__(self, **kwargs: Any) -> None:
            cls.__init__(self, **{**kwargs, **arguments})

        return type(cls.__name__, (cls,), {"__init__": __init__})


class AsciiNumberMixin(PresetMixin):
    """A number typed as TYPED_NUMBER describes; spaces alone are an empty answer."""

    default_error_messages = {
        "invalid": NUMBER_INVALID,
        "min_value": NUMBER_TOO_SMALL,
        "max_value": NUMBER_TOO_BIG,
        "max_digits": NUMBER_TOO_LONG,
        "max_whole_digits": NUMBER_TOO_LONG,
        "max_decimal_places": NUMBER_TOO_MANY_PLACES,
    }

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            if not TYPED_NUMBER.fullmatch(text):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = _without_trailing_zeros(text)
        return super().to_python(value)


class AsciiDecimalField(AsciiNumberMixin, forms.DecimalField):
    """A number such as hours or pay. Give it min_value, max_value and decimal_places: without
    decimal_places any number of them is accepted."""


class AsciiIntegerField(AsciiNumberMixin, forms.IntegerField):
    default_error_messages = {"invalid": WHOLE_NUMBER_INVALID}


class DateYearsMixin(PresetMixin):
    """A date between min_year and max_year. `label_in_errors` names it in messages: 'The start
    date must be in 1900 or later.'"""

    default_error_messages = {
        "invalid": DATE_NOT_REAL,
        "min_year": DATE_YEAR_TOO_EARLY,
        "max_year": DATE_YEAR_TOO_LATE,
    }

    def __init__(
        self,
        *,
        label_in_errors: str = "The date",
        min_year: int = EARLIEST_YEAR,
        max_year: int = LATEST_YEAR,
        **kwargs: Any,
    ) -> None:
        self.label_in_errors, self.min_year, self.max_year = label_in_errors, min_year, max_year
        super().__init__(**kwargs)

    def date_error(self, code: str, **params: Any) -> ValidationError:
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={
                "label": self.label_in_errors,
                "min_year": self.min_year,
                "max_year": self.max_year,
                **params,
            },
        )

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date):
            if value.year < self.min_year:
                raise self.date_error("min_year")
            if value.year > self.max_year:
                raise self.date_error("max_year")


class AsciiDateField(DateYearsMixin, forms.DateField):
    """A date typed in one box, like 2027-03-27 (a browser's date picker sends that form), in
    the digits 0 to 9: strptime reads other scripts' digits too."""

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = value.strip()
            if value and not value.isascii():
                raise self.date_error("invalid")
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid":
                raise self.date_error("invalid") from None
            raise


# The GOV.UK date input: day, month and year in three boxes. Render one with
#     {% include "components/date_input.html" with field=form.start_date only %}
# (govuk_field does so for any GovukDateField).
DATE_PARTS = ("day", "month", "year")
DATE_INCOMPLETE = "%(label)s must include a %(parts)s."
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


class SignupForm(forms.Form):
    """Extra sign-up questions; allauth supplies email and password."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
