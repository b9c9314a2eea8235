"""CSV exports from the admin, the same for every ModelAdmin that offers one.

    from goodwork.core.admin_actions import CsvExportAdminMixin, export_selected_as_csv

    class ProviderAdmin(CsvExportAdminMixin, admin.ModelAdmin):
        actions = [export_selected_as_csv]
        csv_export_fields = ["name", ("organisation__name", "Organisation"), "created_at"]

The list page then has an "Export all as CSV" button, for every row its search and filters
match (not only the page shown), and the action exports the rows ticked. Without
``csv_export_fields`` the columns are the list's.

A column is a model field or a path through relations (``organisation__name``), or the name of
a ModelAdmin method or model attribute, as in ``list_display``; ``(name, heading)`` gives it a
heading of its own. Cells are written as an officer reads them on the page: a choice by its
label (lists of choices too), Yes or No, dates as "1 December 2026".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from goodwork.core.csvexport import csv_response

EXPORT_BATCH_SIZE = 2000
EXPORT_FILTERS_INVALID = "The list's filters could not be read, so nothing was exported."

Column = str | tuple[str, str]


def _fields(model: type[models.Model], path: str) -> list[models.Field] | None:
    """The fields along a path (``organisation__name``), or None for a name that is no field."""
    fields = []
    try:
        for part in path.split("__"):
            field = model._meta.get_field(part)
            fields.append(field)
            model = field.related_model or model
    except FieldDoesNotExist:
        return None
    return fields


def _name(column: Column) -> str:
    return column[0] if isinstance(column, tuple) else column


def _heading(modeladmin: admin.ModelAdmin, column: Column) -> str:
    if isinstance(column, tuple):
        return column[1]
    fields = _fields(modeladmin.model, column)
    if fields is not None:
        # "organisation__name" is the organisation's name, not a bare "Name".
        names = [str(getattr(field, "verbose_name", field.name)) for field in fields]
        if len(names) > 1 and names[-1] == "name":
            names = names[:-1]
        return capfirst(" ".join(names))
    attribute = getattr(modeladmin, column, None) or getattr(modeladmin.model, column, None)
    return capfirst(str(getattr(attribute, "short_description", column.replace("_", " "))))


def readable(value: object) -> object:
    """A value as the admin's pages show it; text, numbers and None are left to csv_response."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value:%-d %B %Y} at {value:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list | tuple):
        return [readable(item) for item in value]
    return value


def _labelled(field: models.Field, value: object) -> object:
    """A stored code by its label: a choice, or each item of a list of choices."""
    base = getattr(field, "base_field", None)
    if isinstance(value, list) and base is not None and base.choices:
        labels = dict(base.flatchoices)
        return [labels.get(item, item) for item in value]
    if field.choices and not isinstance(value, list):
        return dict(field.flatchoices).get(value, value)
    return value


def _value(modeladmin: admin.ModelAdmin, obj: models.Model, column: Column) -> object:
    name = _name(column)
    fields = _fields(modeladmin.model, name)
    if fields is None:
        attribute = getattr(modeladmin, name, None)
        if callable(attribute):
            return readable(attribute(obj))
        value = getattr(obj, name)
        return readable(value() if callable(value) else value)
    value: object = obj
    for field in fields:
        if value is None:
            return None
        value = getattr(value, field.name)
    return readable(_labelled(fields[-1], value))


def export_fields(modeladmin: admin.ModelAdmin, request) -> list[Column]:
    fields = getattr(modeladmin, "csv_export_fields", None)
    if fields is None:
        fields = [
            name
            for name in modeladmin.get_list_display(request)
            if isinstance(name, str) and name not in ("__str__", "action_checkbox")
        ]
    return list(fields)


def _rows(
    modeladmin, queryset: models.QuerySet, fields: Sequence[Column]
) -> Iterator[list[object]]:
    for obj in queryset.iterator(chunk_size=EXPORT_BATCH_SIZE):
        yield [_value(modeladmin, obj, column) for column in fields]


@admin.action(description="Export selected as a CSV file")
def export_selected_as_csv(modeladmin: admin.ModelAdmin, request, queryset: models.QuerySet):
    fields = export_fields(modeladmin, request)
    # Audited admins (personal data) log the export: who took which records out, and when.
    log_export = getattr(modeladmin, "audit_export", None)
    if log_export is not None:
        log_export(request, queryset)
    opts = modeladmin.model._meta
    filename = f"{opts.verbose_name_plural.replace(' ', '-')}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(
        filename=filename,
        header=[_heading(modeladmin, column) for column in fields],
        rows=_rows(modeladmin, queryset, fields),
    )


class CsvExportAdminMixin:
    """"Export all as CSV" on the list page: every row that the list's search and filters
    match, through export_selected_as_csv (so an audited admin logs it as it logs the action).

    The button posts (with its CSRF token) to ``<list>/export/`` with the list's own query
    string, so the file holds what the officer is looking at, all pages of it."""

    def get_urls(self):
        opts = self.model._meta
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_all_view),
            name=f"{opts.app_label}_{opts.model_name}_export",
        )
        return [export, *super().get_urls()]

    def export_all_url(self) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_export")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "csv_export_all_url": self.export_all_url()}
        return super().changelist_view(request, extra_context)

    def export_all_view(self, request) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, EXPORT_FILTERS_INVALID, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
            )
        return export_selected_as_csv(self, request, changelist.get_queryset(request))
