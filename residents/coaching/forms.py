from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from goodwork.core.forms import AsciiDecimalField, GovukDateField, number_messages
from jobs.choices import ContractType, TimeOption, Ward
from jobs.forms import HOURS_A_WEEK, PAY_AN_HOUR
from jobs.models import Vacancy
from residents.coaching.models import (
    SENSITIVE_BARRIER_KINDS,
    Action,
    BarrierKind,
    CaseNote,
    CaseStatus,
    Coach,
    Consent,
    Provider,
    Referral,
)

FIRST_NAME_MISSING = "Enter the resident's first name."
CONSENT_MISSING = (
    "The resident must agree to share something with your provider before you can support them."
)
NOTE_DATE_MISSING = "Enter the date of the contact."
NOTE_DATE_IN_FUTURE = "The date of the contact must be today or in the past."
NOTE_TYPE_MISSING = "Choose the type of contact."
NOTE_TEXT_MISSING = "Enter the note."
ACTION_DESCRIPTION_MISSING = "Describe the action."
ACTION_OWNER_MISSING = "Choose who will do the action."
ACTION_DUE_MISSING = "Enter the date the action is due."
ACTION_DUE_IN_PAST = "The due date must be today or in the future."
VACANCY_MISSING = "Choose a live vacancy."
STATUS_MISSING = "Choose the new status."
RESPONSE_MISSING = "Choose whether you are interested."
TRANSFER_COACH_MISSING = "Choose the work coach to transfer the resident to."
BARRIER_MISSING = "Choose a barrier."
BARRIER_SENSITIVE_WITHOUT_CONSENT = (
    "Health, disability and convictions can only be recorded if the resident agrees to share "
    "health information, disability and any convictions with your provider."
)
CONSENT_METHOD_MISSING = "Choose how the resident told you they agree."
TRANSFER_PROVIDER_MISSING = "Choose the provider that could support the resident."
TRANSFER_ANSWER_MISSING = "Choose yes or no."
TRANSFER_SHARES_MISSING = "Choose at least one thing the new provider may see."
PROVIDER_MISSING = "Choose a provider."
OUTCOME_START_MISSING = "Enter the date the job started."
OUTCOME_EMPLOYER_MISSING = "Enter the employer's name."
OUTCOME_TITLE_MISSING = "Enter the job title."
OUTCOME_HOURS_MISSING = "Enter the hours a week, between 0.5 and 60."
OUTCOME_PAY_MISSING = "Enter the hourly pay in pounds, up to £999.99, for example 14.80."
OUTCOME_CONTRACT_MISSING = "Choose the type of contract."
SUSTAINMENT_ANSWER_MISSING = "Say whether the resident is still in work."
SUSTAINMENT_HOURS_MISSING = "Enter the hours a week the resident now works, between 0.5 and 60."
SUSTAINMENT_PAY_MISSING = "Enter the hourly pay the resident now gets, up to £999.99."

OUTCOME_REFERRAL_INVALID = (
    "Choose one of the jobs suggested to the resident, or that they found it another way."
)
KEYWORDS_TOO_LONG = "Enter 200 characters or fewer."
PERIOD_START_MISSING = "Enter the first day of the period."
PERIOD_END_MISSING = "Enter the last day of the period."
PERIOD_END_BEFORE_START = "The last day of the period must be the same as or after the first day."
PERIOD_TOO_LONG = "The period can be at most 5 years."
YES_NO = [("yes", "Yes"), ("no", "No")]
FOUND_ELSEWHERE = "elsewhere"
DATE_HINT = "For example, 27 3 2027"


