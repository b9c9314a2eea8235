from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from goodwork.core.relations import related_model
from jobs.choices import FLEXIBLE_PLACES, Flexibility


class LivingWageRateQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> Decimal | None:
        rate = self.filter(effective_from__lte=day).order_by("-effective_from").first()
        return rate.hourly_rate if rate else None

    def current(self) -> Decimal | None:
        return self.in_force_on(timezone.localdate())


def offering_condition(time_options: Iterable[str] = (), places: Iterable[str] = ()) -> Q:
    """Any of the given options (OR within the group); an empty Q when none is given."""
    condition = Q()
    if time_options:
        condition |= Q(time_options__overlap=list(time_options))
    if places:
        condition |= Q(place__in=list(places))
    return condition


def _active_pledges(vacancies: models.QuerySet) -> models.QuerySet:
    # The employers' pledges, reached through the vacancy's organisation: jobs sits below
    # employers and imports none of its models.
    return related_model(vacancies.model, "organisation__pledges").objects.active()


# PledgeCheck.Status.NOT_MET, spelled out: jobs imports nothing from employers.
PLEDGE_CHECK_NOT_MET = "not_met"


def _latest_checks(vacancies: models.QuerySet) -> models.QuerySet:
    """The checks of the pledge in the enclosing query, the latest first."""
    checks = related_model(vacancies.model, "organisation__pledges__checks").objects
    return checks.filter(pledge=OuterRef("pk")).order_by("-run_on", "-pk")


def _pledges_with_latest_check(vacancies: models.QuerySet) -> models.QuerySet:
    latest = _latest_checks(vacancies)
    return _active_pledges(vacancies).annotate(
        latest_check_status=Subquery(latest.values("status")[:1]),
        latest_check_on=Subquery(latest.values("run_on")[:1]),
    )


def _standing_pledges(vacancies: models.QuerySet) -> models.QuerySet:
    """Active pledges the latest check did not find unmet (a pledge not yet checked stands).

    What the "Fair Flexible pledge" badge claims: an employer whose advertised jobs were last
    found to break its pledge does not wear it until a later check finds otherwise.
    """
    # Spelled out for the unchecked: NOT (NULL = 'not_met') is NULL in SQL, not true.
    return _pledges_with_latest_check(vacancies).filter(
        Q(latest_check_status__isnull=True) | ~Q(latest_check_status=PLEDGE_CHECK_NOT_MET)
    )


# The vacancy offers a concrete flexible working option: a time option, or hybrid or remote
# work. Vacancy.offers_concrete_flexibility is the same rule for one row.
OFFERS_CONCRETE_FLEXIBILITY = Q(time_options__len__gt=0) | Q(place__in=FLEXIBLE_PLACES)
# The employer is happy to talk about flexible working; Vacancy.happy_to_talk for one row.
HAPPY_TO_TALK = Q(flexibility=Flexibility.TALK)

# With VacancyQuerySet.with_active_pledge(): the employer has an active pledge.
HAS_ACTIVE_PLEDGE = Q(active_pledge__isnull=False)


