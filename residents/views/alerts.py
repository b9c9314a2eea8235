from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from goodwork.core.access import SignedInRequiredMixin
from goodwork.core.forms import add_service_errors
from goodwork.core.ratelimit import RateLimitMixin, mailbox
from residents.forms.alerts import (
    AlertCreateForm,
    AlertUpdateForm,
    UnsubscribeForm,
    criteria_from_params,
)
from residents.models import SavedSearch
from residents.services import alerts as services


class AlertCreateView(RateLimitMixin, FormView):
    """'Get email alerts for this search': the criteria arrive as the search page's query string."""

    template_name = "residents/savedsearch_form.html"
    form_class = AlertCreateForm
    # Anyone can ask for alerts without an account, so each sign-up sends a confirmation email:
    # limit by address and by the email asked for, so the form cannot be used to spam people.
    rate_limit_scope = "alert_signup"

    def get_rate_limit_rates(self) -> str:
        return settings.ALERT_SIGNUP_RATE_LIMIT

    def rate_limit_key(self, request) -> str | None:
        return mailbox(request.POST.get("email"))

    def dispatch(self, request, *args, **kwargs):
        self.criteria, self.criteria_form = criteria_from_params(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ask_email": not self.request.user.is_authenticated}

    def get_initial(self):
        preview = SavedSearch(**self.criteria)
        return {**super().get_initial(), "name": ", ".join(preview.criteria_labels[:3])[:100]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = SavedSearch(**self.criteria)
        context.update(
            {
                "criteria_form": self.criteria_form,
                "criteria_valid": not self.criteria_form.errors,
                "criteria_labels": preview.criteria_labels,
                "query_string": self.request.GET.urlencode(),
                "search_url": reverse("jobs:vacancy_list")
                + (f"?{preview.query_string}" if preview.query_string else ""),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.criteria_form.errors:
            return self.render_to_response(self.get_context_data(), status=400)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user if self.request.user.is_authenticated else None
        try:
            search = services.saved_search_create(
                criteria=self.criteria,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                email=user.email if user else form.cleaned_data["email"],
                owner=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if search.confirmed_at:
            messages.success(self.request, f"Your alert “{search.name}” is set up.")
            return redirect("residents:alert_list")
        return redirect("residents:alert_check_email")


class AlertCheckEmailView(TemplateView):
    template_name = "residents/savedsearch_check_email.html"


class AlertListView(SignedInRequiredMixin, ListView):
    template_name = "residents/savedsearch_list.html"
    context_object_name = "saved_searches"

    def get_queryset(self):
        return (
            SavedSearch.objects.owned_by(self.request.user)
            .annotate(emails_sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)))
            .order_by("name", "id")
        )


class AlertUpdateView(SignedInRequiredMixin, UpdateView):
    template_name = "residents/savedsearch_update.html"
    form_class = AlertUpdateForm
    context_object_name = "saved_search"
    success_url = reverse_lazy("residents:alert_list")

    def get_queryset(self):
        return SavedSearch.objects.owned_by(self.request.user)

    def form_valid(self, form):
        search = services.saved_search_update(
            saved_search=self.get_object(),
            name=form.cleaned_data["name"],
            frequency=form.cleaned_data["frequency"],
            paused=form.cleaned_data["paused"],
        )
        messages.success(self.request, f"Your alert “{search.name}” has been updated.")
        return redirect(self.success_url)


class AlertDeleteView(SignedInRequiredMixin, UpdateView):
    """GET asks; POST deletes."""

    template_name = "residents/savedsearch_confirm_delete.html"
    context_object_name = "saved_search"
    fields: list[str] = []

    def get_queryset(self):
        return SavedSearch.objects.owned_by(self.request.user)

    def post(self, request, *args, **kwargs):
        search = self.get_object()
        name = search.name
        services.saved_search_delete(saved_search=search)
        messages.success(request, f"Your alert “{name}” has been deleted.")
        return redirect("residents:alert_list")


class _TokenView(View):
    """Pages reached from a signed link in an email: no log-in, and only the alert it names."""

    template_name = ""
    done_template_name = ""

    def load(self, token: str) -> SavedSearch:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        try:
            self.saved_search = self.load(kwargs["token"])
        except ValidationError:
            return render(request, "residents/savedsearch_link_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return render(
            request, self.template_name, {"saved_search": self.saved_search, **self.extra_context()}
        )

    def extra_context(self) -> dict:
        return {}


class AlertConfirmView(_TokenView):
    template_name = "residents/savedsearch_confirm.html"

    def load(self, token):
        return services.saved_search_from_confirm_token(token)

    def post(self, request, *args, **kwargs):
        try:
            services.saved_search_confirm(saved_search=self.saved_search)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("jobs:vacancy_list")
        return render(
            request, "residents/savedsearch_confirmed.html", {"saved_search": self.saved_search}
        )


@method_decorator(csrf_exempt, name="dispatch")
class AlertUnsubscribeView(_TokenView):
    """CSRF-exempt because mail clients' one-click unsubscribe (RFC 8058) POSTs without a
    token; the signed link is itself the proof, and it only ever unsubscribes its own alert."""

    template_name = "residents/savedsearch_unsubscribe.html"

    def load(self, token):
        return services.saved_search_from_unsubscribe_token(token)

    def extra_context(self):
        return {"form": UnsubscribeForm()}

    def post(self, request, *args, **kwargs):
        if request.POST.get("List-Unsubscribe") == "One-Click":
            services.saved_search_unsubscribe(saved_search=self.saved_search)
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        form = UnsubscribeForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.saved_search_unsubscribe(saved_search=self.saved_search, reason=reason)
        return render(
            request, "residents/savedsearch_unsubscribed.html", {"saved_search": self.saved_search}
        )


class AlertKeepView(_TokenView):
    template_name = "residents/savedsearch_keep.html"

    def load(self, token):
        return services.saved_search_from_keep_token(token)

    def post(self, request, *args, **kwargs):
        services.saved_search_keep(saved_search=self.saved_search)
        messages.success(request, f"We will keep your alert “{self.saved_search.name}”.")
        return render(
            request, "residents/savedsearch_kept.html", {"saved_search": self.saved_search}
        )
