from __future__ import annotations

import csv
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from employers import selectors, services
from employers.forms import (
    STEPS,
    STEPS_BY_SLUG,
    ExtendForm,
    InvitationForm,
    OrganisationForm,
    PledgeSignForm,
    step_after,
    step_before,
)
from employers.models import Membership, Organisation, Pledge, PledgeCheck, PledgeVersion
from goodwork.roles import roles_for
from jobs import services as vacancy_services
from jobs.models import LivingWageRate, Vacancy
from jobs.services import vacancy_hourly_min

PLEDGE_CSV_COLUMNS = [
    "Organisation",
    "Companies House number",
    "Sector",
    "Size",
    "Accredited Living Wage employer",
    "Suspended",
    "Pledge signed on",
    "Pledge version",
    "Latest check",
    "Latest status",
    "Reasons",
]


def _form_errors_from(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# -- Access -----------------------------------------------------------------------------------


class OrganisationMemberMixin(LoginRequiredMixin):
    """The organisation in the URL, if the signed-in user belongs to it; 404 otherwise."""

    owner_only = False

    @cached_property
    def organisation(self) -> Organisation:
        organisation = get_object_or_404(
            Organisation.objects.for_member(self.request.user), pk=self.kwargs["org"]
        )
        if self.owner_only and organisation.pk not in roles_for(self.request.user).owner_of_ids:
            raise PermissionDenied
        return organisation

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation  # noqa: B018 - fail before any work when the user may not see it
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["is_owner"] = self.organisation.pk in roles_for(self.request.user).owner_of_ids
        return context


class VacancyMemberMixin(LoginRequiredMixin):
    """A vacancy of one of the signed-in user's organisations; 404 for anyone else's."""

    @cached_property
    def vacancy(self) -> Vacancy:
        organisation_ids = roles_for(self.request.user).organisation_ids
        return get_object_or_404(
            Vacancy.objects.for_organisations(organisation_ids).select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.vacancy  # noqa: B018
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vacancy"] = self.vacancy
        context["organisation"] = self.vacancy.organisation
        return context

    def dashboard_url(self) -> str:
        return f"{reverse('employers:dashboard')}?organisation={self.vacancy.organisation_id}"


# -- Dashboard and organisations --------------------------------------------------------------


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "employers/organisation_dashboard.html"

    def get(self, request, *args, **kwargs):
        self.organisations = list(Organisation.objects.for_member(request.user).order_by("name"))
        if not self.organisations:
            return redirect("employers:organisation_create")
        chosen = request.GET.get("organisation", "")
        self.organisation = next(
            (o for o in self.organisations if str(o.pk) == chosen), self.organisations[0]
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancies = list(selectors.vacancy_dashboard(organisation=self.organisation))
        order = [
            Vacancy.Status.DRAFT,
            Vacancy.Status.IN_REVIEW,
            Vacancy.Status.PUBLISHED,
            Vacancy.Status.CLOSED,
            Vacancy.Status.EXPIRED,
        ]
        vacancies.sort(key=lambda v: order.index(v.status))
        context.update(
            organisation=self.organisation,
            organisations=self.organisations,
            is_owner=self.organisation.pk in roles_for(self.request.user).owner_of_ids,
            vacancy_groups=[
                {"status": status, "label": Vacancy.Status(status).label, "vacancies": list(group)}
                for status, group in groupby(vacancies, key=lambda v: v.status)
            ],
            pledge=Pledge.objects.active().filter(organisation=self.organisation).first(),
            latest_check=self.organisation.pledge_checks.order_by("-run_on").first(),
        )
        return context


class OrganisationCreateView(LoginRequiredMixin, FormView):
    template_name = "employers/organisation_form.html"
    form_class = OrganisationForm

    def form_valid(self, form):
        try:
            organisation = services.organisation_create(
                by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{organisation.name} has been set up. You can now post vacancies."
        )
        return redirect(f"{reverse('employers:dashboard')}?organisation={organisation.pk}")


class OrganisationUpdateView(OrganisationMemberMixin, FormView):
    template_name = "employers/organisation_form.html"
    form_class = OrganisationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def form_valid(self, form):
        services.organisation_update(
            organisation=self.organisation, by=self.request.user, data=form.cleaned_data
        )
        messages.success(self.request, "Your organisation's details have been saved.")
        return redirect(f"{reverse('employers:dashboard')}?organisation={self.organisation.pk}")


class OrganisationPublicView(DetailView):
    template_name = "employers/organisation_public.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.active()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vacancies"] = (
            Vacancy.objects.live()
            .for_organisation(self.object)
            .for_listing()
            .order_by("closing_date", "id")
        )
        context["pledge"] = Pledge.objects.active().filter(organisation=self.object).first()
        return context


# -- Members and invitations ------------------------------------------------------------------


class MembershipListView(OrganisationMemberMixin, FormView):
    template_name = "employers/membership_list.html"
    form_class = InvitationForm

    def post(self, request, *args, **kwargs):
        if self.organisation.pk not in roles_for(request.user).owner_of_ids:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.organisation.memberships.select_related("user").order_by(
            "user__email"
        )
        context["invitations"] = self.organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        )
        return context

    def form_valid(self, form):
        try:
            services.invitation_create(
                organisation=self.organisation, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"An invitation has been sent to {form.cleaned_data['email']}."
        )
        return redirect("employers:members", org=self.organisation.pk)


class MembershipActionView(OrganisationMemberMixin, View):
    http_method_names = ["post"]
    owner_only = True
    action = ""

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            self.organisation.memberships.select_related("user"), pk=kwargs["pk"]
        )
        try:
            if self.action == "remove":
                services.membership_remove(membership=membership, by=request.user)
                messages.success(request, f"{membership.user.email} has been removed.")
            else:
                services.membership_set_role(
                    membership=membership, role=self.action, by=request.user
                )
                messages.success(
                    request,
                    f"{membership.user.email} is now {Membership.Role(self.action).label.lower()}.",
                )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        if membership.user_id == request.user.id and self.action == "remove":
            return redirect("employers:dashboard")
        return redirect("employers:members", org=self.organisation.pk)


