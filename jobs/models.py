from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from goodwork.core.models import TimeStampedModel
from goodwork.core.postcodes import POSTCODE_INVALID, normalise_postcode, postcode_problem
from goodwork.core.templatetags.govuk import pounds
from jobs.choices import (
    FLEXIBLE_PLACES,
    ContractType,
    Flexibility,
    PayPeriod,
    Place,
    Sector,
    TimeOption,
    Ward,
)
from jobs.querysets import LivingWageRateQuerySet, VacancyQuerySet

FLEXIBLE_DETAILS_MAX_WORDS = 75
FLEXIBLE_DETAILS_TOO_LONG = "Flexible working details must be 75 words or fewer."
PAY_MAX_BELOW_MIN = "The highest pay must be the same as or more than the lowest pay."
HOURS_MAX_BELOW_MIN = "The most hours must be the same as or more than the fewest hours."
APPLY_ROUTE_MISSING = "Give a link to apply or an email address to apply to."
FLEXIBLE_OPTIONS_MISSING = "Choose at least one flexible option, or answer 'happy to talk'."
ROTA_WEEKS_MISSING = "Say how many weeks ahead rotas are published."
ZERO_HOURS_GUARANTEED = (
    "A zero-hours contract cannot guarantee any hours. Enter 0 guaranteed hours, or say the "
    "contract is not zero-hours."
)
PAY_BELOW_MINIMUM_WAGE = (
    "This pay works out at {hourly} an hour at its lowest, below the National Living Wage of "
    "{rate} an hour that anyone aged 21 or over must be paid. Pay at least {rate} an hour."
)
PAY_BELOW_APPRENTICE_RATE = (
    "This pay works out at {hourly} an hour at its lowest, below the National Minimum Wage "
    "for apprentices of {rate} an hour. Pay at least {rate} an hour."
)
# A live job closing within this many days is flagged "closing soon" on cards and its page.
CLOSING_SOON_DAYS = 7
# Weeks in a year / months in a year, for hourly equivalents of salaries.
WEEKS_PER_YEAR = Decimal("52")


def validate_word_count(value: str) -> None:
    if len(value.split()) > FLEXIBLE_DETAILS_MAX_WORDS:
        raise ValidationError(FLEXIBLE_DETAILS_TOO_LONG)


def hourly_pay(
    pay: Decimal | None, period: str | None, hours: Decimal | None
) -> Decimal | None:
    """An hourly rate from pay in any period, given weekly hours: hourly_equivalent for one row,
    in Python, for answers not saved yet."""
    if pay is None or not period:
        return None
    if period == PayPeriod.HOUR:
        hourly = pay
    elif not hours:
        return None
    elif period == PayPeriod.WEEK:
        hourly = pay / hours
    elif period == PayPeriod.MONTH:
        hourly = pay * 12 / (WEEKS_PER_YEAR * hours)
    else:
        hourly = pay / (WEEKS_PER_YEAR * hours)
    # PostgreSQL's ROUND on numeric, as the generated column pay_hourly_min is rounded.
    return Decimal(hourly).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class LivingWageRate(models.Model):
    """The London Living Wage, as announced each year by the Living Wage Foundation."""

    hourly_rate = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    effective_from = models.DateField(unique=True)
    announced_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LivingWageRateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "London Living Wage rate"
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="llw_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.hourly_rate} an hour from {self.effective_from:%-d %B %Y}"


class MinimumWageRateQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date, band: str) -> Decimal | None:
        rate = (
            self.filter(band=band, effective_from__lte=day).order_by("-effective_from").first()
        )
        return rate.hourly_rate if rate else None


