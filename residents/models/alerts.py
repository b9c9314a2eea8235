from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from goodwork.core.models import TimeStampedModel
from jobs.choices import ContractType, Place, Sector, TimeOption
from jobs.filters import AREA_CHOICES

ALERT_HOURS_MAX_BELOW_MIN = "The most hours must be the same as or more than the fewest hours."
# A saved search nobody has used for this long gets an email asking whether to keep it,
# and is removed this long after the question if nobody answers.
ALERT_STALE_AFTER = datetime.timedelta(days=365)
ALERT_KEEP_ANSWER_WITHIN = datetime.timedelta(days=30)

# A saved search is "active" (emails go out) under this condition; the partial indexes use it.
ACTIVE_SEARCH = Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True, paused=False)


class SavedSearchQuerySet(models.QuerySet):
    def owned_by(self, user) -> SavedSearchQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user, unsubscribed_at__isnull=True)

    def for_address(self, email: str) -> SavedSearchQuerySet:
        """The alerts still emailing (or waiting to email) this address, with an account or
        without: what the signed link in their emails manages."""
        return self.filter(email__iexact=email.strip(), unsubscribed_at__isnull=True)

    def active(self) -> SavedSearchQuerySet:
        return self.filter(ACTIVE_SEARCH)

    def receiving(self, frequencies) -> SavedSearchQuerySet:
        return self.active().filter(frequency__in=list(frequencies))

    def unused_since(self, moment: datetime.datetime) -> SavedSearchQuerySet:
        return self.filter(last_used_at__lt=moment)

    def not_asked_to_keep(self) -> SavedSearchQuerySet:
        return self.filter(keep_asked_at__isnull=True)

    def keep_unanswered_since(self, moment: datetime.datetime) -> SavedSearchQuerySet:
        # Answering "keep" moves last_used_at past keep_asked_at.
        return self.filter(keep_asked_at__lt=moment, last_used_at__lt=F("keep_asked_at"))


