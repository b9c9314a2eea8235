"""The Fair Flexible Work pledge, the public list of pledged employers, the procurement export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, ListView, View

from employers import selectors, services
from employers.forms import PledgeSignForm
from employers.models import Organisation, Pledge, PledgeCheck, PledgeVersion
from employers.views.access import OrganisationMemberMixin
from goodwork.core.access import CouncilAdminRequiredMixin
from goodwork.core.csvexport import csv_response
from goodwork.core.forms import add_service_errors
from jobs.choices import Sector

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


# -- The pledge ------------------------------------------------------------------------------


class PledgeView(OrganisationMemberMixin, FormView):
    template_name = "employers/pledge_detail.html"
    form_class = PledgeSignForm
    owner_only_methods = frozenset({"POST"})

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
            add_service_errors(form, exc)
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


class ProcurementExportView(CouncilAdminRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        return csv_response(
            filename=f"fair-flexible-pledge-{timezone.localdate():%Y-%m-%d}.csv",
            header=PLEDGE_CSV_COLUMNS,
            rows=[_procurement_row(row) for row in selectors.procurement_rows()],
        )


def _procurement_row(row: dict) -> list[object]:
    status = row["latest_status"]
    reasons = "; ".join(
        f"{r['commitment']}. {r['reason']}"
        for r in (row["latest_results"] or [])
        if r.get("status") != "met"
    )
    return [
        row["name"],
        row["companies_house_number"],
        dict(Sector.choices).get(row["sector"], row["sector"]),
        Organisation.SizeBand(row["size_band"]).label,
        bool(row["living_wage_accredited"]),
        row["suspended_at"] is not None,
        row["pledge_signed_on"],
        row["pledge_version"],
        row["latest_check_on"],
        PledgeCheck.Status(status).label if status else None,
        reasons,
    ]