class MinimumWageRate(models.Model):
    """The National Minimum Wage for one age band (or apprentices), as the government sets it
    each April. Rates for a coming April are added once announced, so a job starting then is
    held to the rate it will have to pay."""

    class Band(models.TextChoices):
        # The National Living Wage is the National Minimum Wage for people aged 21 and over.
        AGED_21_AND_OVER = "21_and_over", "21 and over (National Living Wage)"
        AGED_18_TO_20 = "18_to_20", "18 to 20"
        UNDER_18 = "under_18", "Under 18"
        APPRENTICE = "apprentice", "Apprentice"

    band = models.CharField(max_length=15, choices=Band.choices)
    hourly_rate = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    effective_from = models.DateField()
    announced_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MinimumWageRateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "band"]
        verbose_name = "National Minimum Wage rate"
        constraints = [
            models.UniqueConstraint(
                fields=["band", "effective_from"], name="nmw_rate_one_per_band_and_day"
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="nmw_rate_positive"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_band_display()}: £{self.hourly_rate} an hour "
            f"from {self.effective_from:%-d %B %Y}"
        )


# The rates announced so far, by the day they come into force: (effective from, announced on,
# {band: hourly rate}). The data migration recorded them; this list is for putting them back in
# a database that was emptied (a test's flush, a restored dump). Later rates are added in the
# admin.
NATIONAL_MINIMUM_WAGE_RATES: list[tuple[datetime.date, datetime.date, dict[str, Decimal]]] = [
    (datetime.date(2025, 4, 1), datetime.date(2024, 10, 30), {
        MinimumWageRate.Band.AGED_21_AND_OVER: Decimal("12.21"),
        MinimumWageRate.Band.AGED_18_TO_20: Decimal("10.00"),
        MinimumWageRate.Band.UNDER_18: Decimal("7.55"),
        MinimumWageRate.Band.APPRENTICE: Decimal("7.55"),
    }),
    (datetime.date(2026, 4, 1), datetime.date(2025, 11, 26), {
        MinimumWageRate.Band.AGED_21_AND_OVER: Decimal("12.71"),
        MinimumWageRate.Band.AGED_18_TO_20: Decimal("10.85"),
        MinimumWageRate.Band.UNDER_18: Decimal("8.00"),
        MinimumWageRate.Band.APPRENTICE: Decimal("8.00"),
    }),
]


def hourly_equivalent(pay: str, hours: str) -> Case:
    """SQL for an hourly rate from pay in any period, given weekly hours."""
    return Round(
        Case(
            When(pay_period=PayPeriod.HOUR, then=F(pay)),
            When(pay_period=PayPeriod.WEEK, then=F(pay) / F(hours)),
            When(pay_period=PayPeriod.MONTH, then=F(pay) * Value(12) / (WEEKS_PER_YEAR * F(hours))),
            default=F(pay) / (WEEKS_PER_YEAR * F(hours)),
            output_field=models.DecimalField(max_digits=10, decimal_places=4),
        ),
        2,
    )


