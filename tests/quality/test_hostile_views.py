"""The hostile numbers and dates of test_hostile_forms.py, sent to the pages that hold the forms.

Each page is opened and posted as its user would (signed in, coaches and council officers with
two factors, through the CSRF-enforcing client of tests/formclient.py), with every other answer
filled in well, so a value that slipped past its field would reach the service and the
database. Each answer must be below 500; a refused value must be shown again with the page's
error summary (or, on the job search, a "We ignored" message), never saved. Last, the
well-filled form is sent once to show it can succeed, so a refusal for some other reason
cannot pass for a refusal of the value.

The fields attacked are each form's number and date fields as test_hostile_forms.py finds them,
so a field added to one of these forms is attacked too; a form with numbers or dates that no
page here posts fails test_every_form_with_numbers_or_dates_is_posted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from employers.forms import STEPS
from jobs.admin import VacancyAdminForm
from residents.views.profile import STEPS as PROFILE_STEPS
from tests.formclient import FormClient
from tests.quality import figures
from tests.quality.authz_expectations import (
    TWO_FACTOR_ROLES,
    _draft,
    _live,
    _record,
    _record_with,
    _sustainment_check,
)
from tests.quality.test_hostile_forms import FORMS, hostile_inputs, typed_fields

pytestmark = pytest.mark.django_db

Fixtures = Callable[[str], Any]
ERROR_SUMMARY = "govuk-error-summary"
# The first value of each class: the forms' own test tries them all, field by field.
PER_CLASS = 1


def _days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _parts(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month),
            f"{name}_year": str(day.year)}


def _as_posted(instance, form_class: type[forms.ModelForm]) -> dict[str, Any]:
    """A row's values as its ModelForm would post them unchanged."""
    posted: dict[str, Any] = {}
    for name, value in model_to_dict(instance, fields=form_class._meta.fields).items():
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        posted[name] = value
    return posted


def _name(form_class: type) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


@dataclass(frozen=True)
class Target:
    url: str
    form: str  # the form's name in test_hostile_forms.FORMS: its number and date fields
    role: str = "anonymous"
    kwargs: Callable[[Fixtures], dict[str, Any]] | None = None
    baseline: Callable[[Fixtures], dict[str, Any]] = lambda fx: {}
    method: str = "POST"
    # The alert sign-up reads the search it is for from its query string, the answers from
    # the form.
    in_query: bool = False
    # What the page shows when it refuses a value; None: the answer is only held to below 500.
    refused: str | None = ERROR_SUMMARY
    # Numbers a view reads from the query string itself, besides the form's fields.
    numbers: tuple[str, ...] = ()
    refused_numbers: str | None = None
    marks: tuple[Any, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.method} {self.url} ({self.form.rsplit('.', 1)[-1]})"


LETTER = {
    "full_name": "Sam Taylor",
    "job_title": "Care assistant",
    "employer_name": "Camden Care",
    "requested_change": "To work term-time only",
    "previous_requests": "0",
}
STEP_ANSWERS: dict[str, Callable[[Fixtures], dict[str, Any]]] = {
    "hours": lambda fx: {"hours_min": "15", "hours_max": "25", "work_pattern": "School days",
                         "guaranteed_hours": "15"},
    "pay": lambda fx: {"pay_min": "15.50", "pay_max": "16", "pay_period": "hour"},
    "flexible-options": lambda fx: {"time_options": ["term_time"], "place": "on_site",
                                    "rota_weeks_ahead": "6", "flexible_details": ""},
    "dates": lambda fx: {**_parts("closing_date", _days(30)),
                         "start_date_day": "", "start_date_month": "", "start_date_year": ""},
}
PROFILE_ANSWERS: dict[str, Callable[[Fixtures], dict[str, Any]]] = {
    "hours": lambda fx: {"hours_min": "16", "hours_max": "25"},
    "pay": lambda fx: {"pay_needed_hourly": "14.80"},
}

