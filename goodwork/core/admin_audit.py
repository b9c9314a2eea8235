"""The audit log for admin pages that show personal data.

Each ModelAdmin of personal data is built on AuditedAdminMixin and says how one of its rows
leads to the resident it is about, so that the resident's "who has viewed or changed your
record" page lists the council officer who looked, by name and with the council:

    @admin.register(SavedSearch)
    class SavedSearchAdmin(AuditedAdminMixin, admin.ModelAdmin):
        audit_resident_path = "owner__resident"

What is written, each row naming the officer (goodwork.core.audit.council_officer_label):

- a change page or a delete page shown: a VIEW of that row, with its resident;
- a list page shown: one VIEW saying which model and how many rows, and one VIEW for each
  resident with a row on the page. Never the search words or the filters: a search for a
  name is itself personal data;
- a row added, edited or removed, by its form, an inline, an editable list, an action or a
  bulk delete: a CREATE, CHANGE or DELETE with the names of the fields changed, never their
  values;
- an export: an EXPORT (goodwork.core.admin_actions).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.admin.utils import model_ngettext, unquote
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from goodwork.core.admin_actions import export_selected_as_csv
from goodwork.core.audit import audit_event, audit_write_many, council_officer_label
from goodwork.core.models import AuditEvent

A = AuditEvent.Action

OPENED = "Opened in the admin"
OPENED_TO_DELETE = "Opened in the admin, to delete it"
OPENED_FOR_ACTION = "Shown in the admin, to confirm an action on it"
LISTED = "Listed {shown} {names} in the admin, of {found} found"
LISTED_ONE_RESIDENT = "Shown in the admin's list of {names}"
ADDED = "Added in the admin: {fields}"
EDITED = "Edited in the admin: {fields}"
EDITED_BY_ACTION = "Edited in the admin by the action {action}: {fields}"
REMOVED = "Removed in the admin"

Row = tuple[str, Any, int | None, str]  # action, subject id, resident id, detail


def _named(fields: Iterable[str]) -> str:
    return ", ".join(fields) or "no fields"


class AuditedAdminMixin:
    """For the ModelAdmin of any model that holds personal data. tests/goodwork/core/
    test_admin_audit.py holds every registered admin to it, bar a short list of models that
    hold none (employers' organisations and vacancies, the settings)."""

    # A lookup from a row to the id of the resident it is about: "pk" on Resident itself,
    # "resident" on a case note, "owner__resident" on a saved search. None where rows are about
    # no one resident. It is followed in the database, so a missing link anywhere on the way
    # (a user with no resident record, a job outcome whose resident was erased) is no resident.
    audit_resident_path: str | None = None

    # -- Whose rows these are ----------------------------------------------------------------

    def audit_residents(self, pks: Iterable[Any]) -> dict[Any, int | None]:
        """The resident each row is about, or None, in one query."""
        pks = list(pks)
        residents: dict[Any, int | None] = dict.fromkeys(pks)
        if self.audit_resident_path is not None and pks:
            residents.update(
                self.model._default_manager.filter(pk__in=pks)
                .order_by()
                .values_list("pk", self.audit_resident_path)
            )
        return residents

    def audit_rows(
        self, request: HttpRequest, rows: Iterable[Row], model: type[models.Model] | None = None
    ) -> None:
        """Rows about ``model`` (this admin's own by default), all in one INSERT."""
        subject_type = (model or self.model)._meta.label_lower
        label = council_officer_label(request.user)
        audit_write_many(
            [
                audit_event(
                    actor=request.user,
                    actor_label=label,
                    action=action,
                    subject_type=subject_type,
                    subject_id=str(subject_id),
                    resident_id=resident_id,
                    detail=detail,
                )
                for action, subject_id, resident_id, detail in rows
            ]
        )

    def audit_each(self, request: HttpRequest, action: str, pks: Iterable[Any], detail: str):
        self.audit_rows(
            request,
            [(action, pk, resident, detail) for pk, resident in self.audit_residents(pks).items()],
        )

    # -- Reading -----------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # Kept for the view's audit row, so that writing it costs no second fetch.
        request._audited_object = obj
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_opened(request, response, OPENED)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        # The confirmation page lists the row and everything deleted with it.
        response = super().delete_view(request, object_id, extra_context)
        self._audit_opened(request, response, OPENED_TO_DELETE)
        return response

    def _audit_opened(self, request, response: HttpResponse, detail: str) -> None:
        obj = request.__dict__.pop("_audited_object", None)
        # 200 is the page with the record on it, a form sent back with its errors included; a
        # save answers with a redirect and writes its own row.
        if obj is not None and response.status_code == 200:
            self.audit_each(request, A.VIEW, [obj.pk], detail)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None and response.status_code == 200:
            self._audit_listed(request, changelist)
        return response

    def _audit_listed(self, request, changelist) -> None:
        # Reading the page's rows here fills the queryset's cache, which the template then uses.
        shown = [obj.pk for obj in changelist.result_list]
        opts = self.model._meta
        summary = LISTED.format(
            shown=len(shown), names=model_ngettext(opts, len(shown)), found=changelist.result_count
        )
        # One row per resident rather than per record: five of someone's case notes on the
        # page are one look at their record, and their page says so once.
        residents = sorted({r for r in self.audit_residents(shown).values() if r is not None})
        each = LISTED_ONE_RESIDENT.format(names=opts.verbose_name_plural)
        self.audit_rows(
            request,
            [(A.VIEW, "list", None, summary)]
            + [(A.VIEW, "list", resident, each) for resident in residents],
        )

    def audit_export(self, request, queryset: models.QuerySet) -> None:
        ids = list(queryset.values_list("pk", flat=True)[:50])
        count = queryset.count()
        more = f" and {count - len(ids)} more" if count > len(ids) else ""
        detail = f"Exported {count} as CSV: {', '.join(map(str, ids))}{more}"
        self.audit_rows(request, [(A.EXPORT, "export", None, detail)])

    # -- Changing ----------------------------------------------------------------------------

    def audit_edit(self, request, obj: models.Model, fields: list[str], *, added: bool = False):
        if not fields and not added:
            return  # saved as it was: the page was already logged when it was opened
        action, detail = (A.CREATE, ADDED) if added else (A.CHANGE, EDITED)
        self.audit_each(request, action, [obj.pk], detail.format(fields=_named(fields)))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.audit_edit(request, obj, list(form.changed_data), added=not change)

    def save_formset(self, request, form, formset, change):
        # Taken before saving: a deleted row has no primary key afterwards.
        deleted = [f.instance.pk for f in formset.deleted_forms if f.instance.pk is not None]
        super().save_formset(request, form, formset, change)
        resident = self.audit_residents([form.instance.pk])[form.instance.pk]
        new = {id(obj) for obj in formset.new_objects}
        self.audit_rows(
            request,
            [
                (A.CREATE, f.instance.pk, resident, ADDED.format(fields=_named(f.changed_data)))
                for f in formset.forms
                if id(f.instance) in new
            ]
            + [
                (A.CHANGE, obj.pk, resident, EDITED.format(fields=_named(fields)))
                for obj, fields in formset.changed_objects
            ]
            + [(A.DELETE, pk, resident, REMOVED) for pk in deleted],
            model=formset.model,
        )

    def delete_model(self, request, obj):
        self._audit_removed(request, [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            self._audit_removed(request, queryset.values_list("pk", flat=True))
            super().delete_queryset(request, queryset)

    def _audit_removed(self, request, pks: Iterable[Any]) -> None:
        pks = list(pks)
        self.audit_each(request, A.DELETE, pks, REMOVED)
        removed = request.__dict__.setdefault("_audited_removals", set())
        removed.update((self.model._meta.label_lower, pk) for pk in pks)

    # -- Actions -----------------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        for name, (func, _, description) in list(actions.items()):
            if func is not export_selected_as_csv:
                actions[name] = (self._audited(func, name), name, description)
        return actions

    def _audited(self, func: Callable, name: str) -> Callable:
        """An action whose changes are audited, whatever it does: the rows it was given are read
        before and after, and each field that differs is named. (The CSV export audits itself.)"""

        @functools.wraps(func)
        def action(modeladmin, request, queryset):
            before = self._snapshot(queryset)
            residents = self.audit_residents(before)
            response = func(modeladmin, request, queryset)
            after = self._snapshot(self.model._default_manager.filter(pk__in=list(before)))
            removed = request.__dict__.get("_audited_removals", set())
            rows: list[Row] = []
            for pk, old in before.items():
                if pk not in after:
                    if (self.model._meta.label_lower, pk) not in removed:
                        rows.append((A.DELETE, pk, residents[pk], REMOVED))
                    continue
                fields = [field for field, value in old.items() if after[pk][field] != value]
                if fields:
                    detail = EDITED_BY_ACTION.format(action=name, fields=_named(fields))
                    rows.append((A.CHANGE, pk, residents[pk], detail))
            if not rows and isinstance(response, TemplateResponse):
                # A page in between (delete_selected's "are you sure?") that lists the rows.
                rows = [(A.VIEW, pk, residents[pk], OPENED_FOR_ACTION) for pk in before]
            self.audit_rows(request, rows)
            return response

        return action

    def _snapshot(self, queryset: models.QuerySet) -> dict[Any, dict[str, Any]]:
        # Every stored field except the "last updated" stamps, which change with any save.
        fields = [
            f for f in self.model._meta.concrete_fields if not getattr(f, "auto_now", False)
        ]
        rows = queryset.order_by().values_list("pk", *(f.attname for f in fields))
        names = [f.name for f in fields]
        return {pk: dict(zip(names, values, strict=True)) for pk, *values in rows}

    def audit_pk(self, object_id: str) -> Any:
        """The primary key in an admin URL, as the database gives it back."""
        return self.model._meta.pk.to_python(unquote(object_id))
