"""Who may see which organisation and vacancy: one place, so every view checks the same way."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from employers.models import Organisation
from goodwork.core.access import SignedInRequiredMixin
from goodwork.core.roles import roles_for
from jobs.models import Vacancy

# -- Access -----------------------------------------------------------------------------------


class OrganisationMemberMixin(SignedInRequiredMixin):
    """The organisation in the URL, if the signed-in user belongs to it; 404 otherwise.

    What only an owner may do is said here and nowhere else: ``owner_only`` for a whole view,
    ``owner_only_methods`` for its changes (``{"POST"}``) where members may look. Anyone else
    gets a 403."""

    owner_only = False
    owner_only_methods: frozenset[str] = frozenset()

    @cached_property
    def organisation(self) -> Organisation:
        organisation = get_object_or_404(
            Organisation.objects.for_member(self.request.user), pk=self.kwargs["org"]
        )
        owners_only = self.owner_only or self.request.method in self.owner_only_methods
        if owners_only and organisation.pk not in roles_for(self.request.user).owner_of_ids:
            raise PermissionDenied
        return organisation

    def role_granted(self) -> None:
        self.organisation  # noqa: B018 - fail before any work when the user may not see it

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        context["is_owner"] = self.organisation.pk in roles_for(self.request.user).owner_of_ids
        return context


class VacancyMemberMixin(SignedInRequiredMixin):
    """A vacancy of one of the signed-in user's organisations; 404 for anyone else's."""

    @cached_property
    def vacancy(self) -> Vacancy:
        organisation_ids = roles_for(self.request.user).organisation_ids
        return get_object_or_404(
            Vacancy.objects.for_organisations(organisation_ids).select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def role_granted(self) -> None:
        self.vacancy  # noqa: B018

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vacancy"] = self.vacancy
        context["organisation"] = self.vacancy.organisation
        return context

    def dashboard_url(self) -> str:
        return f"{reverse('employers:dashboard')}?organisation={self.vacancy.organisation_id}"