class ConsentFieldsMixin(forms.Form):
    shares = forms.MultipleChoiceField(
        label="What the resident agrees to share with your provider",
        choices=[
            ("profile", "Their profile and goals"),
            ("health", "Health information, disability and any convictions"),
            ("plan", "Their action plan, referrals and job outcomes"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CONSENT_MISSING},
        help_text="Only record what the resident has agreed to today.",
    )

    def consent_kwargs(self) -> dict[str, bool]:
        shares = set(self.cleaned_data["shares"])
        return {
            "shares_profile": "profile" in shares,
            "shares_health": "health" in shares,
            "shares_plan": "plan" in shares,
        }


COACH_CONSENT_METHODS = [c for c in Consent.Method.choices if c[0] != Consent.Method.ONLINE]


class ConsentMethodMixin(forms.Form):
    method = forms.ChoiceField(
        label="How did the resident tell you they agree?",
        choices=COACH_CONSENT_METHODS,
        widget=forms.RadioSelect,
        initial=Consent.Method.IN_PERSON,
        error_messages={
            "required": CONSENT_METHOD_MISSING,
            "invalid_choice": CONSENT_METHOD_MISSING,
        },
    )


class ResidentAddForm(ConsentMethodMixin, ConsentFieldsMixin):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": FIRST_NAME_MISSING}
    )
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        help_text="So you can invite them to see their plan online.",
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
    ward = forms.ChoiceField(
        label="Ward (optional)", choices=[("", "Not known")] + Ward.choices, required=False
    )
    goals = forms.CharField(
        label="Their goals (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    barriers = forms.MultipleChoiceField(
        label="Barriers to work (optional)",
        choices=BarrierKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Health, disability and convictions only if they agree to share those.",
    )

    def clean(self):
        data = super().clean()
        chosen = set(data.get("barriers") or [])
        if chosen & SENSITIVE_BARRIER_KINDS and "health" not in set(data.get("shares") or []):
            self.add_error("barriers", BARRIER_SENSITIVE_WITHOUT_CONSENT)
        return data


class SupportRequestForm(ConsentFieldsMixin):
    provider = forms.ModelChoiceField(
        label="Who would you like support from?",
        queryset=Provider.objects.filter(accepts_self_referrals=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": PROVIDER_MISSING},
    )
    goals = forms.CharField(
        label="What would you like help with? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shares = forms.MultipleChoiceField(
        label="What you agree to share with them",
        choices=[
            ("profile", "My profile and goals"),
            ("health", "My health information, disability and any convictions"),
            ("plan", "My action plan, job referrals and job outcomes"),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CONSENT_MISSING},
        help_text="You can withdraw this at any time.",
    )


class CaseNoteForm(forms.Form):
    contact_on = GovukDateField(
        label="Date of contact",
        label_in_errors="The date of the contact",
        help_text=DATE_HINT,
        initial=timezone.localdate,
        error_messages={"required": NOTE_DATE_MISSING},
    )
    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=CaseNote.Contact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": NOTE_TYPE_MISSING},
    )
    text = forms.CharField(
        label="Note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": NOTE_TEXT_MISSING},
    )

    def clean_contact_on(self):
        day = self.cleaned_data["contact_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(NOTE_DATE_IN_FUTURE)
        return day


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action", max_length=300, error_messages={"required": ACTION_DESCRIPTION_MISSING}
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        choices=Action.Owner.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ACTION_OWNER_MISSING},
    )
    due_on = GovukDateField(
        label="Due date",
        label_in_errors="The due date",
        help_text=DATE_HINT,
        error_messages={"required": ACTION_DUE_MISSING},
    )

    def __init__(self, *args, saved_due_on=None, **kwargs):
        """``saved_due_on``: when changing an action, the date it was due may stay as it is,
        even once it has passed."""
        super().__init__(*args, **kwargs)
        self.saved_due_on = saved_due_on

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if day < timezone.localdate() and day != self.saved_due_on:
            raise forms.ValidationError(ACTION_DUE_IN_PAST)
        return day


