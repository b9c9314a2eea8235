"""The forms and query strings that tests/quality/test_hostile_input.py attacks.

To add a form, append a HostileForm to HOSTILE_FORMS:

    HostileForm("residents:alert_create", "POST", fields=fields_of(AlertForm), role="resident"),
    HostileForm("jobs:vacancy_list", "GET", fields=filter_names(VacancyFilter)),

- ``url`` is a URL name (reversed with ``kwargs``) or a path starting with "/".
- ``method`` "GET" sends the values as a query string, "POST" as a form.
- ``fields`` are the names to fill: ``fields_of(FormClass)`` reads a Django form's declared
  fields and ``filter_names(FilterSetClass)`` a django-filter FilterSet's, so fields added later
  are attacked too. List names by hand when a form builds its fields at run time (allauth).
- ``role`` is one of the role fixtures (tests/conftest.py); "anonymous" sends no session.
- ``fixed`` gives values sent unchanged in every request, when random ones would stop the
  request before it reaches the code worth attacking.

Every URL that takes a POST in tests/quality/authz_expectations.py must be listed here, or in
NOT_ATTACKED with the reason (a form with no fields, say): a test checks this.

Each form gets MAX_EXAMPLES requests; every answer must be below 500 and must not contain any
of the attack strings unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from employers.forms import STEPS, ExtendForm, InvitationForm, OrganisationForm, PledgeSignForm
from employers.forms.apikeys import ApiKeyForm, VacancyFeedForm
from goodwork.core.forms import DATE_PARTS, GovukDateField
from goodwork.reporting.council import CouncilDashboardForm
from jobs.filters import VacancyFilter
from jobs.letters import FlexibleWorkingRequestForm
from residents.coaching import forms as coaching_forms
from residents.forms.alerts import AlertCreateForm, AlertUpdateForm, UnsubscribeForm
from residents.views.profile import STEPS as PROFILE_STEPS
from tests.quality.authz_expectations import (
    _action,
    _alert,
    _alert_token,
    _draft,
    _live,
    _move_in,
    _move_out,
    _org,
    _plan_item,
    _record,
    _record_with,
    _referral,
    _shortlisted,
    _sustainment_check,
)

MAX_EXAMPLES = 30


def fields_of(form_class: type) -> tuple[str, ...]:
    """The names a browser posts for the form: a GOV.UK date input posts its three boxes."""
    names: list[str] = []
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, GovukDateField):
            names += [f"{name}_{part}" for part in DATE_PARTS]
        else:
            names.append(name)
    return tuple(names)


def filter_names(filterset_class: type) -> tuple[str, ...]:
    return tuple(filterset_class.base_filters)


@dataclass(frozen=True)
class HostileForm:
    url: str
    method: str
    fields: Sequence[str]
    role: str = "anonymous"
    kwargs: Callable[[Callable[[str], Any]], dict[str, Any]] | None = None
    fixed: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.url}{' as ' + self.role if self.role != 'anonymous' else ''}"


def url_of(form: HostileForm, roles: Any) -> str:
    """The form's URL; `roles` is a tests.quality.urlwalk.RoleClients for the kwargs."""
    if form.url.startswith("/"):
        return form.url
    return reverse(form.url, kwargs=form.kwargs(roles.fixture) if form.kwargs else None)


