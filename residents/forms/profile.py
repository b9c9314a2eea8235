"""The short question pages that build a resident's profile, one topic per page."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from goodwork.core.forms import AsciiDecimalField, number_messages
from goodwork.core.templatetags.govuk import pounds
from jobs.choices import Day, Place, Sector, TimeOption, Ward
from jobs.forms import HOURS_A_WEEK, PAY_AN_HOUR
from residents.models import Resident
from residents.models.profile import HEALTH_WITHOUT_CONSENT

POSTCODE_INVALID = "Enter a real postcode, like NW5 1SN."
HOURS_MIN_MISSING = "Enter the fewest hours a week you want to work."
HOURS_MAX_MISSING = "Enter the most hours a week you want to work."
HOURS_OUT_OF_RANGE = "Enter a number of hours between 0.5 and 60, like 16 or 22.5."
PAY_INVALID = "Enter an amount of pay an hour between £0 and £999.99, like 14.80."
OPTION_BOTH_NEEDED_AND_PREFERRED = "Choose each option as either needed or preferred, not both."
CARING_MISSING = "Choose whether you have caring responsibilities."
HEALTH_CONSENT_MISSING = HEALTH_WITHOUT_CONSENT

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _checkboxes(label: str, choices, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class WhereForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["postcode", "ward"]
        labels = {"postcode": "Postcode", "ward": "Which ward do you live in?"}
        help_texts = {
            "postcode": "We use it to show jobs near you. We never show it to employers.",
            "ward": "If you are not sure, leave this and we will use your postcode area.",
        }
        widgets = {"postcode": forms.TextInput(attrs={"autocomplete": "postal-code"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", "I'm not sure")] + list(Ward.choices)

    def clean_postcode(self) -> str:
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if value and not POSTCODE.match(value):
            raise forms.ValidationError(POSTCODE_INVALID)
        if value and " " not in value:
            value = f"{value[:-3]} {value[-3:]}"
        return value


class HoursForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["hours_min", "hours_max"]
        labels = {"hours_min": "Fewest hours a week", "hours_max": "Most hours a week"}
        field_classes = {
            "hours_min": AsciiDecimalField.preset(**HOURS_A_WEEK),
            "hours_max": AsciiDecimalField.preset(**HOURS_A_WEEK),
        }
        error_messages = {
            "hours_min": number_messages(HOURS_OUT_OF_RANGE, required=HOURS_MIN_MISSING),
            "hours_max": number_messages(HOURS_OUT_OF_RANGE, required=HOURS_MAX_MISSING),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
            self.fields[name].widget.attrs.update({"inputmode": "decimal"})
            # Shown as the person wrote it: 16, not the stored 16.0.
            if isinstance(self.initial.get(name), Decimal):
                self.initial[name] = f"{self.initial[name].normalize():f}"


class WhenForm(forms.ModelForm):
    days_available = _checkboxes("Which days can you work?", Day.choices, "Select all that apply.")
    times_available = _checkboxes(
        "What times of day can you work?", Resident.DayPart.choices, "Select all that apply."
    )

    class Meta:
        model = Resident
        fields = ["days_available", "times_available"]


class FlexibilityForm(forms.ModelForm):
    time_options_needed = _checkboxes(
        "Which flexible working do you need?",
        TimeOption.choices,
        "Jobs without these will be shown lower down. Select all that apply.",
    )
    time_options_preferred = _checkboxes(
        "Which would you like, but could do without?",
        TimeOption.choices,
        "Select all that apply.",
    )
    places_wanted = _checkboxes(
        "Where do you want to work?", Place.choices, "Select all that apply."
    )

    class Meta:
        model = Resident
        fields = ["time_options_needed", "time_options_preferred", "places_wanted"]

    def clean(self):
        data = super().clean()
        if set(data.get("time_options_needed") or []) & set(
            data.get("time_options_preferred") or []
        ):
            self.add_error("time_options_preferred", OPTION_BOTH_NEEDED_AND_PREFERRED)
        return data


class SectorsForm(forms.ModelForm):
    sectors = _checkboxes(
        "What kind of work interests you?",
        Sector.choices,
        "Select all that apply, or none to see every kind of work.",
    )

    class Meta:
        model = Resident
        fields = ["sectors"]


class PayForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["pay_needed_hourly"]
        labels = {"pay_needed_hourly": "How much do you need to earn an hour?"}
        field_classes = {"pay_needed_hourly": AsciiDecimalField.preset(**PAY_AN_HOUR)}
        error_messages = {"pay_needed_hourly": number_messages(PAY_INVALID)}

    def __init__(self, *args, living_wage=None, **kwargs):
        super().__init__(*args, **kwargs)
        hint = "Leave empty if you are not sure."
        if living_wage:
            hint = f"The London Living Wage is {pounds(living_wage)} an hour. {hint}"
        self.fields["pay_needed_hourly"].help_text = hint
        self.fields["pay_needed_hourly"].widget.attrs.update({"inputmode": "decimal"})
        # Whole pounds as written (15, not 15.00); pence always with two figures (14.80).
        pay = self.initial.get("pay_needed_hourly")
        if isinstance(pay, Decimal):
            whole = pay == pay.to_integral_value()
            self.initial["pay_needed_hourly"] = f"{pay:.0f}" if whole else f"{pay:.2f}"


class CaringForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["caring"]
        labels = {"caring": "Do you look after anyone?"}
        help_texts = {"caring": "This helps us show jobs whose hours can fit around caring."}
        widgets = {"caring": forms.RadioSelect}
        error_messages = {"caring": {"required": CARING_MISSING}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caring"].required = True
        self.fields["caring"].choices = Resident.Caring.choices


class HealthForm(forms.Form):
    """Special category data: kept only with explicit consent, and removed if it is withdrawn."""

    consent = forms.BooleanField(
        label="I agree to Good Work Camden keeping information about my health",
        required=False,
        help_text=(
            "Only you can see it, and a work coach if you choose to share your record with one. "
            "You can remove it at any time."
        ),
    )
    health_condition = forms.CharField(
        label=(
            "Tell us about a health condition or disability that affects the work you can do "
            "(optional)"
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("health_condition", "").strip() and not data.get("consent"):
            self.add_error("consent", HEALTH_CONSENT_MISSING)
        return data
