"""Vacancies sent by an organisation's recruitment system, through the API or its feed.

A vacancy arrives whole, with the system's own reference: sent again, it updates the vacancy
it made. It is checked by the posting form's own pages, in their order, so a recruitment
system meets exactly the rules a person filling in the form meets, and it goes on through the
same services (jobs.services): moderation when it is on, matching and alerts once live.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict

from employers.forms.vacancy import STEPS
from employers.models import Organisation
from goodwork.core.forms import DATE_PARTS, GovukDateField
from jobs import services as vacancy_services
from jobs.models import Vacancy

# The answers a recruitment system gives: every field of every page of the posting form.
VACANCY_FIELDS: tuple[str, ...] = tuple(
    name for step in STEPS for name in step.form_class.base_fields
)
REFERENCE_MAX_LENGTH = 100
REFERENCE_INVALID = (
    "Give the vacancy's reference in your recruitment system: 1 to 100 letters, digits, "
    "dots, dashes or underscores."
)
VACANCY_HAS_CLOSED = (
    "This vacancy has closed and cannot be changed. Send it with a new reference to post it again."
)
VACANCY_NOT_FOUND = "There is no vacancy with this reference."
# Errors that belong to no one field.
GENERAL_ERRORS = "non_field_errors"


class VacancyRejected(Exception):
    """The vacancy was not taken; `errors` gives the messages by field name."""

    def __init__(self, errors: dict[str, list[str]], *, status: int = 422) -> None:
        super().__init__(errors)
        self.errors, self.status = errors, status


@dataclass(frozen=True)
class Received:
    vacancy: Vacancy
    created: bool
    changed: bool


def reference_is_valid(reference: str) -> bool:
    return (
        0 < len(reference) <= REFERENCE_MAX_LENGTH
        and reference.isascii()
        and all(ch.isalnum() or ch in "._-" for ch in reference)
    )


# The answers the pages ask for in day, month and year boxes.
DATE_ANSWERS = frozenset(
    name
    for step in STEPS
    for name, form_field in step.form_class.base_fields.items()
    if isinstance(form_field, GovukDateField)
)
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date_parts(value: Any) -> tuple[str, str, str]:
    """A date sent as 2027-03-27 as the three boxes hold it; anything else in every box, so
    that the page's own check calls it not a real date."""
    if isinstance(value, datetime.date):
        return str(value.day), str(value.month), str(value.year)
    text = str(value).strip()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
        return day, month, year
    return text, text, text


def _form_data(data: dict[str, Any]) -> QueryDict:
    """The answers as a browser would post them to the form's pages."""
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        if value is None or value is False:
            continue
        if name in DATE_ANSWERS:
            if value != "":
                for part, text in zip(DATE_PARTS, _date_parts(value), strict=True):
                    posted[f"{name}_{part}"] = text
            continue
        if value is True:
            posted[name] = "on"
        elif isinstance(value, list):
            posted.setlist(name, [str(item) for item in value])
        elif isinstance(value, Decimal):
            posted[name] = f"{value:f}"
        else:
            posted[name] = str(value)
    return posted


def errors_of(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            GENERAL_ERRORS if name == "__all__" else name: [m for e in errors for m in e.messages]
            for name, errors in error.error_dict.items()
        }
    return {GENERAL_ERRORS: list(error.messages)}


def vacancy_answers_check(*, data: dict[str, Any], vacancy: Vacancy) -> dict[str, Any]:
    """The answers as the posting form's pages clean them, or VacancyRejected with every
    page's errors. The pages write onto `vacancy` as they go (a later page reads an earlier
    answer, as the flexible options page reads "can this role be done flexibly?")."""
    posted = _form_data(data)
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for step in STEPS:
        form = step.form_class(data=posted, instance=vacancy)
        if form.is_valid():
            cleaned.update(form.cleaned_data)
        for name, messages in form.errors.items():
            errors.setdefault(GENERAL_ERRORS if name == "__all__" else name, []).extend(
                str(message) for message in messages
            )
    if not errors:
        # Each page checks the rules its own answers touch, against the answers of the pages
        # before it; a vacancy sent whole is checked against every rule once all are in (a
        # zero-hours contract asked on one page, the hours it guarantees on another).
        for name, message in vacancy.rule_errors().items():
            errors.setdefault(name, []).append(str(message))
    if errors:
        raise VacancyRejected(errors)
    return cleaned


def _differs(before: Any, after: Any, name: str) -> bool:
    if name == "time_options":
        return sorted(before or []) != sorted(after or [])
    return before != after


@transaction.atomic
def vacancy_receive(
    *, organisation: Organisation, reference: str, data: dict[str, Any], source: str
) -> Received:
    """Create the vacancy with this reference, or update it: the same vacancy sent twice
    changes nothing the second time."""
    if not reference_is_valid(reference):
        raise VacancyRejected({"reference": [REFERENCE_INVALID]})
    # One organisation's vacancies are received one at a time: two requests with the same new
    # reference would otherwise both create it (the unique constraint would fail one of them).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    vacancy = (
        Vacancy.objects.filter(organisation=organisation, reference=reference)
        .select_related("organisation").first()
    )
    try:
        if vacancy is None:
            cleaned = vacancy_answers_check(data=data, vacancy=Vacancy(organisation=organisation))
            vacancy = vacancy_services.vacancy_draft_create(
                organisation=organisation, by=None,
                data={**cleaned, "reference": reference, "source": source},
            )
            vacancy = vacancy_services.vacancy_submit(vacancy=vacancy, by=None)
            return Received(vacancy=vacancy, created=True, changed=True)
        if vacancy.status in (Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED):
            raise VacancyRejected({GENERAL_ERRORS: [VACANCY_HAS_CLOSED]}, status=409)
        before = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
        cleaned = vacancy_answers_check(data=data, vacancy=vacancy)
        if not any(_differs(before[name], cleaned.get(name), name) for name in cleaned):
            return Received(vacancy=vacancy, created=False, changed=False)
        vacancy = vacancy_services.vacancy_update(vacancy=vacancy, by=None, data=cleaned)
        if vacancy.status == Vacancy.Status.DRAFT:
            # Sent back by the council: the corrected vacancy goes to it again.
            vacancy = vacancy_services.vacancy_submit(vacancy=vacancy, by=None)
        return Received(vacancy=vacancy, created=False, changed=True)
    except ValidationError as error:
        raise VacancyRejected(errors_of(error)) from error


def vacancy_by_reference(*, organisation: Organisation, reference: str) -> Vacancy:
    vacancy = Vacancy.objects.filter(organisation=organisation, reference=reference).first()
    if vacancy is None or not reference:
        raise VacancyRejected({"reference": [VACANCY_NOT_FOUND]}, status=404)
    return vacancy


@transaction.atomic
def vacancy_close_by_reference(*, organisation: Organisation, reference: str) -> Vacancy:
    """Close a live vacancy early; one already closed stays as it is."""
    vacancy = vacancy_by_reference(organisation=organisation, reference=reference)
    if vacancy.status in (Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED):
        return vacancy
    try:
        return vacancy_services.vacancy_close(vacancy=vacancy, by=None)
    except ValidationError as error:
        raise VacancyRejected(errors_of(error), status=409) from error