HOSTILE_FORMS: list[HostileForm] = [
    HostileForm("account_login", "POST", fields=("login", "password", "remember")),
    HostileForm("account_signup", "POST",
                fields=("first_name", "last_name", "email", "password1", "password2")),
    HostileForm("account_reset_password", "POST", fields=("email",)),
    HostileForm("jobs:vacancy_list", "GET", fields=(*filter_names(VacancyFilter), "page", "sort")),
    HostileForm("api_v1:vacancy_list", "GET",
                fields=(*filter_names(VacancyFilter), "page", "page_size", "sort")),
    # The letter builder for a statutory flexible-working request.
    HostileForm("/flexible-working/", "GET", fields=fields_of(FlexibleWorkingRequestForm)),
    HostileForm("/flexible-working/", "POST", fields=fields_of(FlexibleWorkingRequestForm)),
    HostileForm("account_email", "POST", fields=("email", "action_add", "action_remove"),
                role="resident"),
    HostileForm("account_change_password", "POST",
                fields=("oldpassword", "password1", "password2"), role="resident"),
    # -- Residents ---------------------------------------------------------------------------
    HostileForm("residents:alert_create", "POST", fields=fields_of(AlertCreateForm)),
    HostileForm("residents:alert_create", "POST", fields=fields_of(AlertCreateForm),
                role="resident"),
    HostileForm("residents:alert_update", "POST", fields=fields_of(AlertUpdateForm),
                role="resident", kwargs=_alert),
    HostileForm("residents:alert_unsubscribe", "POST", fields=fields_of(UnsubscribeForm),
                kwargs=_alert_token("unsubscribe")),
    *[
        HostileForm("residents:profile_step", "POST", fields=fields_of(form_class),
                    role="resident", kwargs=lambda fx, step=step: {"step": step})
        for step, (form_class, _title) in PROFILE_STEPS.items()
    ],
    # "next" is where the button sends the resident back to: it must stay on this site.
    HostileForm("residents:shortlist_add", "POST", fields=("next",), role="resident",
                kwargs=lambda fx: {"vacancy_pk": fx("live_vacancy").pk}),
    HostileForm("residents:shortlist_remove", "POST", fields=("next",), role="resident",
                kwargs=_shortlisted),
    HostileForm("residents:shortlist_applied", "POST", fields=("applied", "next"),
                role="resident", kwargs=_shortlisted),
    HostileForm("coaching:support_request", "POST",
                fields=fields_of(coaching_forms.SupportRequestForm), role="resident"),
    HostileForm("coaching:plan_transfer", "POST",
                fields=fields_of(coaching_forms.TransferAnswerForm), role="resident",
                kwargs=_plan_item(_move_out, "transfer_pk")),
    HostileForm("coaching:plan_referral_respond", "POST",
                fields=fields_of(coaching_forms.ReferralResponseForm), role="resident",
                kwargs=_plan_item(_referral, "referral_pk")),
    # -- Employers ---------------------------------------------------------------------------
    HostileForm("employers:organisation_create", "POST", fields=fields_of(OrganisationForm),
                role="employer_member"),
    HostileForm("employers:organisation_edit", "POST", fields=fields_of(OrganisationForm),
                role="employer_member", kwargs=_org),
    HostileForm("employers:members", "POST", fields=fields_of(InvitationForm),
                role="employer_member", kwargs=_org),
    HostileForm("employers:vacancy_create", "POST",
                fields=(*fields_of(STEPS[0].form_class), "save_draft"),
                role="employer_member", kwargs=_org),
    *[
        HostileForm("employers:vacancy_step", "POST",
                    fields=(*fields_of(step.form_class), "save_draft", "seen_warning"),
                    role="employer_member",
                    kwargs=lambda fx, slug=step.slug: _draft(fx, step=slug))
        for step in STEPS
    ],
    HostileForm("employers:vacancy_extend", "POST", fields=fields_of(ExtendForm),
                role="employer_member", kwargs=_live),
    HostileForm("employers:pledge", "POST", fields=fields_of(PledgeSignForm),
                role="employer_member", kwargs=_org),
    HostileForm("employers:api_keys", "POST", fields=fields_of(ApiKeyForm),
                role="employer_member", kwargs=_org),
    HostileForm("employers:vacancy_feed", "POST", fields=fields_of(VacancyFeedForm),
                role="employer_member", kwargs=_org),
]

