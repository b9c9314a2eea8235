from __future__ import annotations

from allauth.account import admin as account_admin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from goodwork.core.admin_actions import CsvExportAdminMixin, export_selected_as_csv
from goodwork.core.admin_audit import EDITED, AuditedAdminMixin
from goodwork.core.forms import DATE_PARTS, GovukDateField, GovukDateWidget
from goodwork.core.models import AuditEvent, SiteSettings, User

# -- Dates -------------------------------------------------------------------------------------


class AdminDateInput(GovukDateWidget):
    """Day, month and year in three labelled boxes, as on the portal's own forms. Django's one
    box shows a stored date as 23/12/2026 and takes 12/03/2027 typed in, which an officer used
    to month-first dates reads the other way round; its calendar is a click away from the box."""

    template_name = "admin/widgets/date_parts.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part.capitalize()
            if base:
                subwidget["attrs"]["id"] = f"{base}_{part}"
        return context

    def id_for_label(self, id_):
        # The field's own label names the day box too, so it reads "Closing date: Day".
        return f"{id_}_day" if id_ else ""

    def _render(self, template_name, context, renderer=None):
        # The form renderer reads Django's and the apps' widget templates only; this one is the
        # project's, with the admin's other templates.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308


class AdminDateField(GovukDateField):
    widget = AdminDateInput


class AdminLabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, each with a label of its own: Django's widget names them
    with bare text, so a screen reader announces two unnamed boxes."""

    template_name = "admin/widgets/split_datetime_labelled.html"

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def _render(self, template_name, context, renderer=None):
        return mark_safe(render_to_string(template_name, context))  # noqa: S308


class GovukDatesAdminMixin:
    """Every date an officer types is asked for as day, month and year; a date with a time
    keeps Django's two boxes, each labelled."""

    formfield_overrides = {
        models.DateField: {"form_class": AdminDateField, "widget": AdminDateInput},
        models.DateTimeField: {"widget": AdminLabelledSplitDateTime},
    }


# -- People ------------------------------------------------------------------------------------


class CheckboxManyToManyMixin:
    """Groups and permissions as a list of ticked boxes. Django's two-column chooser builds its
    filter boxes with an ARIA label on an element that may not carry one, and is wider than a
    phone; a list of boxes in a named fieldset is read out and reflows."""

    filter_horizontal: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


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
class UserAdmin(CheckboxManyToManyMixin, CsvExportAdminMixin, AuditedAdminMixin, BaseUserAdmin):
    audit_resident_path = "resident"
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

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        # A password set (or switched off) redirects to the user; a form in error is shown again,
        # and a form sent with two conflicting buttons comes back to itself.
        saved = response.status_code == 302 and response["Location"] != request.get_full_path()
        if request.method == "POST" and saved:
            detail = EDITED.format(fields="password")
            self.audit_each(request, AuditEvent.Action.CHANGE, [self.audit_pk(id)], detail)
        return response


# Django's side menu is opened by a script after the page is drawn, moving the whole page
# across as it loads (a layout shift of 0.19); officers move between lists from the index and
# the breadcrumbs instead.
admin.site.enable_nav_sidebar = False

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(CheckboxManyToManyMixin, BaseGroupAdmin):
    pass


# allauth's own admin for email addresses, with the audit log: an address is a person's.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AuditedAdminMixin, account_admin.EmailAddressAdmin):
    audit_resident_path = "user__resident"


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


def record_kind_name(subject_type: str) -> str:
    """A vacancy, a case note: the log stores the model's label (residents.casenote)."""
    app_label, _, model = subject_type.partition(".")
    try:
        kind = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    except ContentType.DoesNotExist:
        kind = None
    return capfirst(str(kind._meta.verbose_name)) if kind is not None else subject_type


class RecordKindFilter(admin.SimpleListFilter):
    title = "kind of record"
    parameter_name = "subject_type"

    def lookups(self, request, model_admin):
        kinds = AuditEvent.objects.order_by().values_list("subject_type", flat=True).distinct()
        return sorted(((kind, record_kind_name(kind)) for kind in kinds), key=lambda k: k[1])

    def queryset(self, request, queryset):
        return queryset.filter(subject_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Append-only: officers can read the log, nobody can add, change or delete a row. The log
    says what was done with each resident's record, so reading it is audited too."""

    audit_resident_path = "resident_id"

    list_display = [
        "at",
        "actor_label",
        "action",
        "record_kind",
        "subject_id",
        "resident_id",
        "detail",
    ]
    list_filter = ["action", RecordKindFilter, "at"]
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
        "record_kind",
        "subject_id",
        "resident_id",
        "detail",
    ]
    fields = readonly_fields

    @admin.display(description="kind of record", ordering="subject_type")
    def record_kind(self, obj: AuditEvent) -> str:
        return record_kind_name(obj.subject_type)

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
class AuthenticatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    audit_resident_path = "user__resident"
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
