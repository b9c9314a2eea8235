from django.contrib import admin

from employers.models import Membership, Organisation, Pledge, PledgeCheck, PledgeVersion


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_band", "ward", "living_wage_accredited", "suspended_at"]
    list_filter = ["sector", "size_band", "living_wage_accredited", "disability_confident"]
    search_fields = ["name", "companies_house_number"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(PledgeVersion)
class PledgeVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "published_on", "min_flexible_share", "min_rota_weeks", "is_current"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "version", "signatory_name", "signed_on", "withdrawn_at"]
    list_filter = ["version", "signed_on"]
    search_fields = ["organisation__name", "signatory_name"]
    raw_id_fields = ["organisation", "signed_by"]


@admin.register(PledgeCheck)
class PledgeCheckAdmin(admin.ModelAdmin):
    list_display = ["organisation", "run_on", "status", "vacancies_checked"]
    list_filter = ["status", "run_on"]
    search_fields = ["organisation__name"]
    date_hierarchy = "run_on"
    list_select_related = ["organisation"]
