"""Work coaches' pages and the resident's view of their plan. Every coach page needs a
session signed in with two factors and reaches residents only through visible_to()."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_filters.views import FilterView

from goodwork.core.access import (
    CoachRequiredMixin,
    ManagerRequiredMixin,
    ResidentRequiredMixin,
    SignedInRequiredMixin,
)
from goodwork.core.audit import audit_record
from goodwork.core.csvexport import csv_response
from goodwork.core.forms import add_service_errors
from goodwork.core.models import AuditEvent
from goodwork.core.roles import roles_for
from jobs.letters import FlexibleWorkingRequestForm, render_flexible_working_request
from residents.coaching import forms
from residents.coaching.models import (
    Action,
    Barrier,
    CaseNote,
    Consent,
    FlexibleWorkingRequest,
    JobOutcome,
    Provider,
    ProviderTransfer,
    Referral,
    SustainmentCheck,
)
from residents.coaching.selectors.caseload import (
    CaseloadFilter,
    acting_coach,
    caseload_search,
    entry_for,
    incoming_transfers,
    record_viewers,
    resident_plan,
    resident_record,
)
from residents.coaching.selectors.reports import (
    REPORT_CSV_HEADER,
    default_period,
    provider_report,
    report_csv_rows,
)
from residents.coaching.selectors.suggest import jobs_to_suggest
from residents.coaching.services import caseload as services
from residents.coaching.services import consent as consent_services
from residents.coaching.services import outcomes as outcome_services
from residents.coaching.services import plan as plan_services
from residents.coaching.services import referrals as referral_services
from residents.coaching.services import transfers as transfer_services
from residents.coaching.services.common import audit, consent_covers
from residents.models import Resident

ACTION_DONE_NOT_CHANGED = "“{action}” was marked as done on {day}, so it can no longer be changed."


def _first_error(error: ValidationError) -> str:
    return error.messages[0]


class CoachResidentMixin(CoachRequiredMixin):
    """A resident on a caseload this coach may see; everyone else's is a 404."""

    def role_granted(self) -> None:
        self.entry = entry_for(user=self.request.user, resident_id=self.kwargs["pk"])
        if self.entry is None:
            raise Http404
        self.resident = self.entry.resident
        self.coach = acting_coach(user=self.request.user, provider=self.entry.provider)

    def record_url(self) -> str:
        return reverse("coaching:record", kwargs={"pk": self.resident.pk})

    def scoped(self, model):
        """This resident's records of the entry's provider that the user may see."""
        return model.objects.visible_to(self.request.user).of_entry(self.entry)

    def consent_covers(self, scope: str) -> bool:
        return consent_covers(resident=self.resident, provider=self.entry.provider, scope=scope)

    def get_success_url(self) -> str:
        return self.record_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("resident", self.resident)
        kwargs.setdefault("entry", self.entry)
        return super().get_context_data(**kwargs)


class CoachFormView(CoachResidentMixin, FormView):
    """A form that records something on the resident's record. ``records`` is the model it
    adds to: the form is only offered where the consent covers that kind of record."""

    success_message = ""
    records: type | None = None

    def get_form(self, form_class=None):
        if self.records is not None and not self.consent_covers(self.records.consent_scope):
            raise PermissionDenied
        return super().get_form(form_class)

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            form.add_error(None, _first_error(error))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid_with(self, form, error: ValidationError):
        add_service_errors(form, error)
        return self.form_invalid(form)


