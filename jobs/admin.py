from django.contrib import admin

from jobs.models import LivingWageRate, Vacancy


@admin.register(LivingWageRate)
class LivingWageRateAdmin(admin.ModelAdmin):
    list_display = ["hourly_rate", "effective_from", "announced_on", "note"]
    date_hierarchy = "effective_from"


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "sector", "closing_date", "published_at", "pays_living_wage"]
    list_filter = ["status", "sector", "contract_type", "place", "pays_living_wage"]
    search_fields = ["title", "organisation__name"]
    date_hierarchy = "published_at"
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "created_by", "copied_from"]
    readonly_fields = ["pay_hourly_min", "pays_living_wage", "published_at", "submitted_at", "closed_at",
                       "alerts_matched_at", "view_count", "created_at", "updated_at"]
