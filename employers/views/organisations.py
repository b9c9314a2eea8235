"""The dashboard, organisations, members and invitations."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView, View

from employers import selectors, services
from employers.forms import InvitationForm, OrganisationForm
from employers.models import Membership, Organisation, Pledge
from employers.views.access import OrganisationMemberMixin
from goodwork.core.access import SignedInRequiredMixin
from goodwork.core.forms import add_service_errors
from goodwork.core.roles import roles_for
from jobs.models import Vacancy

# -- Dashboard and organisations --------------------------------------------------------------


class DashboardView(SignedInRequiredMixin, TemplateView):
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


class OrganisationCreateView(SignedInRequiredMixin, FormView):
    template_name = "employers/organisation_form.html"
    form_class = OrganisationForm

    def form_valid(self, form):
        try:
            organisation = services.organisation_create(
                by=self.request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{organisation.name} has been set up. You can now post vacancies."
        )
        return redirect(f"{reverse('employers:dashboard')}?organisation={organisation.pk}")


class OrganisationUpdateView(OrganisationMemberMixin, FormView):
    template_name = "employers/organisation_form.html"
    form_class = OrganisationForm
    # The name, address and description the public and the council's procurement see.
    owner_only = True

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
    owner_only_methods = frozenset({"POST"})

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
            add_service_errors(form, exc)
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
