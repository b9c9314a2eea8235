from django.contrib import admin

from goodwork.core.admin_actions import CsvExportAdminMixin, export_selected_as_csv
from goodwork.core.admin_audit import AuditedAdminMixin
from goodwork.core.templatetags.govuk import hours, pounds
from jobs.choices import TimeOption
from residents.coaching.models import (
    CaseloadEntry,
    Coach,
    Consent,
    JobOutcome,
    Provider,
    Referral,
    SustainmentCheck,
)


# Stacked, not tabular: each box has its own label, and a coach's row reflows on a phone.
class CoachInline(admin.StackedInline):
    model = Coach
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "accepts_self_referrals"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [CoachInline]


@admin.register(Coach)
class CoachAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A work coach's post: about a person, though not a resident."""

    list_display = ["user", "provider", "job_title", "is_manager", "active"]
    list_filter = ["provider", "is_manager", "active"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


class ReadOnlyHistoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Coaching history is written by the portal's services, each with its audit row; the
    admin reads and filters it for monitoring and procurement, and changes none of it.
    Every record is about one resident, so each look at it is written to the audit log.

    The change pages name no fields, so a field a model gains later is shown there, read-only,
    with no change here; a record whose resident was erased is audited as about no one."""

    audit_resident_path = "resident"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseloadEntry)
class CaseloadEntryAdmin(ReadOnlyHistoryAdmin):
    list_display = ["resident", "coach", "provider", "status", "started_at", "ended_at"]
    list_filter = ["provider", "status", "started_at"]
    list_select_related = ["resident", "coach__user", "coach__provider", "provider"]
    search_fields = ["resident__first_name", "resident__last_name", "coach__user__email"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "resident", "provider", "shares_profile", "shares_health", "shares_plan",
        "given_at", "withdrawn_at",
    ]
    list_filter = ["provider", "shares_health", "given_at"]
    list_select_related = ["resident", "provider"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyHistoryAdmin):
    list_display = ["vacancy", "provider", "status", "response", "created_at"]
    list_filter = ["status", "provider", "created_at"]
    list_select_related = ["vacancy", "provider"]


class SustainmentCheckInline(admin.TabularInline):
    model = SustainmentCheck
    extra = 0
    can_delete = False
    readonly_fields = [
        "weeks", "due_on", "reminder_sent_at", "recorded_at",
        "still_in_work", "hours_per_week", "hourly_pay",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


# Money and hours as the rest of the admin shows them: "£15.00", "24 hours".
SHOWN_AS = {
    "hourly_pay": "pay_an_hour",
    "hours_per_week": "hours_a_week",
    "living_wage_rate": "living_wage_rate_then",
    "flexible_options": "flexible_options_offered",
}


@admin.register(JobOutcome)
class JobOutcomeAdmin(CsvExportAdminMixin, ReadOnlyHistoryAdmin):
    list_display = [
        "job_title", "employer_name", "provider", "start_date", "pay_an_hour", "hours_a_week",
        "below_living_wage", "fewer_hours_than_wanted",
    ]
    list_filter = [
        "provider", "below_living_wage", "fewer_hours_than_wanted", "contract_type", "start_date",
    ]
    list_select_related = ["provider"]
    inlines = [SustainmentCheckInline]
    # For procurement: the job and its terms, not who started it.
    actions = [export_selected_as_csv]
    csv_export_fields = [
        "job_title", "employer_name", "provider", "start_date", "contract_type",
        "hourly_pay", "hours_per_week", "living_wage_rate", "below_living_wage",
        "fewer_hours_than_wanted", "flexible_options",
    ]

    def get_fields(self, request, obj=None):
        return [SHOWN_AS.get(name, name) for name in super().get_fields(request, obj)]

    @admin.display(description="hourly pay", ordering="hourly_pay")
    def pay_an_hour(self, obj: JobOutcome) -> str:
        return pounds(obj.hourly_pay) if obj.hourly_pay is not None else "-"

    @admin.display(description="hours a week", ordering="hours_per_week")
    def hours_a_week(self, obj: JobOutcome) -> str:
        return hours(obj.hours_per_week) if obj.hours_per_week is not None else "-"

    @admin.display(description="London Living Wage when the job started")
    def living_wage_rate_then(self, obj: JobOutcome) -> str:
        return pounds(obj.living_wage_rate) if obj.living_wage_rate is not None else "-"

    @admin.display(description="flexible options")
    def flexible_options_offered(self, obj: JobOutcome) -> str:
        labels = dict(TimeOption.choices)
        return ", ".join(str(labels.get(o, o)) for o in obj.flexible_options) or "None"
