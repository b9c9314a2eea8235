"""Showing the data download on the 'Your data' page in words, not as stored."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from django import template
from django.utils import timezone

from goodwork.core.templatetags.govuk import hours, pounds
from residents.selectors.export import (
    DISPLAY_CHOICES,
    DISPLAY_EMPTY,
    DISPLAY_HOURS_A_WEEK,
    DISPLAY_KEYS,
    DISPLAY_POUNDS_AN_HOUR,
)

register = template.Library()

NOT_GIVEN = "Not given"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, Mapping)


@register.filter
def is_sequence(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def humanise_key(key: str) -> str:
    return DISPLAY_KEYS.get(str(key)) or str(key).replace("_", " ").capitalize()


def clock(moment: datetime.datetime) -> str:
    """'2:30pm', '9am', 'midday', 'midnight': times as GOV.UK writes them."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def date_in_words(value: datetime.date | datetime.datetime) -> str:
    """'1 December 2026', or '1 December 2026, 2:30pm' for a moment (in London time)."""
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{moment.day} {moment:%B %Y}, {clock(moment)}"
    return f"{value.day} {value:%B %Y}"


def _date_from_iso(text: str) -> datetime.date | datetime.datetime | None:
    try:
        if ISO_DATE.match(text):
            return datetime.date.fromisoformat(text)
        if ISO_DATETIME.match(text):
            return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return None


@register.filter
def data_value(value, key: str = "") -> str:
    """One value of the download in words: labels for codes, dates and times as people write
    them, Yes or No, pounds and hours, and "Not given" for nothing."""
    key = str(key)
    if value is None or value == "" or value == []:
        return DISPLAY_EMPTY.get(key, NOT_GIVEN)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(data_value(item, key) for item in value)
    if key in DISPLAY_CHOICES:
        return str(DISPLAY_CHOICES[key].get(str(value), value))
    if key in DISPLAY_HOURS_A_WEEK:
        return f"{hours(value)} a week" if hours(value) else str(value)
    if key in DISPLAY_POUNDS_AN_HOUR:
        return f"{pounds(value)} an hour" if pounds(value) else str(value)
    if isinstance(value, datetime.date):
        return date_in_words(value)
    if isinstance(value, str):
        moment = _date_from_iso(value)
        if moment is not None:
            return date_in_words(moment)
    return str(value)
