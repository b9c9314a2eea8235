from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse

from goodwork.core.admin_actions import export_selected_as_csv
from goodwork.core.audit import audit_write
from goodwork.core.models import AuditEvent, SiteSettings, User

# -- The audit log for admin pages that show personal data -----------------------------------


def _audit(request, **event) -> None:
    audit_write(actor=request.user if request.user.is_authenticated else None, **event)


class AuditedAdminMixin:
    """For ModelAdmins of personal data: each record an officer opens, each list of records
    they look at and each export is written to the audit log, as coach views of a resident are.

        class ResidentAdmin(AuditedAdminMixin, admin.ModelAdmin):
            def audit_resident(self, obj):   # so the resident can see who looked
                return obj
    """

    def audit_resident(self, obj: models.Model):
        """The resident whose record this is, if any."""
        return None

    def _subject_type(self) -> str:
        return self.model._meta.label_lower

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # Kept for change_view's audit row, so logging the view costs no second fetch.
        request._audited_object = obj
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(request, "_audited_object", None)
        if request.method == "GET" and response.status_code == 200 and obj is not None:
            _audit(
                request,
                action=AuditEvent.Action.VIEW,
                subject_type=self._subject_type(),
                subject_id=unquote(object_id),
                resident=self.audit_resident(obj),
                detail="Opened in the admin",
            )
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            query = request.GET.urlencode()
            _audit(
                request,
                action=AuditEvent.Action.VIEW,
                subject_type=self._subject_type(),
                subject_id="list",
                detail=f"Listed in the admin{': ' + query if query else ''}",
            )
        return response

    def audit_export(self, request, queryset: models.QuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True)[:50])
        count = queryset.count()
        more = f" and {count - len(ids)} more" if count > len(ids) else ""
        _audit(
            request,
            action=AuditEvent.Action.EXPORT,
            subject_type=self._subject_type(),
            subject_id="export",
            detail=f"Exported {count} as CSV: {', '.join(map(str, ids))}{more}",
        )


# -- People ------------------------------------------------------------------------------------


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [
            ("council_admin", "Council admin"),
            ("resident", "Resident"),
            ("employer", "Employer member"),
            ("coach", "Work coach"),
        ]

    def queryset(self, request, queryset):
        return {
            "council_admin": lambda: queryset.filter(is_staff=True),
            "resident": lambda: queryset.filter(role_resident=True),
            "employer": lambda: queryset.filter(role_employer=True),
            "coach": lambda: queryset.filter(role_coach=True),
        }.get(self.value(), lambda: queryset)()


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "roles",
        "is_active",
        "last_login",
        "date_joined",
    ]
    list_filter = [RoleFilter, "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    date_hierarchy = "date_joined"
    readonly_fields = ["last_login", "date_joined"]
    actions = [export_selected_as_csv]
    csv_export_fields = [
        "email",
        "first_name",
        "last_name",
        "roles",
        "is_active",
        "last_login",
        "date_joined",
    ]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_queryset(self, request):
        # Roles as columns of the list, answered in the list's own query. Each role is read
        # through the user's reverse relations, so the core names no app's model.
        def user_has(**relation) -> Exists:
            return Exists(User.objects.filter(pk=OuterRef("pk"), **relation))

        return (
            super()
            .get_queryset(request)
            .annotate(
                role_resident=user_has(resident__isnull=False),
                role_employer=user_has(memberships__isnull=False),
                role_coach=user_has(coach_roles__active=True),
            )
        )

    @admin.display(description="roles")
    def roles(self, obj: User) -> str:
        names = [
            name
            for flag, name in [
                (obj.is_staff, "council admin"),
                (getattr(obj, "role_resident", False), "resident"),
                (getattr(obj, "role_employer", False), "employer member"),
                (getattr(obj, "role_coach", False), "work coach"),
            ]
            if flag
        ]
        return ", ".join(names) or "none yet"

    def audit_resident(self, obj: User):
        return getattr(obj, "resident", None)


# -- Settings and the audit log ---------------------------------------------------------------


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of switches: the list is skipped and officers land on the form itself."""

    fieldsets = [
        (
            "Vacancies",
            {
                "fields": ["moderation_enabled"],
                "description": "When this is on, employers' vacancies wait for a council officer "
                "to approve them before residents can see them.",
            },
        ),
        ("Job alerts", {"fields": ["alert_digest_max_jobs"]}),
        ("Last changed", {"fields": ["updated_at"]}),
    ]
    readonly_fields = ["updated_at"]

    def changelist_view(self, request, extra_context=None):
        settings = SiteSettings.load()
        return HttpResponseRedirect(
            reverse("admin:goodwork_sitesettings_change", args=[settings.pk])
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: officers can read the log, nobody can add, change or delete a row."""

    list_display = [
        "at",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "resident_id",
        "detail",
    ]
    list_filter = ["action", "subject_type", "at"]
    search_fields = [
        "actor_label",
        "subject_id",
        "detail",
    ]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor",
        "actor_label",
        "action",
        "subject_type",
        "subject_id",
        "resident_id",
        "detail",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- Two-factor authenticators ----------------------------------------------------------------

# allauth's own admin shows and edits an authenticator's data: the TOTP secret and the recovery
# codes, which would let whoever reads them sign in as that person. Officers may see that a
# person has an authenticator and remove a lost one, never read or change what is in it.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