# Coaches' forms and the council dashboard's filters, reached only with a two-factor session
# (test_hostile_input.py signs these roles in with two factors).
TWO_FACTOR_FORMS: list[HostileForm] = [
    HostileForm("insights:council_dashboard", "GET", fields=fields_of(CouncilDashboardForm),
                role="council_admin"),
    HostileForm("coaching:resident_add", "POST",
                fields=fields_of(coaching_forms.ResidentAddForm), role="coach"),
    *[
        HostileForm(url, "POST", fields=fields_of(form_class), role="coach", kwargs=_record)
        for url, form_class in [
            ("coaching:note_add", coaching_forms.CaseNoteForm),
            ("coaching:action_add", coaching_forms.ActionForm),
            ("coaching:barrier_add", coaching_forms.BarrierForm),
            ("coaching:status_change", coaching_forms.StatusForm),
            ("coaching:referral_add", coaching_forms.ReferralForm),
            ("coaching:transfer", coaching_forms.TransferForm),
            ("coaching:transfer_propose", coaching_forms.TransferProposeForm),
            ("coaching:outcome_add", coaching_forms.JobOutcomeForm),
            ("coaching:flexible_request_add", FlexibleWorkingRequestForm),
        ]
    ],
    HostileForm("coaching:sustainment_record", "POST",
                fields=fields_of(coaching_forms.SustainmentForm), role="coach",
                kwargs=_record_with(
                    lambda fx, entry: {"check_pk": _sustainment_check(fx, entry).pk})),
    HostileForm("coaching:action_edit", "POST",
                fields=fields_of(coaching_forms.ActionForm), role="coach",
                kwargs=_record_with(lambda fx, entry: {"action_pk": _action(fx, entry).pk})),
    HostileForm("coaching:outcome_edit", "POST",
                fields=fields_of(coaching_forms.JobOutcomeForm), role="coach",
                kwargs=_record_with(lambda fx, entry: {
                    "outcome_pk": _sustainment_check(fx, entry).job_outcome_id})),
    HostileForm("coaching:transfer_incoming", "POST",
                fields=fields_of(coaching_forms.TransferAgreeByCoachForm), role="coach",
                kwargs=_move_in),
    HostileForm("coaching:referral_status", "POST",
                fields=fields_of(coaching_forms.ReferralStatusForm), role="coach",
                kwargs=_record_with(lambda fx, entry: {"referral_pk": _referral(fx, entry).pk})),
]
HOSTILE_FORMS += TWO_FACTOR_FORMS

_BUTTON = "a button with no fields"

# URLs with a POST entry in the authorisation matrix that are not attacked, and why.
NOT_ATTACKED: dict[str, str] = {
    "healthz": "GET only; the POST entry checks it answers 405",
    "jobs:robots_txt": "GET only; the POST entry checks it answers 405",
    "account_logout": _BUTTON,
    "admin:logout": "Django admin; " + _BUTTON,
    "residents:alert_delete": _BUTTON + " (GET asks, POST deletes)",
    **{
        f"admin:{model}_export": "Django admin; " + _BUTTON + " (the change list's filters "
        "travel in its query string, which the change list itself reads)"
        for model in ("jobs_vacancy", "goodwork_user", "residents_joboutcome",
                      "employers_pledgecheck")
    },
    **{
        f"admin:{model}_run_pledge_check": "Django admin; " + _BUTTON
        for model in ("employers_pledge", "employers_pledgecheck", "employers_pledgecheckrun")
    },
    "residents:account_delete": "one checkbox; once ticked it deletes the signed-in resident, "
    "so every later request would have nobody to sign in as",
    "coaching:plan_action_done": _BUTTON + "; the action is in the URL",
    "coaching:consent_withdraw": _BUTTON + "; the consent is in the URL",
    "coaching:action_done": _BUTTON + "; the action is in the URL",
    "coaching:barrier_resolve": _BUTTON + "; the barrier is in the URL",
    "coaching:invite": _BUTTON + "; the invitation goes to the address on the record",
    "coaching:consent_withdraw_by_coach": _BUTTON,
    "coaching:transfer_cancel": _BUTTON + "; the move is in the URL",
    "employers:member_remove": _BUTTON + "; the membership is in the URL",
    "employers:member_make_owner": _BUTTON + "; the membership is in the URL",
    "employers:member_make_member": _BUTTON + "; the membership is in the URL",
    "employers:invitation_accept": _BUTTON + "; the signed invitation is in the URL",
    "employers:vacancy_check": _BUTTON + " (send the checked answers)",
    "employers:vacancy_close": _BUTTON,
    "employers:vacancy_copy": _BUTTON,
    "employers:pledge_withdraw": _BUTTON,
    "employers:api_key_revoke": _BUTTON + "; the key is in the URL",
    "api_v1:vacancy_list": "GET only; the POST entry checks it answers 405",
    "api_v1:organisation_vacancy_list": "GET only; the POST entry checks it answers 405",
    "api_v1:organisation_vacancy_detail": "GET and PUT only; the POST entry checks it answers 405",
    "api_v1:organisation_vacancy_put": "JSON with a key, never a form: its bad bodies are "
    "tested in tests/employers/api/test_organisation.py",
    "api_v1:organisation_vacancy_close": "JSON with a key and no body: a form without the key "
    "is refused (401) before anything is read",
}
