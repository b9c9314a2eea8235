from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef

from goodwork.core.relations import related_model


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> OrganisationQuerySet:
        return self.filter(suspended_at__isnull=True)

    def for_member(self, user) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def owned_by(self, user) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        owner = related_model(self.model, "memberships").Role.OWNER
        return self.filter(memberships__user=user, memberships__role=owner)

    def pledged(self) -> OrganisationQuerySet:
        pledges = related_model(self.model, "pledges").objects.active()
        return self.filter(Exists(pledges.filter(organisation=OuterRef("pk"))))


class PledgeQuerySet(models.QuerySet):
    def active(self) -> PledgeQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class PledgeCheckQuerySet(models.QuerySet):
    def latest_per_organisation(self) -> PledgeCheckQuerySet:
        return self.order_by("organisation_id", "-run_on").distinct("organisation_id")


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class VacancyFeedQuerySet(models.QuerySet):
    def due(self) -> VacancyFeedQuerySet:
        """Feeds to import now: every feed that has not been paused after repeated failures."""
        return self.filter(paused_at__isnull=True, organisation__suspended_at__isnull=True)
