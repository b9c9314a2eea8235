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
