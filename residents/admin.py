from django.contrib import admin

from goodwork.admin import AuditedAdminMixin
from goodwork.admin_actions import export_selected_as_csv
from residents.models import (
    CaseloadEntry,
    Coach,
    Consent,
    JobOutcome,
    Provider,
    Referral,
    Resident,
    SustainmentCheck,
)


class CoachInline(admin.TabularInline):
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
class CoachAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "job_title", "is_manager", "active"]
    list_filter = ["provider", "is_manager", "active"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Resident)
class ResidentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "ward", "created_at"]
    list_filter = ["ward"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user", "created_by"]
    exclude = ["health_condition"]

    def audit_resident(self, obj: Resident) -> Resident:
        return obj


from residents.models import AlertDelivery, SavedSearch  # noqa: E402


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = [
        "name", "frequency", "confirmed_at", "paused", "unsubscribed_at", "unsubscribe_reason",
    ]
    list_filter = ["frequency", "paused", "unsubscribe_reason"]
    search_fields = ["name", "email"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        "confirmed_at", "unsubscribed_at", "unsubscribe_reason", "last_used_at", "keep_asked_at",
    ]


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(admin.ModelAdmin):
    """The ledger is written by the matching and sending services only."""

    list_display = ["saved_search", "vacancy", "created_at", "sent_at", "sent_by"]
    list_filter = ["sent_at"]
    raw_id_fields = ["saved_search", "vacancy"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Coaching history is written by the portal's services, each with its audit row; the
    admin reads and filters it for monitoring and procurement, and changes none of it.
    Every record is about one resident, so each look at it is written to the audit log."""

    def audit_resident(self, obj) -> Resident:
        return obj.resident

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


@admin.register(JobOutcome)
class JobOutcomeAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "job_title", "employer_name", "provider", "start_date", "hourly_pay", "hours_per_week",
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
