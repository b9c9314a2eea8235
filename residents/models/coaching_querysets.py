"""The reading vocabulary for work coaching, including who may see which resident."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

if TYPE_CHECKING:
    from goodwork.models import User


def _model(name: str) -> type[models.Model]:
    return apps.get_model("residents", name)


def _coach_posts(user: User) -> models.QuerySet:
    return _model("Coach").objects.filter(user=user, active=True, user__is_active=True)


class ConsentQuerySet(models.QuerySet):
    def current(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class CaseloadEntryQuerySet(models.QuerySet):
    def open(self) -> CaseloadEntryQuerySet:
        return self.filter(ended_at__isnull=True)

    def with_consent(self) -> CaseloadEntryQuerySet:
        consent = (
            _model("Consent")
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
        notes = _model("CaseNote").objects.filter(
            resident=OuterRef("resident_id"), provider=OuterRef("provider_id")
        )
        open_actions = (
            _model("Action")
            .objects.open()
            .filter(resident=OuterRef("resident_id"), provider=OuterRef("provider_id"))
        )
        barriers = (
            _model("Barrier")
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


class ResidentAccessMixin:
    """``Resident.objects.visible_to(user)``: the one place a coach's access is decided."""

    def visible_to(self, user: User) -> models.QuerySet:
        entries = _model("CaseloadEntry").objects.visible_to(user)
        return self.filter(Exists(entries.filter(resident=OuterRef("pk"))))


class ResidentQuerySet(ResidentAccessMixin, models.QuerySet):
    pass


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
            _model("Consent")
            .objects.current()
            .filter(
                resident=OuterRef("resident_id"), provider=OuterRef("provider_id"), shares_plan=True
            )
        )
        return self.filter(resident=resident).filter(Exists(consent))


class ReferralQuerySet(models.QuerySet):
    def open(self) -> ReferralQuerySet:
        return self.exclude(status__in=["started", "unsuccessful", "withdrawn"])

    def for_resident_user(self, user: User) -> ReferralQuerySet:
        return self.filter(resident__user=user) if user.is_authenticated else self.none()


class SustainmentCheckQuerySet(models.QuerySet):
    def due(self, today: datetime.date | None = None) -> SustainmentCheckQuerySet:
        return self.filter(due_on__lte=today or timezone.localdate(), recorded_at__isnull=True)

    def unreminded(self) -> SustainmentCheckQuerySet:
        return self.filter(reminder_sent_at__isnull=True)

    def lasted(self) -> SustainmentCheckQuerySet:
        return self.filter(still_in_work=True)
