from __future__ import annotations

from django import forms

from employers.models import VacancyFeed

KEY_NAME_MISSING = "Enter what the key is for, like the name of your recruitment system."


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="What is the key for?",
        help_text="For example, the name of your recruitment system. Only your organisation "
        "sees it.",
        max_length=100,
        error_messages={"required": KEY_NAME_MISSING},
    )


FEED_URL_INVALID = (
    "Enter the feed's address, starting with https://, like https://jobs.example.org/feed.json."
)


class VacancyFeedForm(forms.Form):
    url = forms.URLField(
        label="Feed address", max_length=500, assume_scheme="https",
        error_messages={"required": FEED_URL_INVALID, "invalid": FEED_URL_INVALID},
    )
    format = forms.ChoiceField(
        label="What the feed holds", choices=VacancyFeed.Format.choices, widget=forms.RadioSelect,
    )