class CoachPostView(CoachResidentMixin, View):
    """A button on the record page: POST only, then back to the record."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            text = self.perform()
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(self.get_success_url())


# -- Caseload ---------------------------------------------------------------------------------


class CaseloadView(CoachRequiredMixin, FilterView):
    template_name = "coaching/caseload_list.html"
    filterset_class = CaseloadFilter
    paginate_by = 50

    def get_filterset(self, filterset_class):
        return caseload_search(user=self.request.user, params=self.request.GET)

    def get_context_data(self, **kwargs):
        roles = roles_for(self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            today=timezone.localdate(),
            is_manager=bool(roles.manager_provider_ids),
            incoming=incoming_transfers(user=self.request.user),
            barrier_choices=forms.BarrierKind.choices,
            export_query=query.urlencode(),
            **kwargs,
        )
        services.caseload_seen(
            viewer=self.request.user,
            entries=context["object_list"],
            how="Listed on the caseload page",
        )
        return context


class CaseloadExportView(CoachRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = caseload_search(user=request.user, params=request.GET).qs
        barrier_labels = dict(forms.BarrierKind.choices)
        rows = [
            [
                entry.resident.full_name,
                entry.provider.name,
                entry.coach.user.display_name,
                entry.get_status_display(),
                [barrier_labels.get(k, k) for k in entry.open_barriers or []],
                entry.resident.get_ward_display(),
                entry.last_contact,
                entry.next_action_due,
                bool(entry.is_overdue),
            ]
            for entry in entries
        ]
        count = len(rows)
        response = csv_response(
            filename=f"caseload-{timezone.localdate():%Y-%m-%d}.csv",
            header=[
                "Name",
                "Provider",
                "Work coach",
                "Status",
                "Barriers",
                "Ward",
                "Last contact",
                "Next action due",
                "Overdue",
            ],
            rows=rows,
        )
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            subject=request.user,
            detail=f"Caseload exported as CSV: {count} residents",
        )
        services.caseload_seen(
            viewer=request.user, entries=entries, how="In a caseload download (CSV)"
        )
        return response


class ResidentAddView(CoachRequiredMixin, FormView):
    template_name = "coaching/resident_add.html"
    form_class = forms.ResidentAddForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET":
            kwargs["initial"] = {"shares": ["profile", "plan"]}
        return kwargs

    def form_valid(self, form):
        roles = roles_for(self.request.user)
        coach = (
            self.request.user.coach_roles.filter(active=True)
            .select_related("provider", "user")
            .order_by("pk")
            .first()
        )
        if coach is None or not roles.is_coach:
            raise PermissionDenied
        data = form.cleaned_data
        entry = services.caseload_add_resident(
            coach=coach,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            ward=data["ward"],
            goals=data["goals"],
            barriers=data["barriers"],
            consent_method=data["method"],
            **form.consent_kwargs(),
        )
        messages.success(self.request, f"{entry.resident.full_name} added to your caseload.")
        return HttpResponseRedirect(reverse("coaching:record", kwargs={"pk": entry.resident_id}))


class ReportPeriodMixin(ManagerRequiredMixin):
    """The providers the user manages, and the period asked for in the query string (this
    month and the two before it, unless another is asked for)."""

    def period_form(self) -> forms.ReportPeriodForm:
        start, end = default_period()
        asked = any(key.startswith(("start_", "end_")) for key in self.request.GET)
        if not asked:
            form = forms.ReportPeriodForm(initial={"start": start, "end": end})
            form.period = (start, end)
            return form
        form = forms.ReportPeriodForm(self.request.GET)
        form.period = (
            (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else None
        )
        return form

    def managed_providers(self):
        manages = roles_for(self.request.user).manager_provider_ids
        return Provider.objects.filter(pk__in=manages).order_by("name")

    def reports(self, start, end) -> list[tuple[Provider, dict]]:
        return [
            (p, provider_report(provider=p, start=start, end=end))
            for p in self.managed_providers()
        ]


class ManagerReportView(ReportPeriodMixin, TemplateView):
    template_name = "coaching/report.html"

    def get_context_data(self, **kwargs):
        form = self.period_form()
        reports = self.reports(*form.period) if form.period else []
        return super().get_context_data(
            form=form,
            period=form.period,
            reports=reports,
            export_query=self.request.GET.urlencode(),
            **kwargs,
        )


class ManagerReportExportView(ReportPeriodMixin, View):
    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form()
        if form.period is None:
            # The report page says what is wrong with the dates.
            query = request.GET.urlencode()
            return HttpResponseRedirect(f"{reverse('coaching:report')}?{query}")
        start, end = form.period
        reports = self.reports(start, end)
        rows = [row for provider, report in reports for row in report_csv_rows(provider, report)]
        response = csv_response(
            filename=f"caseload-report-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv",
            header=REPORT_CSV_HEADER,
            rows=rows,
        )
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            subject=request.user,
            detail=(
                f"Caseload report exported as CSV: {start:%Y-%m-%d} to {end:%Y-%m-%d}, "
                f"{len(rows)} rows"
            ),
        )
        return response


# -- The resident record ----------------------------------------------------------------------


class ResidentRecordView(CoachResidentMixin, TemplateView):
    template_name = "coaching/record.html"

    def get(self, request, *args, **kwargs):
        services.resident_record_view(resident=self.resident, viewer=self.coach or request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **resident_record(entry=self.entry, user=self.request.user),
            today=timezone.localdate(),
            **kwargs,
        )


class CaseNoteCreateView(CoachFormView):
    records = CaseNote
    template_name = "coaching/form.html"
    form_class = forms.CaseNoteForm
    success_message = "Note added."
    extra_context = {"title": "Add a note of contact", "submit": "Save note"}

    def perform(self, form):
        services.case_note_create(resident=self.resident, coach=self.coach, **form.cleaned_data)


class ActionCreateView(CoachFormView):
    records = Action
    template_name = "coaching/form.html"
    form_class = forms.ActionForm
    success_message = "Action added to the plan."
    extra_context = {"title": "Agree an action", "submit": "Add action"}

    def perform(self, form):
        plan_services.action_create(resident=self.resident, coach=self.coach, **form.cleaned_data)


class ActionEditView(CoachFormView):
    records = Action
    template_name = "coaching/form.html"
    form_class = forms.ActionForm
    success_message = "Action changed."
    extra_context = {"title": "Change an action", "submit": "Save action"}

    def get_action(self) -> Action:
        if not hasattr(self, "action"):
            self.action = get_object_or_404(self.scoped(Action), pk=self.kwargs["action_pk"])
        return self.action

    def get(self, request, *args, **kwargs):
        return self.done_already() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.done_already() or super().post(request, *args, **kwargs)

    def done_already(self) -> HttpResponse | None:
        """A done action stays as it was done. A link to change it, opened after it was marked
        as done (by the resident, say), leads back to the record, saying why."""
        if not self.consent_covers(Action.consent_scope):
            raise PermissionDenied
        action = self.get_action()
        if action.completed_at is None:
            return None
        messages.info(
            self.request,
            ACTION_DONE_NOT_CHANGED.format(
                action=action.description,
                day=f"{timezone.localtime(action.completed_at):%-d %B %Y}",
            ),
        )
        return HttpResponseRedirect(self.record_url())

    def get_initial(self):
        action = self.get_action()
        return {"description": action.description, "owner": action.owner, "due_on": action.due_on}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "saved_due_on": self.get_action().due_on}

    def perform(self, form):
        plan_services.action_update(action=self.get_action(), coach=self.coach, **form.cleaned_data)


class ActionCompleteByCoachView(CoachPostView):
    def perform(self) -> str:
        action = get_object_or_404(self.scoped(Action), pk=self.kwargs["action_pk"])
        plan_services.action_complete(action=action, by=self.request.user)
        return "Action marked as done."


class BarrierCreateView(CoachFormView):
    records = Barrier
    template_name = "coaching/form.html"
    form_class = forms.BarrierForm
    success_message = "Barrier recorded."
    extra_context = {"title": "Record a barrier to work", "submit": "Save barrier"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sensitive": self.consent_covers("shares_health")}

    def perform(self, form):
        plan_services.barrier_record(resident=self.resident, coach=self.coach, **form.cleaned_data)


class BarrierResolveView(CoachPostView):
    def perform(self) -> str:
        barrier = get_object_or_404(
            self.scoped(Barrier), pk=self.kwargs["barrier_pk"], resolved_on__isnull=True
        )
        plan_services.barrier_resolve(barrier=barrier, coach=self.coach)
        return f"{barrier.get_kind_display()} marked as no longer a barrier."


class StatusChangeView(CoachFormView):
    template_name = "coaching/form.html"
    form_class = forms.StatusForm
    success_message = "Status changed."
    extra_context = {"title": "Change status", "submit": "Change status"}

    def get_initial(self):
        return {"status": self.entry.status}

    def perform(self, form):
        services.caseload_status_change(
            entry=self.entry, coach=self.coach, status=form.cleaned_data["status"]
        )




class ReferralCreateView(CoachFormView):
    """Suggest a job: search the live vacancies (a GET form), best fit first, and suggest one
    with its own button."""

    records = Referral
    template_name = "coaching/referral_search.html"
    form_class = forms.ReferralForm
    success_message = "Job suggested to the resident."

    def get_context_data(self, **kwargs):
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        search = forms.JobSearchForm({"q": params.get("q", "")})
        keywords = search.cleaned_data["q"] if search.is_valid() else ""
        return super().get_context_data(
            search=search,
            suggestions=jobs_to_suggest(
                entry=self.entry,
                user=self.request.user,
                keywords=keywords,
                page=self.request.GET.get("page", 1),
            ),
            **kwargs,
        )

    def perform(self, form):
        referral_services.referral_create(
            resident=self.resident, coach=self.coach, **form.cleaned_data
        )


class ReferralStatusView(CoachPostView):
    def perform(self) -> str:
        referral = get_object_or_404(self.scoped(Referral), pk=self.kwargs["referral_pk"])
        form = forms.ReferralStatusForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(forms.STATUS_MISSING)
        referral = referral_services.referral_update_status(
            referral=referral, coach=self.coach, status=form.cleaned_data["status"]
        )
        return f"Referral status is now {referral.get_status_display().lower()}."


class InviteView(CoachPostView):
    def perform(self) -> str:
        services.resident_invite(resident=self.resident, coach=self.coach)
        return f"Invitation sent to {self.resident.email}."


class ConsentWithdrawByCoachView(CoachPostView):
    def perform(self) -> str:
        consent = Consent.objects.current().get(
            resident=self.resident, provider=self.entry.provider
        )
        consent_services.consent_withdraw(consent=consent, by=self.request.user)
        return (
            f"Consent withdrawn. {self.resident.full_name} is no longer "
            "on your provider's caseloads."
        )

    def get_success_url(self) -> str:
        return reverse("coaching:caseload")


class TransferView(CoachFormView):
    template_name = "coaching/form.html"
    form_class = forms.TransferForm
    extra_context = {"title": "Transfer to another work coach", "submit": "Transfer"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entry": self.entry}

    def perform(self, form):
        self.new_entry = services.resident_transfer(
            entry=self.entry, by=self.request.user, **form.cleaned_data
        )
        messages.success(
            self.request, f"{self.resident.full_name} transferred to {self.new_entry.coach}."
        )

    def get_success_url(self) -> str:
        # The coach may no longer see the resident after a transfer.
        return reverse("coaching:caseload")


class TransferProposeView(CoachFormView):
    template_name = "coaching/form.html"
    form_class = forms.TransferProposeForm
    extra_context = {"title": "Suggest a move to another provider", "submit": "Suggest the move"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entry": self.entry}

    def perform(self, form):
        if self.coach is None:
            raise PermissionDenied
        transfer = transfer_services.transfer_propose(
            entry=self.entry, coach=self.coach, **form.cleaned_data
        )
        messages.success(
            self.request,
            f"Move to {transfer.to_provider} suggested. {self.resident.full_name} stays on your "
            "caseload until they agree.",
        )


class TransferCancelView(CoachPostView):
    def perform(self) -> str:
        transfer = get_object_or_404(
            ProviderTransfer.objects.visible_to(self.request.user).pending(),
            pk=self.kwargs["transfer_pk"],
            resident=self.resident,
            from_provider=self.entry.provider,
        )
        transfer_services.transfer_cancel(transfer=transfer, by=self.request.user)
        return f"Move to {transfer.to_provider} cancelled."


class IncomingTransferView(CoachRequiredMixin, FormView):
    """A coach of the receiving provider records that the resident agreed to the move."""

    template_name = "coaching/transfer_agree.html"
    form_class = forms.TransferAgreeByCoachForm

    def role_granted(self) -> None:
        self.transfer = get_object_or_404(
            incoming_transfers(user=self.request.user), pk=self.kwargs["transfer_pk"]
        )
        self.coach = acting_coach(user=self.request.user, provider=self.transfer.to_provider)

    def get_initial(self):
        return {"shares": ["profile", "plan"]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(transfer=self.transfer, **kwargs)

    def form_valid(self, form):
        try:
            entry = transfer_services.transfer_agree(
                transfer=self.transfer,
                by=self.request.user,
                coach=self.coach,
                method=form.cleaned_data["method"],
                **form.consent_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, _first_error(error))
            return self.form_invalid(form)
        messages.success(self.request, f"{entry.resident.full_name} is now on your caseload.")
        return HttpResponseRedirect(reverse("coaching:record", kwargs={"pk": entry.resident_id}))


class JobOutcomeCreateView(CoachFormView):
    records = JobOutcome
    template_name = "coaching/form.html"
    form_class = forms.JobOutcomeForm
    extra_context = {"title": "Record a job start", "submit": "Save job start"}
    outcome: JobOutcome | None = None

    def referrals(self):
        """The resident's referrals at the provider not yet linked to another job start."""
        linked = Q(job_outcome__isnull=True)
        if self.outcome is not None:
            linked |= Q(job_outcome=self.outcome)
        return (
            self.scoped(Referral)
            .filter(linked)
            .select_related("vacancy__organisation")
            .order_by("-created_at")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referrals": self.referrals()}

    def perform(self, form):
        before = self.entry.get_status_display()
        outcome_services.job_outcome_record(
            resident=self.resident, coach=self.coach, **form.cleaned_data
        )
        self.entry.refresh_from_db(fields=["status", "status_changed_at"])
        after = self.entry.get_status_display()
        text = "Job start recorded."
        if after != before:
            text += f" Status changed from {before.lower()} to {after.lower()}."
        messages.success(self.request, text)

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            return self.form_invalid_with(form, error)
        return HttpResponseRedirect(self.get_success_url())


class JobOutcomeEditView(JobOutcomeCreateView):
    extra_context = {"title": "Change a job start", "submit": "Save job start"}

    def role_granted(self) -> None:
        super().role_granted()
        self.outcome = get_object_or_404(self.scoped(JobOutcome), pk=self.kwargs["outcome_pk"])

    def get_initial(self):
        outcome = self.outcome
        assert outcome is not None
        initial = {
            name: getattr(outcome, name)
            for name in (
                "start_date",
                "employer_name",
                "job_title",
                "hours_per_week",
                "hourly_pay",
                "contract_type",
                "flexible_options",
            )
        }
        # 30.0 hours was typed as 30: shown as it was typed.
        initial["hours_per_week"] = f"{outcome.hours_per_week.normalize():f}"
        initial["referral"] = (
            str(outcome.referral_id) if outcome.referral_id else forms.FOUND_ELSEWHERE
        )
        return initial

    def perform(self, form):
        assert self.outcome is not None
        outcome_services.job_outcome_update(
            outcome=self.outcome, coach=self.coach, **form.cleaned_data
        )
        messages.success(self.request, "Job start changed.")


class SustainmentRecordView(CoachFormView):
    records = SustainmentCheck
    template_name = "coaching/form.html"
    form_class = forms.SustainmentForm
    success_message = "Check recorded."

    def get_context_data(self, **kwargs):
        check = self.get_check()
        return super().get_context_data(
            title=f"{check.name}: {check.job_outcome}",
            submit="Save check",
            **kwargs,
        )

    def get_check(self) -> SustainmentCheck:
        return get_object_or_404(
            self.scoped(SustainmentCheck).select_related("job_outcome"), pk=self.kwargs["check_pk"]
        )

    def perform(self, form):
        data = form.cleaned_data
        still = data["still_in_work"] == "yes"
        outcome_services.sustainment_check_record(
            check=self.get_check(),
            coach=self.coach,
            still_in_work=still,
            hours_per_week=data["hours_per_week"] if still else None,
            hourly_pay=data["hourly_pay"] if still else None,
        )


class FlexibleWorkingRequestCreateView(CoachFormView):
    records = FlexibleWorkingRequest
    template_name = "coaching/form.html"
    form_class = FlexibleWorkingRequestForm
    extra_context = {"title": "Prepare a flexible working request", "submit": "Save the letter"}

    def get_initial(self):
        return {"full_name": self.resident.full_name}

    def perform(self, form):
        letter = render_flexible_working_request(form.cleaned_data)
        self.saved = plan_services.flexible_working_request_create(
            resident=self.resident,
            coach=self.coach,
            data=form.cleaned_data,
            letter=letter,
        )

    def get_success_url(self) -> str:
        return reverse(
            "coaching:flexible_request",
            kwargs={"pk": self.resident.pk, "request_pk": self.saved.pk},
        )


class FlexibleWorkingRequestDetailView(CoachResidentMixin, TemplateView):
    template_name = "coaching/flexible_request.html"

    def get_context_data(self, **kwargs):
        request = get_object_or_404(
            self.scoped(FlexibleWorkingRequest).select_related("prepared_by__user"),
            pk=self.kwargs["request_pk"],
        )
        audit(
            self.coach or self.request.user,
            AuditEvent.Action.VIEW,
            request,
            self.resident,
            "Opened a flexible working request",
        )
        return super().get_context_data(flexible_request=request, **kwargs)


# -- The resident's own pages -----------------------------------------------------------------


class ResidentPageMixin(ResidentRequiredMixin):
    def role_granted(self) -> None:
        self.resident = Resident.objects.get(user=self.request.user)


class PlanView(ResidentPageMixin, TemplateView):
    template_name = "residents/plan.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resident=self.resident,
            today=timezone.localdate(),
            **resident_plan(resident=self.resident),
            **kwargs,
        )


