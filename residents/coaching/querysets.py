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


class ProviderScopedQuerySet(models.QuerySet):
    """The one way a coaching record is read, listed, exported or changed by staff.

    A record belongs to the provider that made it. A user sees it only where all of these hold:
    - they may see the resident through that provider: an open caseload entry they hold, or
      one at a provider they manage (CaseloadEntry.visible_to);
    - the resident's current consent to that provider covers the record's kind
      (``model.consent_scope``, the name of a Consent flag);
    - for special-category and criminal-offence data (``sensitive_q``), the same consent
      also covers health information.
    Another provider's records of the same resident are never in the set, whatever the consent.
    """

    resident_path = "resident"
    provider_path = "provider"

    def sensitive_q(self) -> Q | None:
        """Records that hold special-category data, or None if this kind never does."""
        return None

    def visible_to(self, user: User) -> ProviderScopedQuerySet:
        if not user.is_authenticated:
            return self.none()
        resident, provider = OuterRef(self.resident_path), OuterRef(self.provider_path)
        entries = related_model(self.model, f"{self.resident_path}__caseload_entries")
        consents = related_model(self.model, f"{self.resident_path}__consents")
        reachable = entries.objects.visible_to(user).filter(resident=resident, provider=provider)
        consent = consents.objects.current().filter(resident=resident, provider=provider)
        scoped = self.filter(
            Exists(reachable), Exists(consent.filter(**{self.model.consent_scope: True}))
        )
        sensitive = self.sensitive_q()
        if sensitive is not None:
            scoped = scoped.filter(~sensitive | Exists(consent.filter(shares_health=True)))
        return scoped

    def of_entry(self, entry) -> ProviderScopedQuerySet:
        """The records about the entry's resident made by the entry's provider."""
        return self.filter(
            **{self.resident_path: entry.resident_id, self.provider_path: entry.provider_id}
        )


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

    def with_summary(self, user: User, today: datetime.date | None = None) -> CaseloadEntryQuerySet:
        """Everything the caseload page shows, in the same query as the entries: of each
        entry's own provider, and only what ``user`` may see of it."""
        today = today or timezone.localdate()
        same = {"resident": OuterRef("resident_id"), "provider": OuterRef("provider_id")}
        notes = related_model(self.model, "resident__case_notes").objects.visible_to(user)
        notes = notes.filter(**same)
        actions = related_model(self.model, "resident__actions").objects.visible_to(user)
        open_actions = actions.open().filter(**same)
        barriers = (
            related_model(self.model, "resident__barriers")
            .objects.visible_to(user)
            .filter(**same, resolved_on__isnull=True)
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


class CaseNoteQuerySet(ProviderScopedQuerySet):
    pass


class BarrierQuerySet(ProviderScopedQuerySet):
    def sensitive_q(self) -> Q:
        return Q(kind__in=self.model.SENSITIVE_KINDS)


class FlexibleWorkingRequestQuerySet(ProviderScopedQuerySet):
    pass


class JobOutcomeQuerySet(ProviderScopedQuerySet):
    pass


class ActionQuerySet(ProviderScopedQuerySet):
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


class ReferralQuerySet(ProviderScopedQuerySet):
    def open(self) -> ReferralQuerySet:
        status = self.model.Status
        return self.exclude(status__in=[status.STARTED, status.UNSUCCESSFUL, status.WITHDRAWN])

    def for_resident_user(self, user: User) -> ReferralQuerySet:
        return self.filter(resident__user=user) if user.is_authenticated else self.none()


class SustainmentCheckQuerySet(ProviderScopedQuerySet):
    resident_path = "job_outcome__resident"
    provider_path = "job_outcome__provider"

    def due(self, today: datetime.date | None = None) -> SustainmentCheckQuerySet:
        return self.filter(due_on__lte=today or timezone.localdate(), recorded_at__isnull=True)

    def unreminded(self) -> SustainmentCheckQuerySet:
        return self.filter(reminder_sent_at__isnull=True)

    def lasted(self) -> SustainmentCheckQuerySet:
        return self.filter(still_in_work=True)


class ProviderTransferQuerySet(models.QuerySet):
    def pending(self) -> ProviderTransferQuerySet:
        return self.filter(status="pending")

    def visible_to(self, user: User) -> ProviderTransferQuerySet:
        """Moves the user's provider suggested for a resident they may see, and moves still
        waiting to come to a provider the user coaches at. Before the resident agrees, the
        receiving provider sees only the move itself: who, from where, why and how to reach
        them, never the record."""
        if not user.is_authenticated:
            return self.none()
        entries = related_model(self.model, "resident__caseload_entries").objects.visible_to(user)
        sending = entries.filter(
            resident=OuterRef("resident_id"), provider=OuterRef("from_provider_id")
        )
        receiving = Q(status="pending", to_provider__in=_coach_posts(user).values("provider_id"))
        return self.filter(Q(Exists(sending)) | receiving)

    def for_resident_user(self, user: User) -> ProviderTransferQuerySet:
        return self.filter(resident__user=user) if user.is_authenticated else self.none()