TARGETS: list[Target] = [
    # -- Anyone ----------------------------------------------------------------------------------
    Target("jobs:vacancy_list", "jobs.filters.VacancyFilter.form", method="GET",
           refused="We ignored", numbers=("page",), refused_numbers="There is no page"),
    Target("jobs:vacancy_feed", "jobs.filters.VacancyFilter.form", method="GET", refused=None),
    Target("jobs:flexible_working", "jobs.letters.FlexibleWorkingRequestForm",
           baseline=lambda fx: {**LETTER, **_parts("start_date", _days(60))}),
    # -- Residents -------------------------------------------------------------------------------
    *[
        Target("residents:profile_step", _name(PROFILE_STEPS[step][0]), role="resident",
               kwargs=lambda fx, step=step: {"step": step}, baseline=answers)
        for step, answers in PROFILE_ANSWERS.items()
    ],
    Target("residents:alert_create", "jobs.filters.VacancyFilter.form", role="resident",
           in_query=True, baseline=lambda fx: {"name": "Near home", "frequency": "daily"}),
    # -- Employers -------------------------------------------------------------------------------
    *[
        Target("employers:vacancy_step", _name(step.form_class), role="employer_member",
               kwargs=lambda fx, slug=step.slug: _draft(fx, step=slug),
               baseline=STEP_ANSWERS[step.slug])
        for step in STEPS
        if step.slug in STEP_ANSWERS
    ],
    Target("employers:vacancy_extend", "employers.forms.vacancy.ExtendForm",
           role="employer_member", kwargs=_live,
           baseline=lambda fx: _parts("closing_date", fx("live_vacancy").closing_date
                                      + datetime.timedelta(days=14))),
    # -- Work coaches ----------------------------------------------------------------------------
    Target("coaching:note_add", "residents.coaching.forms.CaseNoteForm", role="coach",
           kwargs=_record,
           baseline=lambda fx: {**_parts("contact_on", _days(0)), "contact_type": "in_person",
                                "text": "Met at the library"}),
    Target("coaching:action_add", "residents.coaching.forms.ActionForm", role="coach",
           kwargs=_record,
           baseline=lambda fx: {"description": "Apply for 2 jobs", "owner": "resident",
                                **_parts("due_on", _days(7))}),
    Target("coaching:outcome_add", "residents.coaching.forms.JobOutcomeForm", role="coach",
           kwargs=_record,
           baseline=lambda fx: {**_parts("start_date", _days(-1)), "employer_name": "Camden Care",
                                "job_title": "Care assistant", "hours_per_week": "20",
                                "hourly_pay": "15.50", "contract_type": "permanent"}),
    Target("coaching:sustainment_record", "residents.coaching.forms.SustainmentForm",
           role="coach",
           kwargs=_record_with(lambda fx, entry: {"check_pk": _sustainment_check(fx, entry).pk}),
           baseline=lambda fx: {"still_in_work": "yes", "hours_per_week": "24",
                                "hourly_pay": "16.50"}),
    Target("coaching:flexible_request_add", "jobs.letters.FlexibleWorkingRequestForm",
           role="coach", kwargs=_record,
           baseline=lambda fx: {**LETTER, **_parts("start_date", _days(60))}),
    Target("coaching:report", "residents.coaching.forms.ReportPeriodForm",
           role="provider_manager", method="GET",
           baseline=lambda fx: {**_parts("start", _days(-90)), **_parts("end", _days(0))}),
    # -- Council officers ------------------------------------------------------------------------
    Target("insights:council_dashboard", "goodwork.reporting.council.CouncilDashboardForm",
           role="council_admin", method="GET"),
    # The Django admin's forms are held only to answering below 500 (see test_hostile_forms).
    Target("admin:jobs_vacancy_change", "jobs.admin.VacancyAdminForm", role="council_admin",
           kwargs=lambda fx: {"object_id": fx("live_vacancy").pk}, refused=None,
           baseline=lambda fx: _as_posted(fx("live_vacancy"), VacancyAdminForm)),
    Target("admin:jobs_minimumwagerate_add", "jobs.admin.MinimumWageRateForm",
           role="council_admin", refused=None,
           baseline=lambda fx: {"band": "21_and_over", "hourly_rate": "13.50",
                                **_parts("effective_from", _days(400)),
                                **_parts("announced_on", _days(0)), "note": ""}),
    Target("admin:jobs_livingwagerate_add", "jobs.admin.LivingWageRateForm",
           role="council_admin", refused=None,
           baseline=lambda fx: {"hourly_rate": "15.90", "effective_from": _days(400).isoformat(),
                                "announced_on": _days(0).isoformat(), "note": ""}),
]


