from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from residents.selectors.export import resident_data_export, resident_data_export_notes
from residents.services.account import resident_account_delete
from residents.views.profile import ResidentMixin

DELETE_NOT_CONFIRMED = "Confirm that you want to delete your account and all your data."


class YourDataView(ResidentMixin, TemplateView):
    template_name = "residents/your_data.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sections": resident_data_export(resident=self.resident),
            "not_included": resident_data_export_notes(resident=self.resident),
        }


class YourDataDownloadView(ResidentMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        export = {
            "service": "Good Work Camden",
            "exported_at": timezone.now().isoformat(),
            "sections": {s["key"]: s["data"] for s in resident_data_export(resident=self.resident)},
            "not_included": resident_data_export_notes(resident=self.resident),
        }
        response = HttpResponse(
            json.dumps(export, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="good-work-camden-your-data.json"'
        return response


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and everything in it will be deleted for good",
        error_messages={"required": DELETE_NOT_CONFIRMED},
    )


class DeleteAccountView(ResidentMixin, FormView):
    template_name = "residents/account_delete.html"
    form_class = DeleteAccountForm

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        resident_account_delete(user=user)
        messages.success(self.request, "Your account and your data have been deleted.")
        return redirect("home")
