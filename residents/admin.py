from django.contrib import admin

from goodwork.core.admin import GovukDatesAdminMixin
from goodwork.core.admin_audit import AuditedAdminMixin
from residents.models import AlertDelivery, Resident, SavedSearch


@admin.register(Resident)
class ResidentAdmin(GovukDatesAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    audit_resident_path = "pk"
    list_display = ["full_name", "ward", "created_at"]
    list_filter = ["ward"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user", "created_by"]
    exclude = ["health_condition"]


@admin.register(SavedSearch)
class SavedSearchAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # An alert sent to an address with no account belongs to no resident record.
    audit_resident_path = "owner__resident"
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
class AlertDeliveryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The ledger is written by the matching and sending services only. It says which jobs were
    sent to whom, so it is personal data while its saved search lasts."""

    audit_resident_path = "saved_search__owner__resident"

    list_display = ["saved_search", "vacancy", "created_at", "sent_at", "sent_by"]
    list_filter = ["sent_at"]
    raw_id_fields = ["saved_search", "vacancy"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
