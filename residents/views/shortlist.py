from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from jobs.models import Vacancy
from residents.models import Shortlist
from residents.services import profile as services
from residents.views.profile import ResidentMixin


class ShortlistView(ResidentMixin, ListView):
    template_name = "residents/shortlist_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return (
            Shortlist.objects.of_resident(self.resident)
            .select_related("vacancy__organisation")
            .order_by("vacancy__closing_date", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {"closing_soon": [], "open": [], "closed_early": [], "closed": []}
        for entry in context["entries"]:
            vacancy = entry.vacancy
            if vacancy.status == Vacancy.Status.CLOSED:
                groups["closed_early"].append(entry)
            elif vacancy.is_closed:
                groups["closed"].append(entry)
            elif vacancy.closes_within(7):
                groups["closing_soon"].append(entry)
            else:
                groups["open"].append(entry)
        context["groups"] = groups
        return context


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: anything else ("0", a view's name, another host) is ignored.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


class ShortlistAddView(ResidentMixin, View):
    http_method_names = ["post"]

    def post(self, request, vacancy_pk: int):
        vacancy = get_object_or_404(Vacancy.objects.live(), pk=vacancy_pk)
        try:
            services.shortlist_add(resident=self.resident, vacancy=vacancy)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"“{vacancy.title}” is in your saved jobs.")
        return redirect(_back(request, reverse("residents:shortlist")))


class _ShortlistEntryView(ResidentMixin, View):
    http_method_names = ["post"]

    def entry(self, pk: int) -> Shortlist:
        return get_object_or_404(
            Shortlist.objects.of_resident(self.resident).select_related("vacancy"), pk=pk
        )


class ShortlistRemoveView(_ShortlistEntryView):
    def post(self, request, pk: int):
        entry = self.entry(pk)
        services.shortlist_remove(entry=entry)
        messages.success(request, f"“{entry.vacancy.title}” is no longer in your saved jobs.")
        return redirect(_back(request, reverse("residents:shortlist")))


class ShortlistAppliedView(_ShortlistEntryView):
    def post(self, request, pk: int):
        entry = services.shortlist_mark_applied(
            entry=self.entry(pk), applied=request.POST.get("applied") != "no"
        )
        messages.success(
            request,
            f"Saved. Good luck with “{entry.vacancy.title}”." if entry.applied_at else "Saved.",
        )
        return redirect(_back(request, reverse("residents:shortlist")))