class Vacancy(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "Waiting for council review"
        PUBLISHED = "published", "Live"
        CLOSED = "closed", "Closed early"
        EXPIRED = "expired", "Closed"

    class Source(models.TextChoices):
        FORM = "form", "Posting form"
        API = "api", "Recruitment system (API)"
        FEED = "feed", "Recruitment system (feed)"

    organisation = models.ForeignKey(
        "employers.Organisation", on_delete=models.PROTECT, related_name="vacancies"
    )
    created_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    # The job
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, editable=False)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in search results."
    )
    description = models.TextField(
        help_text="Plain text. Leave a blank line between paragraphs; start list items with '- '."
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)

    # Hours
    # The numbers and the closing date may be empty only while the vacancy is a draft being
    # filled in one page at a time; blank=False keeps full_clean() requiring them.
    hours_min = models.DecimalField(
        "fewest hours a week", max_digits=4, decimal_places=1, null=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    hours_max = models.DecimalField(
        "most hours a week", max_digits=4, decimal_places=1, null=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    work_pattern = models.CharField(
        "days and times", max_length=300, blank=True,
        help_text="For example: 'Monday to Wednesday, 9am to 3pm' or 'early and late shifts'.",
    )
    guaranteed_hours = models.DecimalField(
        "guaranteed hours a week", max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    zero_hours = models.BooleanField("zero-hours contract", default=False)
    is_shift_based = models.BooleanField("shift-based role", default=False)
    rota_weeks_ahead = models.PositiveSmallIntegerField(
        "weeks ahead that rotas are published", null=True, blank=True,
        validators=[MaxValueValidator(52)],
    )

    # Pay
    pay_min = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, validators=[MinValueValidator(0)]
    )
    pay_max = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    pay_period = models.CharField(max_length=5, choices=PayPeriod.choices)
    # The lowest hourly rate the job can pay: pay_min spread over the most hours.
    pay_hourly_min = models.GeneratedField(
        expression=hourly_equivalent("pay_min", "hours_max"),
        output_field=models.DecimalField(max_digits=10, decimal_places=2),
        db_persist=True,
    )
    pays_living_wage = models.BooleanField(
        "pays the London Living Wage", default=False, editable=False,
        help_text="Against the rate in force on the day the vacancy was published.",
    )

    # Flexible working
    flexibility = models.CharField(
        "can this role be done flexibly", max_length=5, choices=Flexibility.choices
    )
    time_options = ArrayField(
        models.CharField(max_length=20, choices=TimeOption.choices), default=list, blank=True
    )
    place = models.CharField(max_length=10, choices=Place.choices, default=Place.ON_SITE)
    flexible_details = models.TextField(
        "more about flexible working", blank=True, validators=[validate_word_count]
    )

    # Where
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.CharField(max_length=30, choices=Ward.choices, blank=True)

    # When and how to apply
    start_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for 'as soon as possible'."
    )
    closing_date = models.DateField(null=True)
    apply_url = models.URLField("link to apply", blank=True, max_length=500)
    apply_email = models.EmailField("email to apply to", blank=True)

    # Workflow
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    # When the council last sent the vacancy back to the employer; cleared once it is approved.
    sent_back_at = models.DateTimeField(null=True, blank=True)
    # Set once match alerts have been worked out; the sweep picks up live vacancies without it.
    alerts_matched_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    # How the vacancy came in, and the employer's own reference for it in its recruitment system:
    # the same reference sent again updates the same vacancy. Empty for the posting form's.
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.FORM, editable=False
    )
    reference = models.CharField(
        "reference in the employer's recruitment system", max_length=100, blank=True,
        editable=False,
    )

    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("description", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["-published_at", "-id"]
        # Status values spelled out: Meta's body cannot see Vacancy.Status, which is still
        # being defined (the values are Vacancy.Status's, and the migrations record them so).
        constraints = [
            models.CheckConstraint(condition=Q(hours_min__gt=0), name="vacancy_hours_positive"),
            models.CheckConstraint(
                condition=Q(hours_min__lte=F("hours_max")), name="vacancy_hours_min_lte_max"
            ),
            models.CheckConstraint(condition=Q(pay_min__gte=0), name="vacancy_pay_not_negative"),
            models.CheckConstraint(
                condition=Q(pay_max__isnull=True) | Q(pay_min__lte=F("pay_max")),
                name="vacancy_pay_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(closing_date__gte=Cast("published_at", models.DateField())),
                name="vacancy_closes_after_publication",
            ),
            models.CheckConstraint(
                condition=(
                    ~Q(status__in=["published", "closed", "expired"])
                    | Q(published_at__isnull=False)
                ),
                name="vacancy_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(
                    hours_min__isnull=False, hours_max__isnull=False, pay_min__isnull=False,
                    closing_date__isnull=False,
                ),
                name="vacancy_complete_unless_draft",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "closed", "expired"]),
                name="vacancy_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(zero_hours=False)
                | Q(guaranteed_hours__isnull=True)
                | Q(guaranteed_hours=0),
                name="vacancy_zero_hours_guarantee_none",
            ),
            models.UniqueConstraint(
                fields=["organisation", "reference"], condition=~Q(reference=""),
                name="vacancy_reference_unique",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="vacancy_search_gin"),
            GinIndex(fields=["time_options"], name="vacancy_time_options_gin"),
            # Newest first with its tie-break, so a page of live jobs is read in order from
            # the index instead of sorting every live job (every live job has published_at).
            models.Index(
                fields=["-published_at", "-id"], name="vacancy_live_newest",
                condition=Q(status="published"),
            ),
            # Every column the search page's counts read, so they are an index-only scan of
            # the live jobs (16 MB at 100,000) instead of a visit to each one's heap page
            # (about 20,000 pages). Also "closing soon" and expiry, by its key.
            models.Index(
                fields=["closing_date"],
                include=[
                    "organisation", "id", "time_options", "place", "contract_type", "sector",
                    "ward", "pays_living_wage", "hours_min", "hours_max", "pay_hourly_min",
                    "published_at",
                ],
                name="vacancy_live_facets",
                condition=Q(status="published"),
            ),
            # The live count alone (home page, search) as an index-only scan: a smaller index
            # than vacancy_live_facets for a count that needs one column.
            models.Index(
                fields=["closing_date"], include=["organisation"], name="vacancy_live_closing_org",
                condition=Q(status="published"),
            ),
            models.Index(fields=["organisation", "status"], name="vacancy_org_status"),
            models.Index(
                fields=["id"], name="vacancy_unmatched",
                condition=Q(status="published", alerts_matched_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:120] or "job"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.hours_min is not None
            and self.hours_max is not None
            and self.hours_min > self.hours_max
        ):
            errors["hours_max"] = HOURS_MAX_BELOW_MIN
        if self.pay_max is not None and self.pay_min is not None and self.pay_max < self.pay_min:
            errors["pay_max"] = PAY_MAX_BELOW_MIN
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = APPLY_ROUTE_MISSING
        if self.flexibility == Flexibility.YES and not self.offers_concrete_flexibility:
            errors["time_options"] = FLEXIBLE_OPTIONS_MISSING
        if TimeOption.PREDICTABLE_SHIFTS in (self.time_options or []) and not self.rota_weeks_ahead:
            errors["rota_weeks_ahead"] = ROTA_WEEKS_MISSING
        errors.update(self.rule_errors())
        if errors:
            raise ValidationError(errors)

    def rule_errors(self, answered: Iterable[str] | None = None) -> dict[str, str]:
        """What breaks the rules the law and the data require (VACANCY_RULES), by field.

        clean() runs them all; a draft saved one page at a time runs those that read an answer
        on that page (`answered`, field names), through check_rules(). A rule may tidy what it
        reads: a postcode is stored in its standard form.
        """
        errors: dict[str, str] = {}
        wanted = None if answered is None else set(answered)
        for fields, rule in VACANCY_RULES:
            if wanted is None or wanted & fields:
                errors.update(rule(self))
        return errors

    def check_rules(self, answered: Iterable[str]) -> None:
        errors = self.rule_errors(answered)
        if errors:
            raise ValidationError(errors)

    def minimum_wage_band(self) -> str:
        """The band of the National Minimum Wage the vacancy is held to.

        The portal does not ask for an age limit, and anyone aged 21 or over may apply for any
        job, so every job must pay at least the National Living Wage. Apprentices under 19 or
        in their first year may be paid the apprentice rate, so an apprenticeship is held to
        that rate; the advert cannot say which year its apprentice will be in.
        """
        if self.contract_type == ContractType.APPRENTICESHIP:
            return MinimumWageRate.Band.APPRENTICE
        return MinimumWageRate.Band.AGED_21_AND_OVER

    def minimum_wage_on(self) -> datetime.date:
        """The day whose minimum wage the job must pay: the job must pay the rate from its first
        day, and rates rise each April, so a job starting (or, without a start date, closing)
        after a rise is held to the new rate."""
        today = timezone.localdate()
        later = self.start_date or self.closing_date
        return max(today, later) if later else today

    def get_absolute_url(self) -> str:
        return reverse("jobs:vacancy_detail", kwargs={"pk": self.pk, "slug": self.slug or "job"})

    # Derived facts, read from the row
    @property
    def is_remote(self) -> bool:
        return self.place == Place.REMOTE

    @property
    def offers_concrete_flexibility(self) -> bool:
        """For one row, the rule OFFERS_CONCRETE_FLEXIBILITY (jobs.querysets) applies in SQL."""
        return bool(self.time_options) or self.place in FLEXIBLE_PLACES

    @property
    def happy_to_talk(self) -> bool:
        """For one row, the rule HAPPY_TO_TALK (jobs.querysets) applies in SQL."""
        return self.flexibility == Flexibility.TALK

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.closing_date >= timezone.localdate()

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.EXPIRED) or (
            self.status == self.Status.PUBLISHED and not self.is_live
        )

    def closes_within(self, days: int) -> bool:
        deadline = timezone.localdate() + datetime.timedelta(days=days)
        return self.is_live and self.closing_date <= deadline

    @property
    def is_closing_soon(self) -> bool:
        return self.closes_within(CLOSING_SOON_DAYS)

    @property
    def time_option_labels(self) -> list[str]:
        return [TimeOption(option).label for option in self.time_options]