class ResidentPostView(ResidentPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            text = self.perform()
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(reverse("coaching:plan"))


class PlanActionDoneView(ResidentPostView):
    def perform(self) -> str:
        action = get_object_or_404(
            Action.objects.shared_with(self.resident),
            pk=self.kwargs["action_pk"],
            owner=Action.Owner.RESIDENT,
        )
        plan_services.action_complete(action=action, by=self.request.user)
        return f"Done: {action.description}"


class PlanReferralRespondView(ResidentPostView):
    def perform(self) -> str:
        shared = (
            Consent.objects.current()
            .filter(resident=self.resident, shares_plan=True)
            .values("provider_id")
        )
        referral = get_object_or_404(
            Referral, pk=self.kwargs["referral_pk"], resident=self.resident, provider__in=shared
        )
        form = forms.ReferralResponseForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(forms.RESPONSE_MISSING)
        referral = referral_services.referral_respond(
            referral=referral, by=self.request.user, **form.cleaned_data
        )
        return (
            f"Thank you. We have told your work coach: {referral.get_response_display().lower()}."
        )


class ConsentWithdrawView(ResidentPostView):
    def perform(self) -> str:
        consent = get_object_or_404(
            Consent.objects.current(), pk=self.kwargs["consent_pk"], resident=self.resident
        )
        consent_services.consent_withdraw(consent=consent, by=self.request.user)
        return f"{consent.provider} can no longer see your record."


class PlanTransferView(ResidentPageMixin, FormView):
    """The resident says yes (choosing what the new provider may see) or no to a move."""

    template_name = "residents/transfer.html"
    form_class = forms.TransferAnswerForm

    def get_transfer(self) -> ProviderTransfer:
        return get_object_or_404(
            ProviderTransfer.objects.for_resident_user(self.request.user)
            .pending()
            .select_related("from_provider", "to_provider", "from_coach__user"),
            pk=self.kwargs["transfer_pk"],
        )

    def get_initial(self):
        return {"shares": ["profile", "plan"]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(transfer=self.get_transfer(), **kwargs)

    def form_valid(self, form):
        transfer = self.get_transfer()
        try:
            if form.cleaned_data["answer"] == "yes":
                entry = transfer_services.transfer_agree(
                    transfer=transfer, by=self.request.user, **form.consent_kwargs()
                )
                text = (
                    f"{entry.provider} will be in touch. {transfer.from_provider} can no longer "
                    "see your record."
                )
            else:
                transfer_services.transfer_decline(transfer=transfer, by=self.request.user)
                text = f"Thank you. You stay with {transfer.from_provider}."
        except ValidationError as error:
            form.add_error(None, _first_error(error))
            return self.form_invalid(form)
        messages.success(self.request, text)
        return HttpResponseRedirect(reverse("coaching:plan"))


class RecordViewsView(ResidentPageMixin, ListView):
    template_name = "residents/record_views.html"
    paginate_by = 50
    context_object_name = "events"

    def get_queryset(self):
        return record_viewers(resident=self.resident)


class SupportRequestView(ResidentPageMixin, FormView):
    template_name = "residents/support_request.html"
    form_class = forms.SupportRequestForm

    def get_initial(self):
        return {"shares": ["profile", "plan"]}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = services.resident_request_support(
                resident=self.resident,
                provider=data["provider"],
                goals=data["goals"],
                **form.consent_kwargs(),
            )
        except ValidationError as error:
            form.add_error("provider", _first_error(error))
            return self.form_invalid(form)
        messages.success(self.request, f"{entry.provider} will be in touch.")
        return HttpResponseRedirect(reverse("coaching:plan"))


class ClaimView(SignedInRequiredMixin, TemplateView):
    template_name = "residents/claim.html"

    def get_context_data(self, **kwargs):
        try:
            resident = services.resident_for_invite(self.kwargs["token"])
        except ValidationError as error:
            return super().get_context_data(error=_first_error(error), **kwargs)
        if not services.invite_is_for(resident, self.request.user):
            return super().get_context_data(error=services.INVITE_FOR_ANOTHER_ADDRESS, **kwargs)
        return super().get_context_data(invited=resident, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.resident_claim(token=self.kwargs["token"], user=request.user)
        except ValidationError as error:
            messages.error(request, _first_error(error))
            return HttpResponseRedirect(request.path)
        messages.success(request, "Your record is now linked to your account.")
        return HttpResponseRedirect(reverse("coaching:plan"))
