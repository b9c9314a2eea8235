"""Posting a vacancy page by page, and the rest of its workflow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View

from employers.forms import STEPS, STEPS_BY_SLUG, ExtendForm, step_after, step_before
from employers.views.access import OrganisationMemberMixin, VacancyMemberMixin
from goodwork.core.forms import add_service_errors
from goodwork.core.models import SiteSettings
from goodwork.core.templatetags.govuk import hours, number, pounds
from jobs import services as vacancy_services
from jobs.models import LivingWageRate, Vacancy

VACANCY_COPIED = "A copy of '{title}' has been saved as a draft. Check its dates."
COPY_CLOSING_DATE_MOVED = (
    "A vacancy cannot be posted to close on {before}, so the copy closes on {after}. "
    "Change it if you need to."
)
COPY_CLOSING_DATE_SET = "The copy closes on {after}. Change it if you need to."
COPY_START_DATE_CLEARED = (
    "The start date, {before}, has passed, so the copy says the job starts as soon as possible."
)
VACANCY_SENT_FOR_REREVIEW = (
    "Your changes to '{title}' have been sent to the council for review. Residents will not "
    "see the vacancy until the council approves it."
)

# -- Posting a vacancy ------------------------------------------------------------------------


def _living_wage_warning(vacancy: Vacancy) -> str:
    if vacancy.pay_min is None or not vacancy.hours_max or not vacancy.pay_period:
        return ""
    rate = LivingWageRate.objects.current()
    hourly = vacancy.pay_hourly_min
    if rate is None or hourly is None or hourly >= rate:
        return ""
    return (
        f"This pay works out at {pounds(hourly)} an hour at its lowest, below the London Living "
        f"Wage of {pounds(rate)} an hour. Residents will see that the job does not pay the London "
        "Living Wage."
    )


class VacancyStepMixin:
    template_name = "employers/vacancy_step.html"

    @property
    def step(self):
        return STEPS_BY_SLUG["title"]

    def get_form_class(self):
        return self.step.form_class

    def back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            step=self.step,
            steps=STEPS,
            back_url=self.back_url(),
            step_number=STEPS.index(self.step) + 1,
        )
        return context


class VacancyCreateView(OrganisationMemberMixin, VacancyStepMixin, FormView):
    def back_url(self) -> str:
        return f"{reverse('employers:dashboard')}?organisation={self.organisation.pk}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Vacancy(organisation=self.organisation)}

    def form_valid(self, form):
        vacancy = vacancy_services.vacancy_draft_create(
            organisation=self.organisation, by=self.request.user, data=form.cleaned_data
        )
        if "save_draft" in self.request.POST:
            messages.success(self.request, f"Your draft '{vacancy.title}' has been saved.")
            return redirect(self.back_url())
        return redirect("employers:vacancy_step", pk=vacancy.pk, step=step_after("title").slug)


class VacancyStepView(VacancyMemberMixin, VacancyStepMixin, FormView):
    @property
    def step(self):
        try:
            return STEPS_BY_SLUG[self.kwargs["step"]]
        except KeyError as exc:
            raise Http404 from exc

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.vacancy.status in (
            Vacancy.Status.CLOSED,
            Vacancy.Status.EXPIRED,
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def from_check(self) -> bool:
        return (
            self.request.GET.get("return") == "check" or self.vacancy.status != Vacancy.Status.DRAFT
        )

    def back_url(self) -> str:
        before = step_before(self.step.slug)
        if self.from_check:
            return reverse("employers:vacancy_check", kwargs={"pk": self.vacancy.pk})
        if before is None:
            return self.dashboard_url()
        return reverse(
            "employers:vacancy_step", kwargs={"pk": self.vacancy.pk, "step": before.slug}
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.vacancy}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.step.slug == "pay":
            context["living_wage_warning"] = _living_wage_warning(self.vacancy)
        return context

    def form_valid(self, form):
        was_live = self.vacancy.status == Vacancy.Status.PUBLISHED
        try:
            vacancy = vacancy_services.vacancy_update(
                vacancy=self.vacancy, by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if was_live and vacancy.status == Vacancy.Status.IN_REVIEW:
            messages.success(self.request, VACANCY_SENT_FOR_REREVIEW.format(title=vacancy.title))
        if "save_draft" in self.request.POST:
            messages.success(self.request, f"Your draft '{self.vacancy.title}' has been saved.")
            return redirect(self.dashboard_url())
        after = step_after(self.step.slug)
        # A warning, not a block: the page shows it once, and continuing again carries on.
        if (
            self.step.slug == "pay"
            and self.request.POST.get("seen_warning") != "1"
            and _living_wage_warning(self.vacancy)
        ):
            query = "?return=check" if self.request.GET.get("return") == "check" else ""
            return redirect(
                reverse("employers:vacancy_step", kwargs={"pk": self.vacancy.pk, "step": "pay"})
                + query
            )
        # A changed answer to "can this role be done flexibly?" needs its options looked at again.
        if self.step.slug == "flexibility":
            query = "?return=check" if self.request.GET.get("return") == "check" else ""
            return redirect(
                reverse(
                    "employers:vacancy_step", kwargs={"pk": self.vacancy.pk, "step": after.slug}
                )
                + query
            )
        if self.from_check or after is None:
            return redirect("employers:vacancy_check", pk=self.vacancy.pk)
        return redirect("employers:vacancy_step", pk=self.vacancy.pk, step=after.slug)


def _answer(vacancy: Vacancy, name: str) -> str:
    value = getattr(vacancy, name)
    if name == "time_options":
        return ", ".join(vacancy.time_option_labels)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(vacancy, f"get_{name}_display"):
        return getattr(vacancy, f"get_{name}_display")()
    if name in ("pay_min", "pay_max"):
        return pounds(value)
    if name in ("hours_min", "hours_max", "guaranteed_hours"):
        return f"{hours(value)} a week"
    if name == "rota_weeks_ahead":
        return f"{number(value)} week{'' if value == 1 else 's'}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)


def vacancy_answers(vacancy: Vacancy) -> list[dict]:
    """The answers given on each page of the posting form, for 'check your answers'."""
    sections = []
    for step in STEPS:
        form = step.form_class(instance=vacancy)
        sections.append(
            {
                "slug": step.slug,
                "title": step.title,
                "rows": [
                    {"label": form[name].label, "value": _answer(vacancy, name)}
                    for name in form.fields
                ],
            }
        )
    return sections


class VacancyCheckView(VacancyMemberMixin, TemplateView):
    template_name = "employers/vacancy_check.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = vacancy_answers(self.vacancy)
        context["living_wage_warning"] = _living_wage_warning(self.vacancy)
        context["problems"] = kwargs.get("problems", [])
        context["moderation_enabled"] = _moderation_enabled()
        return context

    def post(self, request, *args, **kwargs):
        try:
            vacancy = vacancy_services.vacancy_submit(vacancy=self.vacancy, by=request.user)
        except ValidationError as exc:
            problems = []
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    step = next((s for s in STEPS if name in s.form_class._meta.fields), None)
                    for error in errors:
                        problems.extend({"message": m, "step": step} for m in error.messages)
            else:
                problems = [{"message": m, "step": None} for m in exc.messages]
            return self.render_to_response(self.get_context_data(problems=problems), status=400)
        if vacancy.status == Vacancy.Status.PUBLISHED:
            messages.success(request, f"'{vacancy.title}' is now live.")
        else:
            messages.success(request, f"'{vacancy.title}' has been sent to the council for review.")
        return redirect(self.dashboard_url())


def _moderation_enabled() -> bool:
    return SiteSettings.load().moderation_enabled


class VacancyPreviewView(VacancyMemberMixin, TemplateView):
    template_name = "employers/vacancy_preview.html"


class VacancyCloseView(VacancyMemberMixin, TemplateView):
    template_name = "employers/vacancy_close.html"

    def post(self, request, *args, **kwargs):
        try:
            vacancy_services.vacancy_close(vacancy=self.vacancy, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"'{self.vacancy.title}' has been closed.")
        return redirect(self.dashboard_url())


class VacancyExtendView(VacancyMemberMixin, FormView):
    template_name = "employers/vacancy_extend.html"
    form_class = ExtendForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "vacancy": self.vacancy}

    def form_valid(self, form):
        try:
            vacancy_services.vacancy_extend(
                vacancy=self.vacancy,
                closing_date=form.cleaned_data["closing_date"],
                by=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"'{self.vacancy.title}' now closes on {self.vacancy.closing_date:%-d %B %Y}.",
        )
        return redirect(self.dashboard_url())


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


class VacancyCopyView(VacancyMemberMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        original = self.vacancy
        copy = vacancy_services.vacancy_copy(vacancy=original, by=request.user)
        said = [VACANCY_COPIED.format(title=original.title)]
        if original.closing_date is None:
            said.append(COPY_CLOSING_DATE_SET.format(after=_day(copy.closing_date)))
        elif copy.closing_date != original.closing_date:
            said.append(COPY_CLOSING_DATE_MOVED.format(
                before=_day(original.closing_date), after=_day(copy.closing_date)
            ))
        if original.start_date and copy.start_date is None:
            said.append(COPY_START_DATE_CLEARED.format(before=_day(original.start_date)))
        messages.success(request, " ".join(said))
        return redirect("employers:vacancy_step", pk=copy.pk, step="dates")