def _zero_hours_rule(vacancy: Vacancy) -> dict[str, str]:
    if not vacancy.zero_hours:
        return {}
    if vacancy.guaranteed_hours is None:
        # Empty guaranteed hours means "all the hours" on other contracts: on a zero-hours
        # contract it is stored as the none it means.
        vacancy.guaranteed_hours = Decimal("0")
    if vacancy.guaranteed_hours > 0:
        return {"guaranteed_hours": ZERO_HOURS_GUARANTEED}
    return {}


def _postcode_rule(vacancy: Vacancy) -> dict[str, str]:
    if not vacancy.postcode.strip():
        vacancy.postcode = ""
        return {}
    postcode = normalise_postcode(vacancy.postcode)
    if postcode is None:
        return {"postcode": POSTCODE_INVALID}
    vacancy.postcode = postcode
    problem = postcode_problem(postcode, vacancy.ward) if vacancy.ward else None
    return {"postcode": problem} if problem else {}


def _minimum_wage_rule(vacancy: Vacancy) -> dict[str, str]:
    hourly = hourly_pay(vacancy.pay_min, vacancy.pay_period, vacancy.hours_max)
    if hourly is None:
        return {}
    band = vacancy.minimum_wage_band()
    rate = MinimumWageRate.objects.in_force_on(vacancy.minimum_wage_on(), band)
    if rate is None or hourly >= rate:
        return {}
    message = (
        PAY_BELOW_APPRENTICE_RATE
        if band == MinimumWageRate.Band.APPRENTICE
        else PAY_BELOW_MINIMUM_WAGE
    )
    return {"pay_min": message.format(hourly=pounds(hourly), rate=pounds(rate))}


