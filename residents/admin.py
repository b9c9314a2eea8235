from django.contrib import admin

from goodwork.core.admin import AuditedAdminMixin
from residents.models import AlertDelivery, Resident, SavedSearch


@admin.register(Resident)
class ResidentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "ward", "created_at"]
    list_filter = ["ward"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user", "created_by"]
    exclude = ["health_condition"]

    def audit_resident(self, obj: Resident) -> Resident:
        return obj




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