class SavedSearch(TimeStampedModel):
    """A set of search criteria a person wants emailed about.

    Each criterion has its own column so matching is a join (see services/alerts.py), with the
    same meaning as the search page's filters: OR within a group, AND across groups.
    """

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as a job is published"
        DAILY = "daily", "Once a day"
        WEEKLY = "weekly", "Once a week"

    class UnsubscribeReason(models.TextChoices):
        NOT_RELEVANT = "not_relevant", "The jobs were not relevant to me"
        FOUND_JOB = "found_job", "I found a job"
        CIRCUMSTANCES = "circumstances", "My circumstances changed"
        OTHER = "other", "Another reason"

    owner = models.ForeignKey(
        "goodwork.User",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    email = models.EmailField()
    name = models.CharField(max_length=100)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    paused = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.CharField(
        max_length=20, choices=UnsubscribeReason.choices, blank=True
    )
    last_used_at = models.DateTimeField(default=timezone.now)
    keep_asked_at = models.DateTimeField(null=True, blank=True)

    # Criteria
    keywords = models.CharField(max_length=200, blank=True)
    time_options = ArrayField(
        models.CharField(max_length=20, choices=TimeOption.choices), default=list, blank=True
    )
    places = ArrayField(
        models.CharField(max_length=10, choices=Place.choices), default=list, blank=True
    )
    contract_types = ArrayField(
        models.CharField(max_length=20, choices=ContractType.choices), default=list, blank=True
    )
    sectors = ArrayField(
        models.CharField(max_length=20, choices=Sector.choices), default=list, blank=True
    )
    # Ward codes, "elsewhere_london", or "remote" (the search page's area filter).
    areas = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    hours_min = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    hours_max = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    pay_min = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    llw = models.BooleanField("pays the London Living Wage", default=False)
    pledge_only = models.BooleanField("Fair Flexible Work pledge employers only", default=False)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = "job alert"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_min__isnull=True)
                | Q(hours_max__isnull=True)
                | Q(hours_min__lte=F("hours_max")),
                name="savedsearch_hours_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["immediate", "daily", "weekly"]),
                name="savedsearch_frequency_valid",
            ),
        ]
        indexes = [
            GinIndex(fields=["time_options"], name="savedsearch_time_gin"),
            GinIndex(fields=["places"], name="savedsearch_places_gin"),
            GinIndex(fields=["contract_types"], name="savedsearch_contract_gin"),
            GinIndex(fields=["sectors"], name="savedsearch_sectors_gin"),
            GinIndex(fields=["areas"], name="savedsearch_areas_gin"),
            # Matching and sending read active searches only; most rows over time are not.
            models.Index(fields=["frequency"], condition=ACTIVE_SEARCH, name="savedsearch_active"),
            models.Index(
                fields=["last_used_at"],
                condition=Q(unsubscribed_at__isnull=True),
                name="savedsearch_last_used",
            ),
            models.Index(fields=["owner"], name="savedsearch_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.hours_min is not None
            and self.hours_max is not None
            and self.hours_min > self.hours_max
        ):
            raise ValidationError({"hours_max": ALERT_HOURS_MAX_BELOW_MIN})

    @property
    def is_active(self) -> bool:
        return bool(self.confirmed_at) and not self.unsubscribed_at and not self.paused

    @property
    def criteria_params(self) -> list[tuple[str, str]]:
        """The search page's query parameters for these criteria."""
        params: list[tuple[str, str]] = []
        if self.keywords:
            params.append(("q", self.keywords))
        params += [("time", v) for v in self.time_options]
        params += [("place", v) for v in self.places]
        for name in ("hours_min", "hours_max", "pay_min"):
            value = getattr(self, name)
            if value is not None:
                params.append((name, format(value.normalize(), "f")))
        if self.llw:
            params.append(("llw", "on"))
        params += [("contract", v) for v in self.contract_types]
        params += [("sector", v) for v in self.sectors]
        params += [("area", v) for v in self.areas]
        if self.pledge_only:
            params.append(("pledge", "on"))
        return params

    @property
    def query_string(self) -> str:
        return urlencode(self.criteria_params)

    @property
    def criteria_labels(self) -> list[str]:
        """The criteria in plain words, for pages and emails."""
        areas = dict(AREA_CHOICES)
        labels = []
        if self.keywords:
            labels.append(f"Keywords: {self.keywords}")
        labels += [TimeOption(v).label for v in self.time_options]
        labels += [Place(v).label for v in self.places]
        if self.hours_min is not None:
            labels.append(f"At least {self.hours_min.normalize():f} hours a week")
        if self.hours_max is not None:
            labels.append(f"At most {self.hours_max.normalize():f} hours a week")
        if self.pay_min is not None:
            labels.append(f"At least £{self.pay_min:.2f} an hour")
        if self.llw:
            labels.append("Pays the London Living Wage")
        labels += [ContractType(v).label for v in self.contract_types]
        labels += [Sector(v).label for v in self.sectors]
        labels += [areas.get(v, v) for v in self.areas]
        if self.pledge_only:
            labels.append("Fair Flexible Work pledge employers only")
        return labels or ["Every new job"]


class AlertDeliveryQuerySet(models.QuerySet):
    def pending(self) -> AlertDeliveryQuerySet:
        return self.filter(sent_at__isnull=True)

    def sent(self) -> AlertDeliveryQuerySet:
        return self.filter(sent_at__isnull=False)

    def for_owner(self, user) -> AlertDeliveryQuerySet:
        return self.filter(saved_search__owner=user)


class AlertDelivery(models.Model):
    """The ledger: one row per (saved search, vacancy), so each job is emailed once per alert.

    On account deletion the row stays with saved_search set to NULL, so counts of alerts sent
    per vacancy survive without saying who they went to.
    """

    # No index of its own: alertdelivery_unique (saved_search, vacancy) serves lookups by search.
    saved_search = models.ForeignKey(
        SavedSearch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_index=False,
    )
    vacancy = models.ForeignKey(
        "jobs.Vacancy", on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Which worker sent it, for tracing a duplicate or a gap back to a process.
    sent_by = models.CharField(max_length=200, blank=True)

    objects = AlertDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = "job alert delivery"
        verbose_name_plural = "job alert deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "vacancy"], name="alertdelivery_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["saved_search", "id"],
                condition=Q(sent_at__isnull=True),
                name="alertdelivery_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Alert {self.saved_search_id} for vacancy {self.vacancy_id}"