# Each rule with the answers it reads: a draft page that saves one of them runs the rule.
VACANCY_RULES: list[tuple[set[str], Callable[[Vacancy], dict[str, str]]]] = [
    ({"zero_hours", "guaranteed_hours"}, _zero_hours_rule),
    ({"postcode", "ward"}, _postcode_rule),
    (
        {"pay_min", "pay_period", "hours_max", "contract_type", "start_date", "closing_date"},
        _minimum_wage_rule,
    ),
]


class FlexibleJobsSnapshot(models.Model):
    """The Flexible Jobs Index as it stood on one day, taken each night.

    The trend is drawn from these rows rather than recomputed, because a vacancy's past state
    (live or not on a given day) is not kept anywhere else. One row a day: taking it again the
    same day replaces the figures.
    """

    taken_on = models.DateField(unique=True)
    taken_at = models.DateTimeField()
    live_vacancies = models.PositiveIntegerField()
    living_wage_rate = models.DecimalField(
        "London Living Wage in force", max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Counts, not shares, so shares can be recomputed and summed across groups exactly:
    # {"overall": {measure: n}, "sector": {code: {measure: n}},
    #  "contract_type": ..., "pay_band": ...}
    figures = models.JSONField()

    class Meta:
        ordering = ["-taken_on"]
        get_latest_by = "taken_on"
        verbose_name = "flexible jobs index snapshot"

    def __str__(self) -> str:
        return f"Flexible jobs index on {self.taken_on:%-d %B %Y}"