class BarrierForm(forms.Form):
    kind = forms.ChoiceField(
        label="Barrier",
        choices=BarrierKind.choices,
        error_messages={"required": BARRIER_MISSING, "invalid_choice": BARRIER_MISSING},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, sensitive: bool = False, **kwargs):
        """``sensitive``: the resident's consent covers health, disability and convictions."""
        super().__init__(*args, **kwargs)
        if not sensitive:
            self.fields["kind"].choices = [
                c for c in BarrierKind.choices if c[0] not in SENSITIVE_BARRIER_KINDS
            ]
            self.fields["kind"].help_text = (
                "Health, disability and convictions are not offered: the resident has not "
                "agreed to share them with your provider."
            )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=CaseStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": STATUS_MISSING, "invalid_choice": STATUS_MISSING},
    )


class JobSearchForm(forms.Form):
    """The keywords a coach searches live vacancies with, to suggest one (a GET form)."""

    q = forms.CharField(
        label="Search jobs",
        help_text="For example, a job title, an employer or a skill",
        required=False,
        max_length=200,
        error_messages={"max_length": KEYWORDS_TOO_LONG},
    )


class ReferralForm(forms.Form):
    """One job from the search results, and the coach's note to the resident about it."""

    vacancy = forms.ModelChoiceField(
        label="Vacancy",
        queryset=Vacancy.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": VACANCY_MISSING, "invalid_choice": VACANCY_MISSING},
    )
    message = forms.CharField(
        label="Why this job could suit them (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = Vacancy.objects.live()

    def full_clean(self) -> None:
        # Each search result has its own form, so the page has no single field to link an
        # error to: every error is shown above the results.
        super().full_clean()
        for name in list(self.fields):
            if name in self._errors:
                errors = self._errors.pop(name)
                self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                self._errors[NON_FIELD_ERRORS].extend(errors)


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=Referral._meta.get_field("status").choices,
        error_messages={"required": STATUS_MISSING},
    )


class ReferralResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Is this job for you?",
        choices=Referral.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": RESPONSE_MISSING},
    )


class TransferForm(forms.Form):
    to_coach = forms.ModelChoiceField(
        label="Transfer to",
        queryset=Coach.objects.none(),
        error_messages={
            "required": TRANSFER_COACH_MISSING,
            "invalid_choice": TRANSFER_COACH_MISSING,
        },
    )
    reason = forms.CharField(label="Reason (optional)", max_length=200, required=False)

    def __init__(self, *args, entry, **kwargs):
        """Only the active coaches of the entry's own provider, besides its current coach."""
        super().__init__(*args, **kwargs)
        self.fields["to_coach"].queryset = (
            Coach.objects.filter(provider=entry.provider_id, active=True, user__is_active=True)
            .exclude(pk=entry.coach_id)
            .select_related("user", "provider")
            .order_by("user__first_name", "user__last_name")
        )
        self.fields["to_coach"].label_from_instance = lambda c: c.user.display_name


class TransferProposeForm(forms.Form):
    to_provider = forms.ModelChoiceField(
        label="Which provider could support them?",
        queryset=Provider.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": TRANSFER_PROVIDER_MISSING,
            "invalid_choice": TRANSFER_PROVIDER_MISSING,
        },
    )
    reason = forms.CharField(
        label="Why the move would help them (optional)",
        help_text="The resident sees this when they are asked to agree.",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_provider"].queryset = (
            Provider.objects.exclude(pk=entry.provider_id)
            .filter(coaches__active=True, coaches__user__is_active=True)
            .distinct()
            .order_by("name")
        )


class TransferAgreeByCoachForm(ConsentMethodMixin, ConsentFieldsMixin):
    pass


