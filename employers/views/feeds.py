"""Owners register their organisation's vacancy feed and see how each import went."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from employers.forms.apikeys import VacancyFeedForm
from employers.models import VacancyFeed
from employers.services.feeds import vacancy_feed_set
from employers.views.access import OrganisationMemberMixin


class VacancyFeedView(OrganisationMemberMixin, FormView):
    owner_only = True
    template_name = "employers/vacancy_feed.html"
    form_class = VacancyFeedForm

    def feed(self) -> VacancyFeed | None:
        return VacancyFeed.objects.filter(organisation=self.organisation).first()

    def get_initial(self):
        feed = self.feed()
        return {"url": feed.url, "format": feed.format} if feed else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feed = self.feed()
        context["feed"] = feed
        context["runs"] = list(feed.runs.all()[:10]) if feed else []
        return context

    def form_valid(self, form):
        vacancy_feed_set(
            organisation=self.organisation, url=form.cleaned_data["url"],
            format=form.cleaned_data["format"], by=self.request.user,
        )
        messages.success(self.request, "Your feed has been saved. We import it every hour.")
        return redirect("employers:vacancy_feed", org=self.organisation.pk)
