from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from employers import services
from employers.models import (
    Membership,
    Organisation,
    Pledge,
    PledgeCheck,
    PledgeCheckRun,
    PledgeVersion,
)
from employers.tasks import pledge_checks_run_task
from goodwork.core.admin import GovukDatesAdminMixin
from goodwork.core.admin_actions import CsvExportAdminMixin, export_selected_as_csv
from goodwork.core.audit import audit_write
from goodwork.core.models import AuditEvent

PLEDGE_CHECK_QUEUED = (
    "The pledge check has been queued for {count} {organisations} with a signed pledge. "
    "Results appear under pledge checks when it has run."
)
PLEDGE_CHECK_NOT_STARTED = "The pledge check could not be started. Try again in a few minutes."


class RunPledgeCheckMixin:
    """A "Run the pledge check now" button on the list page. The check covers every organisation
    with a signed pledge, so it needs no rows ticked: it posts (with its CSRF token) to
    ``<list>/run-pledge-check/``, which queues the same task the nightly schedule runs."""

    def get_urls(self):
        opts = self.model._meta
        run = path(
            "run-pledge-check/",
            self.admin_site.admin_view(self.run_pledge_check_view),
            name=f"{opts.app_label}_{opts.model_name}_run_pledge_check",
        )
        return [run, *super().get_urls()]

    def _url(self, view: str) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}")

    def changelist_view(self, request, extra_context=None):
        tools = list((extra_context or {}).get("list_tools", []))
        if request.user.has_perm("employers.add_pledgecheckrun"):
            tools.append(
                {"url": self._url("run_pledge_check"), "label": "Run the pledge check now"}
            )
        extra_context = {**(extra_context or {}), "list_tools": tools}
        return super().changelist_view(request, extra_context)

    def run_pledge_check_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("employers.add_pledgecheckrun"):
            raise PermissionDenied
        count = Pledge.objects.active().count()
        try:
            pledge_checks_run_task.delay(triggered_by=f"admin: {request.user.email}")
        except Exception:  # the broker is down; tonight's scheduled run will still happen
            self.message_user(request, PLEDGE_CHECK_NOT_STARTED, messages.ERROR)
        else:
            audit_write(
                actor=request.user,
                action=AuditEvent.Action.CREATE,
                subject_type=PledgeCheckRun._meta.label_lower,
                subject_id="run-now",
                detail=f"Queued the pledge check for {_organisations(count)} with a signed pledge",
            )
            organisations = "organisation" if count == 1 else "organisations"
            self.message_user(
                request,
                PLEDGE_CHECK_QUEUED.format(count=count, organisations=organisations),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("changelist"))


def _organisations(count: int) -> str:
    return f"{count} organisation{'' if count == 1 else 's'}"


# Stacked, not tabular: each box has its own label, and a member's row reflows on a phone.
class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class SuspendedFilter(admin.SimpleListFilter):
    title = "suspended"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Suspended"), ("no", "Not suspended")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(suspended_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(suspended_at__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "ward", "living_wage_accredited", "suspended_at"]
    list_filter = [
        SuspendedFilter,
        "sector",
        "size_band",
        "living_wage_accredited",
        "disability_confident",
    ]
    search_fields = ["name", "companies_house_number"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at", "updated_at", "suspended_at"]
    actions = ["suspend", "unsuspend"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "procurement_export_url": reverse("employers:procurement_export"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description="Suspend the selected organisations (their vacancies leave search)")
    def suspend(self, request, queryset):
        count = 0
        for organisation in queryset:
            count += 1
            services.organisation_suspend(
                organisation=organisation, reason="Suspended by the council."
            )
        self.message_user(request, f"{_organisations(count)} suspended.", messages.SUCCESS)

    @admin.action(description="Lift the suspension of the selected organisations")
    def unsuspend(self, request, queryset):
        count = 0
        for organisation in queryset:
            count += 1
            services.organisation_unsuspend(organisation=organisation)
        self.message_user(
            request, f"{_organisations(count)} no longer suspended.", messages.SUCCESS
        )


@admin.register(PledgeVersion)
class PledgeVersionAdmin(GovukDatesAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "published_on",
        "min_flexible_share",
        "at_risk_margin",
        "min_rota_weeks",
        "is_current",
    ]


@admin.register(Pledge)
class PledgeAdmin(RunPledgeCheckMixin, GovukDatesAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "version", "signatory_name", "signed_on", "withdrawn_at"]
    list_filter = ["version", "signed_on"]
    search_fields = ["organisation__name", "signatory_name"]
    raw_id_fields = ["organisation", "signed_by"]


@admin.register(PledgeCheck)
class PledgeCheckAdmin(RunPledgeCheckMixin, CsvExportAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "run_on", "status", "vacancies_checked", "checked_at"]
    list_filter = ["status", "run_on", "pledge__version"]
    search_fields = ["organisation__name"]
    date_hierarchy = "run_on"
    list_select_related = ["organisation"]
    readonly_fields = [
        "organisation",
        "pledge",
        "run_on",
        "status",
        "vacancies_checked",
        "reasons",
        "checked_at",
    ]
    exclude = ["results"]
    actions = [export_selected_as_csv]
    csv_export_fields = ["organisation", "run_on", "status", "vacancies_checked", "checked_at"]

    @admin.display(description="reasons")
    def reasons(self, obj):
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{}: {} Vacancies: {}</li>",
                (
                    (
                        PledgeCheck.Status(r["status"]).label,
                        r["reason"],
                        ", ".join(f"{v['title']} (#{v['id']})" for v in r.get("vacancies", []))
                        or "none",
                    )
                    for r in obj.results
                ),
            ),
        )

    def has_add_permission(self, request):
        return False


@admin.register(PledgeCheckRun)
class PledgeCheckRunAdmin(RunPledgeCheckMixin, admin.ModelAdmin):
    list_display = ["run_on", "started_at", "finished_at", "organisations_checked", "started_by"]
    date_hierarchy = "run_on"

    @admin.display(description="started by", ordering="triggered_by")
    def started_by(self, obj: PledgeCheckRun) -> str:
        if obj.triggered_by == "schedule":
            return "The nightly schedule"
        if obj.triggered_by.startswith("admin: "):
            return f"A council officer ({obj.triggered_by.removeprefix('admin: ')})"
        return obj.triggered_by

    # A run is the portal's record of what the nightly check did: officers read it, and start a
    # new one with the button, but never rewrite one.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