def signed_in(role: str, fx: Fixtures) -> FormClient:
    client = FormClient()
    if role == "anonymous":
        return client
    person = fx(role)
    user = getattr(person, "user", person)  # the resident fixture is the Resident row
    if role in (*TWO_FACTOR_ROLES, "provider_manager"):
        fx("mfa_login")(client, user)
    else:
        client.force_login(user)
    return client


@dataclass
class Sender:
    target: Target
    client: FormClient
    url: str
    baseline: dict[str, Any]
    sent: int = field(default=0)

    def send(self, values: dict[str, str]):
        self.sent += 1
        if self.target.method == "GET":
            return self.client.get(self.url, {**self.baseline, **values})
        if self.target.in_query:
            # With a search it cannot use, the page shows no form to send: only a forged
            # request (with the session's own token) sends one.
            return self.client.post(
                f"{self.url}?{urlencode(values)}", self.baseline, forged=bool(values)
            )
        return self.client.post(self.url, {**self.baseline, **values})


def _check(response, target: Target, where: str, refused: bool, marker: str | None) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if not refused or marker is None:
        return
    assert response.status_code in (200, 400), f"{where} was not refused: {response.status_code}"
    html = response.content.decode()
    assert marker in html, f"{where} was not refused with {marker!r}"


@pytest.mark.parametrize(
    "target", [pytest.param(target, id=target.id, marks=target.marks) for target in TARGETS]
)
def test_hostile_numbers_and_dates_never_break_a_page(target: Target, request):
    fx = request.getfixturevalue
    url = reverse(target.url, kwargs=target.kwargs(fx) if target.kwargs else None)
    sender = Sender(target, signed_in(target.role, fx), url, target.baseline(fx))
    form = FORMS[target.form].build(None)
    fields = list(typed_fields(form).items())
    fields += [(name, forms.IntegerField(required=False)) for name in target.numbers]
    assert fields, f"{target.form} has no number or date fields"
    for name, form_field in fields:
        marker = target.refused_numbers if name in target.numbers else target.refused
        for hostile in hostile_inputs(name, form_field, per_class=PER_CLASS):
            response = sender.send(hostile.data)
            where = f"{target.id}: {hostile.data!r} ({hostile.kind})"
            _check(response, target, where, hostile.refused_by(form_field), marker)
    figures.add("hostile_inputs", sender.sent)

    # The well-filled form succeeds: the refusals above were of the hostile values.
    response = sender.send({})
    assert response.status_code in (200, 302), f"{target.id} with good answers: {response}"
    if response.status_code == 200 and target.refused is not None:
        assert target.refused not in response.content.decode(), (
            f"{target.id} refuses its good answers too"
        )


def test_every_form_with_numbers_or_dates_is_posted():
    posted = {target.form for target in TARGETS}
    missing = [
        name for name, spec in FORMS.items()
        if name not in posted and typed_fields(_built(spec))
    ]
    assert not missing, f"Add a Target (with good answers) for: {missing}"


def _built(spec) -> forms.BaseForm:
    try:
        return spec.build(None)
    except TypeError:
        return forms.Form()  # test_hostile_forms.test_every_form_can_be_built names it
