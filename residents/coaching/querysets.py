"""The reading vocabulary for work coaching, including who may see which resident."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from goodwork.core.relations import related_model

if TYPE_CHECKING:
    from goodwork.core.models import User


def _coach_posts(user: User) -> models.QuerySet:
    return user.coach_roles.filter(active=True, user__is_active=True)


class ConsentQuerySet(models.QuerySet):
    def current(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class CaseloadEntryQuerySet(models.QuerySet):
    def open(self) -> CaseloadEntryQuerySet:
        return self.filter(ended_at__isnull=True)

    def with_consent(self) -> CaseloadEntryQuerySet:
        consent = (
            related_model(self.model, "resident__consents")
            .objects.current()
            .filter(resident=OuterRef("resident_id"), provider=OuterRef("provider_id"))
        )
        return self.filter(Exists(consent))

    def visible_to(self, user: User) -> CaseloadEntryQuerySet:
        """Open entries a coach holds, or any at a provider the user manages, with consent."""
        if not user.is_authenticated:
            return self.none()
        posts = _coach_posts(user)
        return (
            self.open()
            .with_consent()
            .filter(
                Q(coach__in=posts.values("pk"))
                | Q(provider__in=posts.filter(is_manager=True).values("provider_id"))
            )
        )

    def with_summary(self, today: datetime.date | None = None) -> CaseloadEntryQuerySet:
        """Everything the caseload page shows, in the same query as the entries."""
        today = today or timezone.localdate()
        notes = related_model(self.model, "resident__case_notes").objects.filter(
            resident=OuterRef("resident_id"), provider=OuterRef("provider_id")
        )
        open_actions = (
            related_model(self.model, "resident__actions")
            .objects.open()
            .filter(resident=OuterRef("resident_id"), provider=OuterRef("provider_id"))
        )
        barriers = (
            related_model(self.model, "resident__barriers")
            .objects.filter(resident=OuterRef("resident_id"), resolved_on__isnull=True)
            .values("resident_id")
            .annotate(kinds=ArrayAgg("kind", order_by="kind"))
            .values("kinds")
        )
        return self.select_related("resident", "coach__user", "provider").annotate(
            last_contact=Subquery(
                notes.values("resident_id").annotate(last=Max("contact_on")).values("last")
            ),
            next_action_due=Subquery(
                open_actions.values("resident_id").annotate(first=Min("due_on")).values("first")
            ),
            is_overdue=Exists(open_actions.filter(due_on__lt=today)),
            open_barriers=Subquery(
                barriers, output_field=ArrayField(models.CharField(max_length=20))
            ),
        )


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(completed_at__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def for_resident_user(self, user: User) -> ActionQuerySet:
        return self.filter(resident__user=user) if user.is_authenticated else self.none()

    def shared_with(self, resident) -> ActionQuerySet:
        """Actions from providers the resident still shares their plan with."""
        consent = (
            related_model(self.model, "resident__consents")
            .objects.current()
            .filter(
                resident=OuterRef("resident_id"), provider=OuterRef("provider_id"), shares_plan=True
            )
        )
        return self.filter(resident=resident).filter(Exists(consent))


class ReferralQuerySet(models.QuerySet):
    def open(self) -> ReferralQuerySet:
        status = self.model.Status
        return self.exclude(status__in=[status.STARTED, status.UNSUCCESSFUL, status.WITHDRAWN])

    def for_resident_user(self, user: User) -> ReferralQuerySet:
        return self.filter(resident__user=user) if user.is_authenticated else self.none()


class SustainmentCheckQuerySet(models.QuerySet):
    def due(self, today: datetime.date | None = None) -> SustainmentCheckQuerySet:
        return self.filter(due_on__lte=today or timezone.localdate(), recorded_at__isnull=True)

    def unreminded(self) -> SustainmentCheckQuerySet:
        return self.filter(reminder_sent_at__isnull=True)

    def lasted(self) -> SustainmentCheckQuerySet:
        return self.filter(still_in_work=True)