class TransferAnswerForm(ConsentFieldsMixin):
    answer = forms.ChoiceField(
        label="Do you agree to the move?",
        choices=[("yes", "Yes, I agree to the move"), ("no", "No, I want to stay")],
        widget=forms.RadioSelect,
        error_messages={"required": TRANSFER_ANSWER_MISSING},
    )
    shares = forms.MultipleChoiceField(
        label="If you agree, what may they see?",
        choices=SupportRequestForm.base_fields["shares"].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="You can withdraw this at any time.",
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "yes" and not data.get("shares"):
            self.add_error("shares", TRANSFER_SHARES_MISSING)
        return data


class JobOutcomeForm(forms.Form):
    referral = forms.ChoiceField(
        label="Is it one of the jobs suggested to them?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": OUTCOME_REFERRAL_INVALID},
    )
    start_date = GovukDateField(
        label="Start date",
        label_in_errors="The date the job started",
        help_text=f"{DATE_HINT}. The 13-, 26- and 52-week checks follow from it.",
        error_messages={"required": OUTCOME_START_MISSING},
    )
    employer_name = forms.CharField(
        label="Employer", max_length=200, error_messages={"required": OUTCOME_EMPLOYER_MISSING}
    )
    job_title = forms.CharField(
        label="Job title", max_length=150, error_messages={"required": OUTCOME_TITLE_MISSING}
    )
    hours_per_week = AsciiDecimalField(
        label="Hours a week",
        **HOURS_A_WEEK,
        error_messages=number_messages(OUTCOME_HOURS_MISSING, required=OUTCOME_HOURS_MISSING),
    )
    hourly_pay = AsciiDecimalField(
        label="Hourly pay",
        **PAY_AN_HOUR,
        error_messages=number_messages(OUTCOME_PAY_MISSING, required=OUTCOME_PAY_MISSING),
    )
    contract_type = forms.ChoiceField(
        label="Type of contract",
        choices=ContractType.choices,
        error_messages={"required": OUTCOME_CONTRACT_MISSING},
    )
    flexible_options = forms.MultipleChoiceField(
        label="Flexible options the job offers (optional)",
        choices=TimeOption.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, referrals=None, **kwargs):
        """``referrals``: the resident's referrals the coach may see, offered as where the job
        came from; without any, the question is not asked."""
        super().__init__(*args, **kwargs)
        self.referrals = {str(r.pk): r for r in referrals or []}
        if not self.referrals:
            del self.fields["referral"]
            return
        self.fields["referral"].choices = [
            (pk, f"{r.vacancy.title}, {r.vacancy.organisation}")
            for pk, r in self.referrals.items()
        ] + [(FOUND_ELSEWHERE, "No, they found it another way")]

    def clean_referral(self):
        return self.referrals.get(self.cleaned_data["referral"])


class SustainmentForm(forms.Form):
    still_in_work = forms.ChoiceField(
        label="Is the resident still in this job or other work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": SUSTAINMENT_ANSWER_MISSING},
    )
    hours_per_week = AsciiDecimalField(
        label="Hours a week now",
        required=False,
        **HOURS_A_WEEK,
        error_messages=number_messages(SUSTAINMENT_HOURS_MISSING),
    )
    hourly_pay = AsciiDecimalField(
        label="Hourly pay now",
        required=False,
        **PAY_AN_HOUR,
        error_messages=number_messages(SUSTAINMENT_PAY_MISSING),
    )

    def clean(self):
        data = super().clean()
        if data.get("still_in_work") == "yes":
            if data.get("hours_per_week") is None and "hours_per_week" not in self.errors:
                self.add_error("hours_per_week", SUSTAINMENT_HOURS_MISSING)
            if data.get("hourly_pay") is None and "hourly_pay" not in self.errors:
                self.add_error("hourly_pay", SUSTAINMENT_PAY_MISSING)
        return data


class ReportPeriodForm(forms.Form):
    """The period a manager's report covers: from one day to another, both included."""

    start = GovukDateField(
        label="From",
        label_in_errors="The first day of the period",
        help_text=DATE_HINT,
        error_messages={"required": PERIOD_START_MISSING},
    )
    end = GovukDateField(
        label="To",
        label_in_errors="The last day of the period",
        help_text=DATE_HINT,
        error_messages={"required": PERIOD_END_MISSING},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", PERIOD_END_BEFORE_START)
            elif (end - start).days > 5 * 366:
                self.add_error("end", PERIOD_TOO_LONG)
        return data