class VacancyQuerySet(models.QuerySet):
    def with_active_pledge(self) -> VacancyQuerySet:
        """Join each vacancy to its employer's active pledge, if any, as `active_pledge`.

        An employer has at most one active pledge (pledge_one_active_per_organisation), so
        the LEFT JOIN adds no rows; tested with HAS_ACTIVE_PLEDGE, it costs one join where
        an IN (active pledges) test would cost a subquery in every count that uses it.
        """
        return self.annotate(
            active_pledge=FilteredRelation(
                "organisation__pledges",
                condition=Q(organisation__pledges__withdrawn_at__isnull=True),
            )
        )

    def published(self) -> VacancyQuerySet:
        return self.filter(status=self.model.Status.PUBLISHED)

    def open(self) -> VacancyQuerySet:
        return self.filter(closing_date__gte=timezone.localdate())

    def from_active_organisations(self) -> VacancyQuerySet:
        return self.filter(organisation__suspended_at__isnull=True)

    def live(self) -> VacancyQuerySet:
        """What residents can see and apply for."""
        return self.published().open().from_active_organisations()

    def for_organisation(self, organisation) -> VacancyQuerySet:
        return self.filter(organisation=organisation)

    def for_organisations(self, organisation_ids: Iterable[int]) -> VacancyQuerySet:
        return self.filter(organisation_id__in=list(organisation_ids))

    def offering(
        self, time_options: Iterable[str] = (), places: Iterable[str] = ()
    ) -> VacancyQuerySet:
        """Any of the given options (OR within the group)."""
        condition = offering_condition(time_options, places)
        return self.filter(condition) if condition else self

    def offering_concrete_flexibility(self) -> VacancyQuerySet:
        return self.filter(OFFERS_CONCRETE_FLEXIBILITY)

    def happy_to_talk(self) -> VacancyQuerySet:
        return self.filter(HAPPY_TO_TALK)

    def with_pledge(self) -> VacancyQuerySet:
        """`employer_pledged`: the employer's active pledge stands (see _standing_pledges)."""
        pledges = _standing_pledges(self).filter(organisation=OuterRef("organisation_id"))
        return self.annotate(employer_pledged=Exists(pledges))

    def with_saved_entry(self, user) -> VacancyQuerySet:
        """`saved_entry_id`: the user's shortlist entry for each vacancy, if they saved it.

        Read through the vacancy's relations: the shortlist belongs to residents, above jobs.
        """
        if not getattr(user, "is_authenticated", False):
            return self.annotate(saved_entry_id=Value(None, output_field=models.BigIntegerField()))
        entries = related_model(self.model, "shortlisted_by").objects.filter(
            vacancy=OuterRef("pk"), resident__user=user
        )
        return self.annotate(saved_entry_id=Subquery(entries.values("pk")[:1]))

    def from_pledged_employers(self) -> VacancyQuerySet:
        # IN, not a correlated EXISTS: PostgreSQL reads the active pledges once into a hash,
        # where EXISTS would probe them again for every row.
        return self.filter(organisation_id__in=_active_pledges(self).values("organisation_id"))

    def for_listing(self) -> VacancyQuerySet:
        """Everything a summary card shows, in the same query."""
        return self.select_related("organisation").with_pledge()

    def for_detail(self) -> VacancyQuerySet:
        """A job page: the listing, plus when the employer signed the pledge and what its
        latest check found (`employer_pledge_check`, a PledgeCheck status, on
        `employer_pledge_checked_on`)."""
        pledges = _pledges_with_latest_check(self).filter(
            organisation=OuterRef("organisation_id")
        )
        return self.for_listing().annotate(
            employer_pledged_on=Subquery(pledges.values("signed_on")[:1]),
            employer_pledge_check=Subquery(pledges.values("latest_check_status")[:1]),
            employer_pledge_checked_on=Subquery(pledges.values("latest_check_on")[:1]),
        )

    def similar_to(self, vacancy) -> VacancyQuerySet:
        """Live jobs a resident might try instead: same sector first, then the newest."""
        return (
            self.live().exclude(pk=vacancy.pk).for_listing()
            .annotate(same_sector=Case(When(sector=vacancy.sector, then=1), default=0))
            .order_by("-same_sector", "-published_at", "-id")
        )

    def public(self) -> VacancyQuerySet:
        """Jobs with a public page: live, or once live and now closed (a 410 page)."""
        status = self.model.Status
        return self.filter(status__in=[status.PUBLISHED, status.CLOSED, status.EXPIRED])

    def published_since(self, since: datetime.datetime) -> VacancyQuerySet:
        return self.filter(published_at__gte=since)

    def closing_by(self, day: datetime.date) -> VacancyQuerySet:
        return self.filter(closing_date__lte=day)

    def past_closing_date(self) -> VacancyQuerySet:
        return self.published().filter(closing_date__lt=timezone.localdate())

    def unmatched(self) -> VacancyQuerySet:
        return self.published().filter(alerts_matched_at__isnull=True)
