from django.contrib import admin

from residents.models import Coach, Provider, Resident


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
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "ward", "created_at"]
    list_filter = ["ward"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user", "created_by"]
    exclude = ["health_condition"]


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
