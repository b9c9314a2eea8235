"""Owners' page for the organisation's recruitment systems: API keys."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, View

from employers.forms.apikeys import ApiKeyForm
from employers.models import ApiKey
from employers.services.apikeys import api_key_create, api_key_revoke
from employers.views.access import OrganisationMemberMixin


class ApiKeyListView(OrganisationMemberMixin, FormView):
    """The keys, a form to make one and, just after making it, the key itself, shown once."""

    owner_only = True
    template_name = "employers/apikey_list.html"
    form_class = ApiKeyForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["api_keys"] = ApiKey.objects.filter(organisation=self.organisation).select_related(
            "created_by", "revoked_by"
        )
        return context

    def form_valid(self, form):
        api_key, key = api_key_create(
            organisation=self.organisation, name=form.cleaned_data["name"], by=self.request.user
        )
        # Shown on this answer and never again: it is not kept anywhere it could be read back.
        return self.render_to_response(
            self.get_context_data(form=ApiKeyForm(), new_key=key, new_api_key=api_key),
            status=201,
        )


class ApiKeyRevokeView(OrganisationMemberMixin, View):
    owner_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        api_key = get_object_or_404(
            ApiKey.objects.filter(organisation=self.organisation), pk=self.kwargs["pk"]
        )
        api_key_revoke(api_key=api_key, by=request.user)
        messages.success(
            request, f"The key '{api_key.name}' ({api_key.prefix}…) has been revoked. "
            "Requests made with it are now refused."
        )
        return redirect("employers:api_keys", org=self.organisation.pk)
