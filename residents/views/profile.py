from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from goodwork.core.access import ResidentRequiredMixin, SignedInRequiredMixin
from goodwork.core.forms import add_service_errors
from goodwork.core.templatetags.govuk import hours as hours_filter
from goodwork.core.templatetags.govuk import number, pounds
from jobs.choices import Day, Place, Sector, TimeOption, Ward
from jobs.models import LivingWageRate, Vacancy
from residents.forms import profile as forms
from residents.models import Resident, Shortlist
from residents.selectors.fit import jobs_that_fit_explained
from residents.services import profile as services

# slug -> (form, page title); the order is the order of the questions.
STEPS = {
    "where": (forms.WhereForm, "Where do you live?"),
    "hours": (forms.HoursForm, "How many hours a week do you want to work?"),
    "when": (forms.WhenForm, "When can you work?"),
    "flexibility": (forms.FlexibilityForm, "What flexible working do you need?"),
    "sectors": (forms.SectorsForm, "What kind of work interests you?"),
    "pay": (forms.PayForm, "How much do you need to earn?"),
    "caring": (forms.CaringForm, "Do you look after anyone?"),
    "health": (
        forms.HealthForm,
        "Does a health condition or disability affect the work you can do?",
    ),
}
STEP_NAMES = list(STEPS)


class ResidentMixin(ResidentRequiredMixin):
    """Signed-in people without a resident profile are sent to start one."""

    def role_missing(self, role):
        return redirect("residents:profile_start")

    def role_granted(self) -> None:
        self.resident = Resident.objects.select_related("user").get(user=self.request.user)


class ProfileStartView(SignedInRequiredMixin, TemplateView):
    template_name = "residents/resident_start.html"

    def get(self, request, *args, **kwargs):
        if Resident.objects.filter(user=request.user).exists():
            return redirect("residents:dashboard")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        services.resident_create_for_user(user=request.user)
        return redirect("residents:profile_step", step=STEP_NAMES[0])


class ProfileStepView(ResidentMixin, FormView):
    template_name = "residents/resident_profile_step.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["step"] not in STEPS:
            raise Http404
        self.step = kwargs["step"]
        self.form_class, self.title = STEPS[self.step]

    def changing(self) -> bool:
        return self.request.GET.get("change") == "1"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.step == "health":
            kwargs["initial"] = {
                "consent": bool(self.resident.health_consent_at),
                "health_condition": self.resident.health_condition,
            }
        else:
            kwargs["instance"] = self.resident
        if self.step == "pay":
            kwargs["living_wage"] = LivingWageRate.objects.current()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = STEP_NAMES.index(self.step)
        context.update(
            {
                "title": self.title,
                "step": self.step,
                "step_number": index + 1,
                "step_count": len(STEP_NAMES),
                "back_url": reverse("residents:profile_summary")
                if self.changing() or index == 0
                else reverse("residents:profile_step", kwargs={"step": STEP_NAMES[index - 1]}),
            }
        )
        return context

    def form_valid(self, form):
        last = self.step == STEP_NAMES[-1]
        try:
            if self.step == "health":
                services.resident_health_update(
                    resident=self.resident,
                    consent=form.cleaned_data["consent"],
                    condition=form.cleaned_data["health_condition"],
                )
            else:
                services.resident_profile_update(
                    resident=self.resident, changes=form.cleaned_data, completed=last
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.changing() or last:
            return redirect("residents:profile_summary")
        return redirect("residents:profile_step", step=STEP_NAMES[STEP_NAMES.index(self.step) + 1])


def _labels(values, choices) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(value, value)) for value in values) or "None chosen"


def profile_rows(resident: Resident) -> list[dict[str, str]]:
    """The answers in plain words, each with the question page that changes it."""
    hours = "Not answered"
    if resident.hours_min is not None and resident.hours_max is not None:
        hours = f"{number(resident.hours_min)} to {number(resident.hours_max)} hours a week"
        if resident.hours_min == resident.hours_max:
            hours = f"{hours_filter(resident.hours_min)} a week"
    health = "Nothing kept"
    if resident.health_consent_at:
        health = (
            resident.health_condition
            or "You agreed to us keeping it, but have not told us anything"
        )
    rows = [
        ("Postcode", resident.postcode or "Not answered", "where"),
        ("Ward", dict(Ward.choices).get(resident.ward, "Not sure"), "where"),
        ("Hours a week", hours, "hours"),
        ("Days you can work", _labels(resident.days_available, Day.choices), "when"),
        ("Times you can work", _labels(resident.times_available, Resident.DayPart.choices), "when"),
        (
            "Flexible working you need",
            _labels(resident.time_options_needed, TimeOption.choices),
            "flexibility",
        ),
        (
            "Flexible working you would like",
            _labels(resident.time_options_preferred, TimeOption.choices),
            "flexibility",
        ),
        ("Where you want to work", _labels(resident.places_wanted, Place.choices), "flexibility"),
        ("Kinds of work", _labels(resident.sectors, Sector.choices), "sectors"),
        (
            "Pay you need",
            f"{pounds(resident.pay_needed_hourly)} an hour"
            if resident.pay_needed_hourly
            else "Not answered",
            "pay",
        ),
        ("Caring", resident.get_caring_display() or "Not answered", "caring"),
        ("Health condition or disability", health, "health"),
    ]
    return [{"key": key, "value": value, "step": step} for key, value, step in rows]


class ProfileSummaryView(ResidentMixin, TemplateView):
    template_name = "residents/resident_profile_summary.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "resident": self.resident,
            "rows": profile_rows(self.resident),
        }


def profile_search_query(resident: Resident) -> str:
    """Search page parameters for what the profile asks for ('alerts for jobs like these')."""
    params: list[tuple[str, str]] = [("time", option) for option in resident.time_options_needed]
    params += [("sector", sector) for sector in resident.sectors]
    if resident.hours_min is not None:
        params.append(("hours_min", f"{resident.hours_min.normalize():f}"))
    if resident.hours_max is not None:
        params.append(("hours_max", f"{resident.hours_max.normalize():f}"))
    if resident.pay_needed_hourly:
        params.append(("pay_min", f"{resident.pay_needed_hourly:.2f}"))
    return urlencode(params)


class DashboardView(ResidentMixin, TemplateView):
    """'Your job search': jobs that fit your profile, ranked, with reasons."""

    template_name = "residents/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shortlisted = list(
            Shortlist.objects.of_resident(self.resident).values_list(
                "vacancy_id", "vacancy__status", "vacancy__closing_date", "pk"
            )
        )
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=7)
        saved = {vacancy_id: pk for vacancy_id, _, _, pk in shortlisted}
        fits = jobs_that_fit_explained(resident=self.resident)
        for fit in fits:
            # The card's "Saved" and "Remove from saved", as job cards elsewhere read it.
            fit.vacancy.saved_entry_id = saved.get(fit.vacancy.pk)  # type: ignore[attr-defined]
        context.update(
            {
                "resident": self.resident,
                "fits": fits,
                "closing_soon": sum(
                    1
                    for _, status, closing, _ in shortlisted
                    if status == Vacancy.Status.PUBLISHED and today <= closing <= soon
                ),
                "closed_early": sum(
                    1 for _, status, _, _ in shortlisted if status == Vacancy.Status.CLOSED
                ),
                "alert_query": profile_search_query(self.resident),
            }
        )
        return context
