from __future__ import annotations

from django.db import models
from django.db.models import Q

from goodwork.models import TimeStampedModel


class Provider(TimeStampedModel):
    """An employment-support organisation: the council's own team, a charity, a college."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council service"
        CHARITY = "charity", "Charity or community group"
        COLLEGE = "college", "College or adult education"
        OTHER = "other", "Other provider"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    accepts_self_referrals = models.BooleanField(
        "residents can ask this provider for support", default=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Coach(TimeStampedModel):
    """A work coach's post at a provider. Managers see all of the provider's caseloads."""

    user = models.ForeignKey("goodwork.User", on_delete=models.CASCADE, related_name="coach_roles")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="coaches")
    job_title = models.CharField(max_length=150, default="Work coach")
    is_manager = models.BooleanField("provider manager", default=False)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "coaches"
        ordering = ["provider__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="coach_unique_per_provider"),
        ]
        indexes = [models.Index(fields=["user"], condition=Q(active=True), name="coach_active_user")]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.provider})"
