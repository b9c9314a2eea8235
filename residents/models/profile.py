from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from goodwork.core.models import TimeStampedModel
from jobs.choices import Day, Place, Sector, TimeOption, Ward
from residents.querysets import ResidentQuerySet

HOURS_MAX_BELOW_MIN = "The most hours must be the same as or more than the fewest hours."
HEALTH_WITHOUT_CONSENT = (
    "You can only tell us about a health condition if you agree to us keeping it."
)


class Resident(TimeStampedModel):
    """A person looking for good work: with an account, or added by a work coach."""

    class Caring(models.TextChoices):
        NONE = "none", "No caring responsibilities"
        CHILDREN = "children", "I look after children"
        ADULT = "adult", "I care for an adult"
        BOTH = "both", "I look after children and care for an adult"

    class DayPart(models.TextChoices):
        MORNINGS = "mornings", "Mornings"
        AFTERNOONS = "afternoons", "Afternoons"
        EVENINGS = "evenings", "Evenings"
        NIGHTS = "nights", "Nights"

    user = models.OneToOneField(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="resident"
    )
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    # What work fits their life
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.CharField(max_length=30, choices=Ward.choices, blank=True)
    hours_min = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    hours_max = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    days_available = ArrayField(
        models.CharField(max_length=3, choices=Day.choices), default=list, blank=True
    )
    times_available = ArrayField(
        models.CharField(max_length=10, choices=DayPart.choices), default=list, blank=True
    )
    time_options_needed = ArrayField(
        models.CharField(max_length=20, choices=TimeOption.choices), default=list, blank=True
    )
    time_options_preferred = ArrayField(
        models.CharField(max_length=20, choices=TimeOption.choices), default=list, blank=True
    )
    places_wanted = ArrayField(
        models.CharField(max_length=10, choices=Place.choices), default=list, blank=True
    )
    sectors = ArrayField(
        models.CharField(max_length=20, choices=Sector.choices), default=list, blank=True
    )
    pay_needed_hourly = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    caring = models.CharField(max_length=10, choices=Caring.choices, blank=True)
    # Special category data (UK GDPR article 9): kept only with explicit consent.
    health_consent_at = models.DateTimeField(null=True, blank=True)
    health_condition = models.TextField(blank=True, max_length=2000)
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(hours_min__isnull=True)
                    | Q(hours_max__isnull=True)
                    | Q(hours_min__lte=F("hours_max"))
                ),
                name="resident_hours_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(health_condition="") | Q(health_consent_at__isnull=False),
                name="resident_health_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if (
            self.hours_min is not None
            and self.hours_max is not None
            and self.hours_min > self.hours_max
        ):
            raise ValidationError({"hours_max": HOURS_MAX_BELOW_MIN})
        if self.health_condition and not self.health_consent_at:
            raise ValidationError({"health_condition": HEALTH_WITHOUT_CONSENT})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ShortlistQuerySet(models.QuerySet):
    def of_resident(self, resident: Resident) -> ShortlistQuerySet:
        return self.filter(resident=resident)

    def owned_by(self, user) -> ShortlistQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(resident__user=user)


class Shortlist(TimeStampedModel):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="shortlist")
    vacancy = models.ForeignKey(
        "jobs.Vacancy", on_delete=models.CASCADE, related_name="shortlisted_by"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    closed_early_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "vacancy"], name="shortlist_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} shortlisted {self.vacancy}"
