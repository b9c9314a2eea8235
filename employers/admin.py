from django.contrib import admin, messages
from django.urls import reverse
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
from goodwork.core.admin_actions import export_selected_as_csv


def run_pledge_check_now(model_admin: admin.ModelAdmin, request) -> None:
    try:
        pledge_checks_run_task.delay(triggered_by=f"admin: {request.user.email}")
    except Exception:  # the broker is down; tonight's scheduled run will still happen
        model_admin.message_user(
            request,
            "The pledge check could not be started. Try again in a few minutes.",
            messages.ERROR,
        )
        return
    model_admin.message_user(
        request,
        "The pledge check has started. Results appear under pledge checks.",
        messages.SUCCESS,
    )


class MembershipInline(admin.TabularInline):
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
        for organisation in queryset:
            services.organisation_suspend(
                organisation=organisation, reason="Suspended by the council."
            )
        self.message_user(request, f"{queryset.count()} organisations suspended.", messages.SUCCESS)

    @admin.action(description="Lift the suspension of the selected organisations")
    def unsuspend(self, request, queryset):
        for organisation in queryset:
            services.organisation_unsuspend(organisation=organisation)
        self.message_user(
            request, f"{queryset.count()} organisations no longer suspended.", messages.SUCCESS
        )


@admin.register(PledgeVersion)
class PledgeVersionAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "published_on",
        "min_flexible_share",
        "at_risk_margin",
        "min_rota_weeks",
        "is_current",
    ]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "version", "signatory_name", "signed_on", "withdrawn_at"]
    list_filter = ["version", "signed_on"]
    search_fields = ["organisation__name", "signatory_name"]
    raw_id_fields = ["organisation", "signed_by"]
    actions = ["run_pledge_check"]

    @admin.action(description="Run the pledge check now (all pledged organisations)")
    def run_pledge_check(self, request, queryset):
        run_pledge_check_now(self, request)


@admin.register(PledgeCheck)
class PledgeCheckAdmin(admin.ModelAdmin):
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
    actions = ["run_pledge_check", export_selected_as_csv]
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

    @admin.action(description="Run the pledge check now (all pledged organisations)")
    def run_pledge_check(self, request, queryset):
        run_pledge_check_now(self, request)


@admin.register(PledgeCheckRun)
class PledgeCheckRunAdmin(admin.ModelAdmin):
    list_display = ["run_on", "started_at", "finished_at", "organisations_checked", "triggered_by"]
    date_hierarchy = "run_on"

    def has_add_permission(self, request):
        return False
