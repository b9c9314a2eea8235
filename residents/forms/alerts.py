from __future__ import annotations

from django import forms
from django.db import models
from django.http import QueryDict

from jobs.filters import VacancyFilter
from jobs.models import Vacancy
from residents.models import SavedSearch

ALERT_NAME_MISSING = "Enter a name for this alert."
ALERT_FREQUENCY_MISSING = "Choose how often you want emails."
ALERT_EMAIL_MISSING = "Enter your email address, like name@example.com."
ALERT_EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com."
ALERT_ACTION_MISSING = "Choose what to do with this alert."
ALERT_HOURS_RANGE = "The most hours must be the same as or more than the fewest hours."

# Search page parameter -> saved search column.
PARAM_TO_CRITERION = {
    "q": "keywords",
    "time": "time_options",
    "place": "places",
    "contract": "contract_types",
    "sector": "sectors",
    "area": "areas",
    "hours_min": "hours_min",
    "hours_max": "hours_max",
    "pay_min": "pay_min",
    "llw": "llw",
    "pledge": "pledge_only",
}


def criteria_from_params(params: QueryDict) -> tuple[dict, forms.Form]:
    """Validate search page parameters with the search page's own form. Returns the criteria
    (empty when invalid) and the form, whose errors say what was wrong."""
    form = VacancyFilter(data=params, queryset=Vacancy.objects.none()).form
    if not form.is_valid():
        return {}, form
    data = form.cleaned_data
    if (
        data.get("hours_min") is not None
        and data.get("hours_max") is not None
        and data["hours_min"] > data["hours_max"]
    ):
        form.add_error("hours_max", ALERT_HOURS_RANGE)
        return {}, form
    criteria = {}
    for param, column in PARAM_TO_CRITERION.items():
        value = data.get(param)
        if column in ("llw", "pledge_only"):
            criteria[column] = bool(value)
        elif column == "keywords":
            criteria[column] = (value or "").strip()
        elif isinstance(value, list):
            criteria[column] = sorted(set(value))
        else:
            criteria[column] = value
    return criteria, form


def criteria_form_for(search: SavedSearch) -> forms.Form:
    """The search page's form holding an alert's criteria, for the alert's change page."""
    return criteria_from_params(QueryDict(search.query_string))[1]


class AlertCreateForm(forms.Form):
    name = forms.CharField(
        label="Name this alert",
        max_length=100,
        help_text="So you can tell your alerts apart, for example 'School hours near home'.",
        error_messages={"required": ALERT_NAME_MISSING},
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=SavedSearch.Frequency.choices,
        widget=forms.RadioSelect,
        initial=SavedSearch.Frequency.DAILY,
        error_messages={"required": ALERT_FREQUENCY_MISSING},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you a link to confirm it before any alerts.",
        error_messages={"required": ALERT_EMAIL_MISSING, "invalid": ALERT_EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, ask_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_email:
            del self.fields["email"]


class AlertUpdateForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency", "paused"]
        labels = {
            "name": "Name",
            "frequency": "How often do you want emails?",
            "paused": "Pause this alert",
        }
        help_texts = {
            "paused": "We will not email you about this search until you turn it back on."
        }
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {
            "name": {"required": ALERT_NAME_MISSING},
            "frequency": {"required": ALERT_FREQUENCY_MISSING},
        }


class UnsubscribeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you unsubscribing? (optional)",
        required=False,
        choices=SavedSearch.UnsubscribeReason.choices,
        widget=forms.RadioSelect,
    )


class AlertManageActionForm(forms.Form):
    """A button on the page that manages an address's alerts: which of them, and what to do."""

    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"

    alert = forms.ModelChoiceField(
        queryset=SavedSearch.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": ALERT_ACTION_MISSING, "invalid_choice": ALERT_ACTION_MISSING},
    )
    action = forms.ChoiceField(
        choices=[(PAUSE, "Pause"), (RESUME, "Turn on"), (STOP, "Stop")],
        widget=forms.HiddenInput,
        error_messages={"required": ALERT_ACTION_MISSING, "invalid_choice": ALERT_ACTION_MISSING},
    )

    def __init__(self, *args, alerts: models.QuerySet[SavedSearch] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the alerts of the address the link names can be chosen.
        self.fields["alert"].queryset = alerts if alerts is not None else SavedSearch.objects.none()
