from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from goodwork.core.access import SignedInRequiredMixin
from goodwork.core.forms import add_service_errors
from goodwork.core.ratelimit import RateLimitMixin, mailbox
from residents.forms.alerts import (
    AlertCreateForm,
    AlertManageActionForm,
    AlertUpdateForm,
    UnsubscribeForm,
    criteria_form_for,
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


class _AlertChangeView(View):
    """The change page of one alert: its name, how often, paused, and its search criteria in
    the search page's own form (so an alert and a search page mean the same thing)."""

    template_name = "residents/savedsearch_update.html"

    def get_saved_search(self) -> SavedSearch:
        raise NotImplementedError

    def get_done_url(self) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        search = self.get_saved_search()
        return self.render(search, AlertUpdateForm(instance=search), criteria_form_for(search))

    def post(self, request, *args, **kwargs):
        search = self.get_saved_search()
        form = AlertUpdateForm(request.POST, instance=self.get_saved_search())
        criteria, criteria_form = criteria_from_params(request.POST)
        if form.is_valid() and not criteria_form.errors:
            try:
                search = services.saved_search_update(
                    saved_search=search,
                    name=form.cleaned_data["name"],
                    frequency=form.cleaned_data["frequency"],
                    paused=form.cleaned_data["paused"],
                    criteria=criteria,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Your alert “{search.name}” has been updated.")
                return redirect(self.get_done_url())
        return self.render(search, form, criteria_form)

    def render(self, search: SavedSearch, form, criteria_form) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "saved_search": search,
                "form": form,
                "criteria_form": criteria_form,
                "back_url": self.get_done_url(),
            },
        )


class AlertUpdateView(SignedInRequiredMixin, _AlertChangeView):
    def get_saved_search(self) -> SavedSearch:
        owned = SavedSearch.objects.owned_by(self.request.user)
        return get_object_or_404(owned, pk=self.kwargs["pk"])

    def get_done_url(self) -> str:
        return reverse("residents:alert_list")


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


# -- The signed link in every alert email: all the alerts of one address, no sign-in ---------


@method_decorator(never_cache, name="dispatch")
class _ManageLinkView(View):
    """Whoever follows the link reads that mailbox: they may see and change the alerts it gets,
    with an account or without, and nothing else."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.email = services.email_from_manage_token(kwargs["token"])
        except ValidationError:
            return render(request, "residents/savedsearch_link_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def alerts(self):
        return SavedSearch.objects.for_address(self.email)

    def manage_url(self) -> str:
        return reverse("residents:alert_manage", kwargs={"token": self.kwargs["token"]})


class AlertManageView(_ManageLinkView):
    """GET lists the alerts; each button POSTs here with the alert and what to do with it."""

    template_name = "residents/savedsearch_manage.html"

    def get(self, request, *args, **kwargs):
        searches = (
            self.alerts()
            .annotate(emails_sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)))
            .order_by("name", "id")
        )
        return render(
            request,
            self.template_name,
            {
                "email": self.email,
                "saved_searches": searches,
                "token": kwargs["token"],
            },
        )

    def post(self, request, *args, **kwargs):
        form = AlertManageActionForm(request.POST, alerts=self.alerts())
        if not form.is_valid():
            # No button on the page sends this: an alert of another address, or none.
            raise Http404("No such alert or action.")
        search = form.cleaned_data["alert"]
        action = form.cleaned_data["action"]
        try:
            if action == AlertManageActionForm.PAUSE:
                services.saved_search_pause(saved_search=search)
                messages.success(request, f"Your alert “{search.name}” is paused.")
            elif action == AlertManageActionForm.RESUME:
                services.saved_search_resume(saved_search=search)
                messages.success(request, f"Your alert “{search.name}” is on.")
            else:
                services.saved_search_unsubscribe(saved_search=search)
                messages.success(request, f"We will not email you about “{search.name}” again.")
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(self.manage_url())


class AlertManageUpdateView(_ManageLinkView, _AlertChangeView):
    def get_saved_search(self) -> SavedSearch:
        return get_object_or_404(self.alerts(), pk=self.kwargs["pk"])

    def get_done_url(self) -> str:
        return self.manage_url()


class AlertManageStopAllView(_ManageLinkView):
    """GET asks; POST stops every alert of the address."""

    template_name = "residents/savedsearch_manage_stop_all.html"

    def get(self, request, *args, **kwargs):
        return render(
            request,
            self.template_name,
            {"email": self.email, "count": self.alerts().count(), "back_url": self.manage_url()},
        )

    def post(self, request, *args, **kwargs):
        stopped = services.saved_searches_unsubscribe_all(email=self.email)
        if stopped:
            messages.success(request, f"We will not send {self.email} any more job alerts.")
        return redirect(self.manage_url())
