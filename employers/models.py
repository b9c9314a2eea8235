from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from employers.querysets import (
    ApiKeyQuerySet,
    OrganisationQuerySet,
    PledgeCheckQuerySet,
    PledgeQuerySet,
    VacancyFeedQuerySet,
)
from goodwork.core.models import TimeStampedModel
from jobs.choices import Sector, Ward

COMPANIES_HOUSE_NUMBER_INVALID = (
    "Enter a Companies House number in the correct format, like 01234567 or SC123456."
)
COMPANIES_HOUSE_NUMBER_TAKEN = (
    "An organisation with this Companies House number is already registered. "
    "Ask one of its owners to invite you."
)
# Eight digits, or two letters (Scotland, Northern Ireland, LLPs and so on) then six digits.
COMPANIES_HOUSE_RE = re.compile(r"^(\d{8}|[A-Z]{2}\d{6}|[A-Z]{2}\d{5}[A-Z])$")


def validate_companies_house_number(value: str) -> None:
    if not COMPANIES_HOUSE_RE.match(value.strip().upper()):
        raise ValidationError(COMPANIES_HOUSE_NUMBER_INVALID)


class Organisation(TimeStampedModel):
    class SizeBand(models.TextChoices):
        MICRO = "micro", "1 to 9 people"
        SMALL = "small", "10 to 49 people"
        MEDIUM = "medium", "50 to 249 people"
        LARGE = "large", "250 people or more"

    class DisabilityConfident(models.TextChoices):
        NONE = "none", "Not signed up"
        COMMITTED = "committed", "Disability Confident Committed (level 1)"
        EMPLOYER = "employer", "Disability Confident Employer (level 2)"
        LEADER = "leader", "Disability Confident Leader (level 3)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[validate_companies_house_number]
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.CharField(max_length=30, choices=Ward.choices, blank=True)
    website = models.URLField(blank=True)
    living_wage_accredited = models.BooleanField("accredited Living Wage employer", default=False)
    disability_confident = models.CharField(
        max_length=10, choices=DisabilityConfident.choices, default=DisabilityConfident.NONE
    )
    flexible_working_statement = models.TextField(
        "flexible working at our organisation", blank=True, max_length=1500
    )
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=~Q(companies_house_number=""),
                name="organisation_companies_house_unique",
                violation_error_message=COMPANIES_HOUSE_NUMBER_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:180] or "organisation"
            slug, n = base, 1
            while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        self.companies_house_number = self.companies_house_number.strip().upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("employers:organisation_public", kwargs={"slug": self.slug})

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MEMBER = "member", "Member"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey("goodwork.User", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.organisation}"


class Invitation(TimeStampedModel):
    """An owner's invitation to a colleague; accepted through a signed, expiring link."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        "goodwork.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"


class PledgeVersion(models.Model):
    """The Fair Flexible Work commitments and the thresholds the council sets for them."""

    number = models.PositiveSmallIntegerField(unique=True)
    published_on = models.DateField()
    commitments = models.TextField(
        help_text="The commitments as the employer reads them, one per line."
    )
    min_flexible_share = models.PositiveSmallIntegerField(
        "share of vacancies that must offer a concrete flexible option (%)",
        default=50, validators=[MaxValueValidator(100)],
    )
    at_risk_margin = models.PositiveSmallIntegerField(
        "margin below the share that counts as 'at risk' rather than 'not met' (percentage points)",
        default=10, validators=[MaxValueValidator(100)],
    )
    min_rota_weeks = models.PositiveSmallIntegerField(
        "weeks ahead shift rotas must be published", default=4, validators=[MinValueValidator(1)]
    )
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="pledgeversion_one_current"),
            models.CheckConstraint(
                condition=Q(min_flexible_share__lte=100), name="pledgeversion_share_lte_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Fair Flexible Work pledge, version {self.number}"

    @property
    def commitment_list(self) -> list[str]:
        return [line.strip() for line in self.commitments.splitlines() if line.strip()]

    @property
    def min_flexible_fraction(self) -> Decimal:
        return Decimal(self.min_flexible_share) / 100


class Pledge(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="pledges")
    signed_by = models.ForeignKey(
        "goodwork.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signatory_name = models.CharField(max_length=200)
    signatory_role = models.CharField("job title", max_length=200)
    signed_on = models.DateField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(withdrawn_at__isnull=True),
                name="pledge_one_active_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} pledge ({self.signed_on})"


class PledgeCheck(models.Model):
    """One organisation's result for one day's pledge check."""

    class Status(models.TextChoices):
        MET = "met", "Met"
        AT_RISK = "at_risk", "At risk"
        NOT_MET = "not_met", "Not met"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pledge_checks"
    )
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="checks")
    run_on = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    vacancies_checked = models.PositiveIntegerField(default=0)
    # One entry per commitment:
    # {"commitment": 1, "status": "met", "reason": "...", "vacancy_ids": [..]}
    results = models.JSONField(default=list)
    checked_at = models.DateTimeField(auto_now=True)

    objects = PledgeCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-run_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "run_on"], name="pledgecheck_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.run_on}: {self.get_status_display()}"


class PledgeCheckRun(models.Model):
    """The ledger of check runs: one row per day, so a rerun replaces rather than adds."""

    run_on = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    organisations_checked = models.PositiveIntegerField(default=0)
    triggered_by = models.CharField(max_length=100, default="schedule")

    class Meta:
        ordering = ["-run_on"]

    def __str__(self) -> str:
        return f"Pledge check run {self.run_on}"


# -- Recruitment systems: keys for the API, and feeds -------------------------------------------


class ApiKey(TimeStampedModel):
    """A key an organisation's recruitment system sends with each API request.

    The key is shown once, when it is made; only its SHA-256 is kept. A fast hash is enough:
    the key is 32 random bytes, so there is nothing to guess that a slow hash would protect.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField("what the key is for", max_length=100)
    # The key's first characters, kept in clear so that owners can tell their keys apart.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.organisation}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class VacancyFeed(TimeStampedModel):
    """An address where an organisation publishes its vacancies, imported every hour."""

    class Format(models.TextChoices):
        API = "api", "JSON in the shape the portal's API takes"
        JSON_LD = "jsonld", "schema.org JobPosting (JSON-LD)"

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="vacancy_feed"
    )
    url = models.URLField("feed address", max_length=500)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.API)
    created_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Runs that failed one after another; at VACANCY_FEED_MAX_FAILURES the feed is paused.
    failures = models.PositiveSmallIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    objects = VacancyFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Vacancy feed of {self.organisation}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class VacancyFeedRun(models.Model):
    """One import of a feed: what it did, and each vacancy it could not take, with why."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Failed"

    feed = models.ForeignKey(VacancyFeed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # Why the whole run failed (the feed could not be read), if it did.
    message = models.CharField(max_length=500, blank=True)
    # One entry per vacancy not taken: {"reference": "...", "errors": {"field": ["..."]}}
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feedrun_feed_latest")]

    def __str__(self) -> str:
        return f"{self.feed} at {self.started_at:%Y-%m-%d %H:%M}"
