"""The posting form: one GOV.UK question page per step, each saving into the draft vacancy."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone

from goodwork.core.forms import (
    AsciiDecimalField,
    AsciiIntegerField,
    GovukDateField,
    number_messages,
)
from jobs.choices import Flexibility, PayPeriod, Place, TimeOption
from jobs.forms import HOURS_A_WEEK, PAY_AN_HOUR
from jobs.models import (
    APPLY_ROUTE_MISSING,
    FLEXIBLE_OPTIONS_MISSING,
    HOURS_MAX_BELOW_MIN,
    PAY_MAX_BELOW_MIN,
    ROTA_WEEKS_MISSING,
    Vacancy,
)
from jobs.services import VACANCY_CLOSING_DATE_PASSED, VACANCY_EXTEND_NOT_LATER

TITLE_MISSING = "Enter the job title."
SUMMARY_MISSING = "Enter a short summary of the job."
DESCRIPTION_MISSING = "Enter a description of the job."
SECTOR_MISSING = "Select the sector."
CONTRACT_TYPE_MISSING = "Select the type of contract."
HOURS_MIN_MISSING = "Enter the fewest hours a week."
HOURS_MAX_MISSING = "Enter the most hours a week."
HOURS_INVALID = "Enter hours a week as a number between 0.5 and 60, like 16 or 22.5."
GUARANTEED_HOURS_INVALID = "Enter guaranteed hours as a number between 0 and 60, like 16 or 22.5."
GUARANTEED_ABOVE_MAX = "Guaranteed hours must be the same as or fewer than the most hours."
PAY_MIN_MISSING = "Enter the lowest pay."
PAY_INVALID = "Enter pay as an amount in pounds, like 15.50 or 32000."
PAY_HOURLY_TOO_HIGH = (
    "Pay an hour must be £999.99 or less. If the amount is for a week, a month or a year, "
    "select that."
)
PAY_PERIOD_MISSING = "Select how often the pay is given: an hour, a week, a month or a year."
FLEXIBILITY_MISSING = "Select whether this role can be done flexibly."
FLEXIBLE_OPTIONS_CONTRADICT = (
    "You said this role cannot be done flexibly. Remove the flexible options or change your answer."
)
ROTA_WEEKS_INVALID = "Enter the number of weeks as a whole number between 0 and 52."
CLOSING_DATE_MISSING = "Enter the closing date."
NEW_CLOSING_DATE_MISSING = "Enter the new closing date."
START_BEFORE_CLOSING = "The start date must be on or after the closing date."
APPLY_URL_INVALID = "Enter a link in the correct format, like https://www.example.org/jobs/123."
APPLY_EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org."

TIME_OPTION_HINTS = {
    TimeOption.PART_TIME: "Fewer hours than full time.",
    TimeOption.JOB_SHARE: "Two people share one role and its hours.",
    TimeOption.FLEXITIME: "People choose their start and finish times around set core hours.",
    TimeOption.COMPRESSED_HOURS: (
        "Full-time hours over fewer days, like 4 long days or 9-day fortnights. "
        "Works for many shift and site roles."
    ),
    TimeOption.ANNUALISED_HOURS: "Hours set over a year, so busy and quiet times even out.",
    TimeOption.TERM_TIME: "Work in school term time only. Common in schools, catering and care.",
    TimeOption.SELF_ROSTERING: (
        "Staff choose their own shifts within the rota. Used in care, retail and hospitality."
    ),
    TimeOption.SHIFT_SWAPPING: (
        "Staff can swap shifts with colleagues without a manager's sign-off each time."
    ),
    TimeOption.PREDICTABLE_SHIFTS: (
        "Rotas published weeks ahead, so people can plan childcare and other work."
    ),
}
GUARANTEED_HOURS = {**HOURS_A_WEEK, "min_value": Decimal("0")}
# Pay for an hour, a week, a month or a year: the most an hour is checked once the period is
# known.
PAY = {**PAY_AN_HOUR, "max_value": Decimal("999999.99")}
ROTA_WEEKS = {"min_value": 0, "max_value": 52}

PLACE_HINTS = {
    Place.ON_SITE: (
        "All the work is done at your workplace. Frontline roles can still offer the options above."
    ),
    Place.HYBRID: "Some work at the workplace, some from home.",
    Place.REMOTE: "All the work can be done from home.",
}


class VacancyStepForm(forms.ModelForm):
    """A page of the posting form.

    The draft is filled in one page at a time, so the model's cross-field rules (an apply
    route, flexible options) would fail on pages that do not ask about them. Each page checks
    its own cross-field rules in clean(), and vacancy_submit runs the model's full validation.
    """

    def _post_clean(self):
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.clean_fields(exclude=self._get_validation_exclusions())
        except ValidationError as exc:
            self._update_errors(exc)


class TitleForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["title"]
        labels = {"title": "What is the job title?"}
        help_texts = {
            "title": "Use words residents would search for, like 'Care assistant' or 'Cook'."
        }
        error_messages = {"title": {"required": TITLE_MISSING}}


class DescriptionForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["summary", "description"]
        labels = {"summary": "Summary", "description": "Describe the job"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        error_messages = {
            "summary": {"required": SUMMARY_MISSING},
            "description": {"required": DESCRIPTION_MISSING},
        }


class RoleForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["sector", "contract_type"]
        labels = {"sector": "Sector", "contract_type": "Type of contract"}
        widgets = {"contract_type": forms.RadioSelect}
        error_messages = {
            "sector": {"required": SECTOR_MISSING},
            "contract_type": {"required": CONTRACT_TYPE_MISSING},
        }


class HoursForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = [
            "hours_min",
            "hours_max",
            "work_pattern",
            "guaranteed_hours",
            "zero_hours",
            "is_shift_based",
        ]
        help_texts = {
            "guaranteed_hours": (
                "Leave empty if all the hours are guaranteed. A zero-hours contract guarantees "
                "none: enter 0 or leave it empty."
            ),
            "zero_hours": (
                "No hours are guaranteed and people are paid only for the hours they work."
            ),
            "is_shift_based": "People work to a rota of shifts.",
        }
        field_classes = {
            "hours_min": AsciiDecimalField.preset(**HOURS_A_WEEK),
            "hours_max": AsciiDecimalField.preset(**HOURS_A_WEEK),
            "guaranteed_hours": AsciiDecimalField.preset(**GUARANTEED_HOURS),
        }
        error_messages = {
            "hours_min": number_messages(HOURS_INVALID, required=HOURS_MIN_MISSING),
            "hours_max": number_messages(HOURS_INVALID, required=HOURS_MAX_MISSING),
            "guaranteed_hours": number_messages(GUARANTEED_HOURS_INVALID),
        }

    def clean(self):
        data = super().clean()
        low, high, guaranteed = (
            data.get("hours_min"),
            data.get("hours_max"),
            data.get("guaranteed_hours"),
        )
        if low is not None and high is not None and low > high:
            self.add_error("hours_max", HOURS_MAX_BELOW_MIN)
        if guaranteed is not None and high is not None and guaranteed > high:
            self.add_error("guaranteed_hours", GUARANTEED_ABOVE_MAX)
        return data


class PayForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["pay_min", "pay_max", "pay_period"]
        labels = {"pay_min": "Lowest pay", "pay_max": "Highest pay", "pay_period": "Pay is given"}
        help_texts = {"pay_max": "Leave empty if the pay is one amount."}
        widgets = {"pay_period": forms.RadioSelect}
        field_classes = {
            "pay_min": AsciiDecimalField.preset(**PAY),
            "pay_max": AsciiDecimalField.preset(**PAY),
        }
        error_messages = {
            "pay_min": number_messages(PAY_INVALID, required=PAY_MIN_MISSING),
            "pay_max": number_messages(PAY_INVALID),
            "pay_period": {"required": PAY_PERIOD_MISSING},
        }

    def clean(self):
        data = super().clean()
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and high < low:
            self.add_error("pay_max", PAY_MAX_BELOW_MIN)
        if data.get("pay_period") == PayPeriod.HOUR:
            for name in ("pay_min", "pay_max"):
                if data.get(name) is not None and data[name] > PAY_AN_HOUR["max_value"]:
                    self.add_error(name, PAY_HOURLY_TOO_HIGH)
        return data


class FlexibilityForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["flexibility"]
        labels = {"flexibility": "Can this role be done flexibly?"}
        help_texts = {
            "flexibility": "Most roles can, including frontline, shift and site-based roles: "
            "think of self-rostering, shift swapping, predictable shifts, "
            "compressed hours or term-time working."
        }
        widgets = {"flexibility": forms.RadioSelect}
        error_messages = {"flexibility": {"required": FLEXIBILITY_MISSING}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flexibility"].choices = [c for c in self.fields["flexibility"].choices if c[0]]


class FlexibleOptionsForm(VacancyStepForm):
    time_options = forms.MultipleChoiceField(
        label="Which kinds of flexible working does this role offer?",
        required=False,
        choices=TimeOption.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    class Meta:
        model = Vacancy
        fields = ["time_options", "place", "rota_weeks_ahead", "flexible_details"]
        labels = {
            "place": "Where is the work done?",
            "rota_weeks_ahead": "How many weeks ahead are rotas published?",
        }
        help_texts = {
            "rota_weeks_ahead": (
                "Needed if you offer predictable shifts, and for any shift-based role."
            ),
            "flexible_details": (
                "For example: 'School-hours shifts available' or "
                "'We agree rotas 6 weeks ahead'. 75 words or fewer."
            ),
        }
        widgets = {
            "place": forms.RadioSelect,
            "flexible_details": forms.Textarea(attrs={"rows": 4}),
            "rota_weeks_ahead": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        field_classes = {"rota_weeks_ahead": AsciiIntegerField.preset(**ROTA_WEEKS)}
        error_messages = {"rota_weeks_ahead": number_messages(ROTA_WEEKS_INVALID)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_options"].choice_hints = TIME_OPTION_HINTS
        self.fields["place"].choice_hints = PLACE_HINTS
        self.fields["place"].choices = [c for c in self.fields["place"].choices if c[0]]
        self.fields["rota_weeks_ahead"].widget.input_type = "text"

    def clean(self):
        data = super().clean()
        options, place = data.get("time_options") or [], data.get("place")
        concrete = Vacancy(time_options=options, place=place).offers_concrete_flexibility
        if self.instance.flexibility == Flexibility.YES and not concrete:
            self.add_error("time_options", FLEXIBLE_OPTIONS_MISSING)
        if self.instance.flexibility == Flexibility.NO and concrete:
            self.add_error("time_options", FLEXIBLE_OPTIONS_CONTRADICT)
        if TimeOption.PREDICTABLE_SHIFTS in options and data.get("rota_weeks_ahead") in (None, 0):
            self.add_error("rota_weeks_ahead", ROTA_WEEKS_MISSING)
        return data


class LocationForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["address", "postcode", "ward"]
        labels = {"address": "Address of the workplace", "ward": "Ward"}
        help_texts = {"ward": "The Camden ward the work is in, or elsewhere."}
        widgets = {"postcode": forms.TextInput(attrs={"autocomplete": "postal-code"})}


class DatesForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["closing_date", "start_date"]
        labels = {"closing_date": "Closing date", "start_date": "Start date"}
        help_texts = {
            "closing_date": (
                "The last day residents can apply. It must be in the future. "
                "For example, 27 3 2027."
            ),
            "start_date": "Leave empty for 'as soon as possible'. For example, 1 5 2027.",
        }
        field_classes = {
            "closing_date": GovukDateField.preset(label_in_errors="The closing date"),
            "start_date": GovukDateField.preset(label_in_errors="The start date"),
        }
        error_messages = {
            "closing_date": {
                "required": CLOSING_DATE_MISSING,
                "min_year": VACANCY_CLOSING_DATE_PASSED,
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing_date"].required = True

    def clean_closing_date(self):
        closing = self.cleaned_data.get("closing_date")
        if closing is not None and closing <= timezone.localdate():
            raise ValidationError(VACANCY_CLOSING_DATE_PASSED)
        return closing

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("closing_date")
            and data["start_date"] < data["closing_date"]
        ):
            self.add_error("start_date", START_BEFORE_CLOSING)
        return data


class ApplyForm(VacancyStepForm):
    class Meta:
        model = Vacancy
        fields = ["apply_url", "apply_email"]
        labels = {"apply_url": "Link to apply", "apply_email": "Email address to apply to"}
        help_texts = {"apply_url": "Give a link, an email address or both."}
        widgets = {
            "apply_url": forms.URLInput(attrs={"spellcheck": "false"}),
            "apply_email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        }
        error_messages = {
            "apply_url": {"invalid": APPLY_URL_INVALID},
            "apply_email": {"invalid": APPLY_EMAIL_INVALID},
        }

    def clean(self):
        data = super().clean()
        if not data.get("apply_url") and not data.get("apply_email") and not self.errors:
            self.add_error("apply_url", APPLY_ROUTE_MISSING)
        return data


class ExtendForm(forms.Form):
    closing_date = GovukDateField(
        label="New closing date",
        label_in_errors="The new closing date",
        help_text="For example, 27 3 2027.",
        error_messages={
            "required": NEW_CLOSING_DATE_MISSING,
            "min_year": VACANCY_CLOSING_DATE_PASSED,
        },
    )

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy

    def clean_closing_date(self):
        closing = self.cleaned_data["closing_date"]
        if closing <= timezone.localdate():
            raise ValidationError(VACANCY_CLOSING_DATE_PASSED)
        if closing <= self.vacancy.closing_date:
            raise ValidationError(VACANCY_EXTEND_NOT_LATER)
        return closing


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[VacancyStepForm]


STEPS = [
    Step("title", "Job title", TitleForm),
    Step("description", "About the job", DescriptionForm),
    Step("role", "Sector and contract", RoleForm),
    Step("hours", "Hours", HoursForm),
    Step("pay", "Pay", PayForm),
    Step("flexibility", "Can this role be done flexibly?", FlexibilityForm),
    Step("flexible-options", "Flexible working options", FlexibleOptionsForm),
    Step("location", "Where the work is", LocationForm),
    Step("dates", "Closing and start dates", DatesForm),
    Step("apply", "How to apply", ApplyForm),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def step_after(slug: str) -> Step | None:
    index = [s.slug for s in STEPS].index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_before(slug: str) -> Step | None:
    index = [s.slug for s in STEPS].index(slug)
    return STEPS[index - 1] if index > 0 else None
