"""Admin actions any ModelAdmin can use.

    from goodwork.core.admin_actions import export_selected_as_csv

    class ProviderAdmin(admin.ModelAdmin):
        actions = [export_selected_as_csv]
        csv_export_fields = ["name", "organisation__name", "created_at"]   # else list_display

A field is a model field or a path through relations (``organisation__name``), or the name of
a ModelAdmin method or model attribute, as in ``list_display``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from goodwork.core.csvexport import csv_response

EXPORT_BATCH_SIZE = 2000


def _field(model: type[models.Model], path: str) -> models.Field | None:
    try:
        field = None
        for part in path.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model or model
        return field
    except FieldDoesNotExist:
        return None


def _heading(modeladmin: admin.ModelAdmin, name: str) -> str:
    field = _field(modeladmin.model, name)
    if field is not None:
        return capfirst(str(getattr(field, "verbose_name", name)))
    attribute = getattr(modeladmin, name, None) or getattr(modeladmin.model, name, None)
    return capfirst(str(getattr(attribute, "short_description", name.replace("_", " "))))


def _value(modeladmin: admin.ModelAdmin, obj: models.Model, name: str) -> object:
    if _field(modeladmin.model, name) is None:
        attribute = getattr(modeladmin, name, None)
        if callable(attribute):
            return attribute(obj)
        value = getattr(obj, name)
        return value() if callable(value) else value
    value: object = obj
    parts = name.split("__")
    for n, part in enumerate(parts):
        if value is None:
            return None
        last = n == len(parts) - 1
        display = getattr(value, f"get_{part}_display", None) if last else None
        value = display() if display else getattr(value, part)
    return value


def export_fields(modeladmin: admin.ModelAdmin, request) -> list[str]:
    fields = getattr(modeladmin, "csv_export_fields", None)
    if fields is None:
        fields = [
            name
            for name in modeladmin.get_list_display(request)
            if isinstance(name, str) and name not in ("__str__", "action_checkbox")
        ]
    return list(fields)


def _rows(modeladmin, queryset: models.QuerySet, fields: list[str]) -> Iterator[list[object]]:
    for obj in queryset.iterator(chunk_size=EXPORT_BATCH_SIZE):
        yield [_value(modeladmin, obj, name) for name in fields]


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
        header=[_heading(modeladmin, name) for name in fields],
        rows=_rows(modeladmin, queryset, fields),
    )