class InvitationAcceptView(TemplateView):
    template_name = "employers/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["invitation"] = services.invitation_from_token(self.kwargs["token"])
        except ValidationError as exc:
            context["problem"] = exc.messages[0]
        return context

    def post(self, request, *args, **kwargs):
        try:
            membership = services.invitation_accept(token=kwargs["token"], user=request.user)
        except ValidationError as exc:
            return self.render_to_response(
                {**self.get_context_data(**kwargs), "problem": exc.messages[0]}, status=400
            )
        messages.success(request, f"You are now a member of {membership.organisation.name}.")
        return redirect(
            f"{reverse('employers:dashboard')}?organisation={membership.organisation_id}"
        )


# -- Posting a vacancy ------------------------------------------------------------------------


def _living_wage_warning(vacancy: Vacancy) -> str:
    if vacancy.pay_min is None or not vacancy.hours_max or not vacancy.pay_period:
        return ""
    rate = LivingWageRate.objects.current()
    hourly = vacancy_hourly_min(vacancy)
    if rate is None or hourly is None or hourly >= rate:
        return ""
    return (
        f"This pay works out at £{hourly} an hour at its lowest, below the London Living Wage of "
        f"£{rate} an hour. Residents will see that the job does not pay the London Living Wage."
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
        try:
            vacancy_services.vacancy_update(
                vacancy=self.vacancy, by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
            return self.form_invalid(form)
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
                reverse("employers:vacancy_step", kwargs={"pk": self.vacancy.pk, "step": after.slug})
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
        return f"£{value:,.2f}"
    if name in ("hours_min", "hours_max", "guaranteed_hours"):
        return f"{value.normalize():f} hours a week"
    if name == "rota_weeks_ahead":
        return f"{value} weeks"
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
    from goodwork.models import SiteSettings

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
            _form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"'{self.vacancy.title}' now closes on {self.vacancy.closing_date:%-d %B %Y}.",
        )
        return redirect(self.dashboard_url())


class VacancyCopyView(VacancyMemberMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        copy = vacancy_services.vacancy_copy(vacancy=self.vacancy, by=request.user)
        messages.success(
            request,
            f"A copy of '{self.vacancy.title}' has been saved as a draft. "
            "Check it and set a new closing date.",
        )
        return redirect("employers:vacancy_step", pk=copy.pk, step="dates")


# -- The pledge ------------------------------------------------------------------------------


class PledgeView(OrganisationMemberMixin, FormView):
    template_name = "employers/pledge_detail.html"
    form_class = PledgeSignForm

    def post(self, request, *args, **kwargs):
        if self.organisation.pk not in roles_for(request.user).owner_of_ids:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pledge"] = (
            Pledge.objects.active()
            .filter(organisation=self.organisation)
            .select_related("version")
            .first()
        )
        context["version"] = (
            context["pledge"].version
            if context["pledge"]
            else (PledgeVersion.objects.filter(is_current=True).first())
        )
        context["checks"] = self.organisation.pledge_checks.order_by("-run_on")[:6]
        return context

    def form_valid(self, form):
        try:
            services.pledge_sign(
                organisation=self.organisation,
                by=self.request.user,
                signatory_name=form.cleaned_data["signatory_name"],
                signatory_role=form.cleaned_data["signatory_role"],
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{self.organisation.name} has signed the Fair Flexible Work pledge."
        )
        return redirect("employers:pledge", org=self.organisation.pk)


class PledgeWithdrawView(OrganisationMemberMixin, View):
    http_method_names = ["post"]
    owner_only = True

    def post(self, request, *args, **kwargs):
        pledge = get_object_or_404(Pledge.objects.active(), organisation=self.organisation)
        services.pledge_withdraw(pledge=pledge, by=request.user)
        messages.success(request, "Your organisation's pledge has been withdrawn.")
        return redirect("employers:pledge", org=self.organisation.pk)


class PledgeListView(ListView):
    template_name = "employers/pledge_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        return selectors.pledged_organisations()


class ProcurementExportView(LoginRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if not roles_for(request.user).is_council_admin:
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="fair-flexible-pledge-{timezone.localdate():%Y-%m-%d}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(PLEDGE_CSV_COLUMNS)
        for row in selectors.procurement_rows():
            status = row["latest_status"]
            reasons = "; ".join(
                f"{r['commitment']}. {r['reason']}"
                for r in (row["latest_results"] or [])
                if r.get("status") != "met"
            )
            writer.writerow(
                [
                    row["name"],
                    row["companies_house_number"],
                    row["sector"],
                    Organisation.SizeBand(row["size_band"]).label,
                    "yes" if row["living_wage_accredited"] else "no",
                    "yes" if row["suspended_at"] else "no",
                    row["pledge_signed_on"] or "",
                    row["pledge_version"] or "",
                    row["latest_check_on"] or "",
                    PledgeCheck.Status(status).label if status else "",
                    reasons,
                ]
            )
        return response
