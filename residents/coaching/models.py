"""Work coaching: consent, caseload entries, notes, barriers, the shared action plan,
referrals, flexible-working requests, job outcomes and whether the job lasted."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from goodwork.core.models import TimeStampedModel
from jobs.choices import ContractType, TimeOption
from residents.coaching.querysets import (
    ActionQuerySet,
    BarrierQuerySet,
    CaseloadEntryQuerySet,
    CaseNoteQuerySet,
    ConsentQuerySet,
    FlexibleWorkingRequestQuerySet,
    JobOutcomeQuerySet,
    ProviderTransferQuerySet,
    ReferralQuerySet,
    SustainmentCheckQuerySet,
)

CONSENT_NOTHING_SHARED = "Choose at least one thing the resident agrees to share."
ENTRY_ENDS_BEFORE_START = "A caseload entry cannot end before it starts."
ACTION_DUE_MISSING = "Enter the date the action is due."
OUTCOME_HOURS_INVALID = "Enter the hours a week, between 0.5 and 60."
SUSTAINMENT_HOURS_MISSING = "Enter the hours a week the resident now works."


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
        app_label = "residents"
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
        app_label = "residents"
        verbose_name_plural = "coaches"
        ordering = ["provider__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="coach_unique_per_provider"),
        ]
        indexes = [
            models.Index(fields=["user"], condition=Q(active=True), name="coach_active_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.provider})"


class CaseStatus(models.TextChoices):
    LOOKING = "looking", "Looking for work"
    IN_WORK_LOOKING = "in_work_looking", "In work and looking for better work"
    IN_WORK = "in_work", "In work"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class BarrierKind(models.TextChoices):
    CHILDCARE = "childcare", "Childcare"
    CARING = "caring", "Caring responsibilities"
    HEALTH = "health", "Health or disability"
    ENGLISH = "english", "English language"
    DIGITAL = "digital", "Digital skills"
    HOUSING = "housing", "Housing"
    DEBT = "debt", "Debt"
    CONVICTIONS = "convictions", "Convictions"
    TRANSPORT = "transport", "Transport"


# Special-category data (health) and criminal-offence data (convictions): recorded and shown
# only where the resident's consent to that provider covers health information.
SENSITIVE_BARRIER_KINDS = frozenset({BarrierKind.HEALTH, BarrierKind.CONVICTIONS})


class ConsentMethod(models.TextChoices):
    ONLINE = "online", "Given online by the resident"
    IN_PERSON = "in_person", "In person, to a work coach"
    PHONE = "phone", "By phone, to a work coach"
    WRITING = "writing", "In writing (letter, email or form)"


class Consent(TimeStampedModel):
    """What a resident agreed to share with a provider. Withdrawal ends access; the row stays."""

    Method = ConsentMethod

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="consents"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.CASCADE, related_name="consents"
    )
    shares_profile = models.BooleanField("their profile and goals", default=True)
    shares_health = models.BooleanField(
        "health information, disability and any convictions", default=False
    )
    shares_plan = models.BooleanField("their action plan and referrals", default=True)
    given_at = models.DateTimeField(default=timezone.now)
    given_by = models.ForeignKey(
        "goodwork.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded it: the resident themselves or their coach.",
    )
    method = models.CharField(
        "how it was given", max_length=10, choices=ConsentMethod.choices
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "provider"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(shares_profile=True) | Q(shares_health=True) | Q(shares_plan=True),
                name="consent_shares_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} consents to {self.provider}"

    def clean(self) -> None:
        if not (self.shares_profile or self.shares_health or self.shares_plan):
            raise ValidationError(CONSENT_NOTHING_SHARED)


class CaseloadEntry(TimeStampedModel):
    """A resident on one coach's caseload for a stretch of time. Transfers end one and start
    another, so the history of who supported whom is never overwritten."""

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="caseload_entries"
    )
    coach = models.ForeignKey(
        "residents.Coach", on_delete=models.PROTECT, related_name="caseload_entries"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="caseload_entries"
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.LOOKING)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    goals = models.TextField(blank=True, max_length=2000)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    objects = CaseloadEntryQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-started_at"]
        verbose_name_plural = "caseload entries"
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "provider"],
                condition=Q(ended_at__isnull=True),
                name="caseload_one_open_entry_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="caseload_entry_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} with {self.coach}"

    def clean(self) -> None:
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError(ENTRY_ENDS_BEFORE_START)


class CaseNote(TimeStampedModel):
    class Contact(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video call"
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="case_notes"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="case_notes"
    )
    author = models.ForeignKey(
        "residents.Coach", on_delete=models.PROTECT, related_name="case_notes"
    )
    contact_on = models.DateField("date of contact")
    contact_type = models.CharField("type of contact", max_length=10, choices=Contact.choices)
    text = models.TextField("note", max_length=5000)

    consent_scope = "shares_profile"
    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-contact_on", "-created_at"]
        indexes = [models.Index(fields=["resident", "-contact_on"])]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {self.contact_on}"


class Barrier(TimeStampedModel):
    """One barrier over one stretch of time, as one provider recorded it; a change is a new
    row or an end date."""

    SENSITIVE_KINDS = SENSITIVE_BARRIER_KINDS

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="barriers"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="barriers"
    )
    kind = models.CharField(max_length=20, choices=BarrierKind.choices)
    identified_on = models.DateField(default=timezone.localdate)
    resolved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "residents.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    consent_scope = "shares_profile"
    objects = BarrierQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-identified_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "provider", "kind"],
                condition=Q(resolved_on__isnull=True),
                name="barrier_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(resolved_on__gte=models.F("identified_on")),
                name="barrier_resolved_after_identified",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_sensitive(self) -> bool:
        return self.kind in SENSITIVE_BARRIER_KINDS


class Action(TimeStampedModel):
    """One step in the plan the resident and coach agree together."""

    class Owner(models.TextChoices):
        RESIDENT = "resident", "Resident"
        COACH = "coach", "Work coach"

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="actions"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="actions"
    )
    created_by = models.ForeignKey(
        "residents.Coach", on_delete=models.PROTECT, related_name="actions_agreed"
    )
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=10, choices=Owner.choices)
    due_on = models.DateField("due date")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    consent_scope = "shares_plan"
    objects = ActionQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["completed_at", "due_on"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(completed_at__isnull=True), name="action_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and self.due_on < timezone.localdate()


class ReferralStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    APPLIED = "applied", "Applied"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    STARTED = "started", "Started"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Where each status may go next; the three final ones go nowhere.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SUGGESTED: frozenset({ReferralStatus.APPLIED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.APPLIED: frozenset(
        {
            ReferralStatus.INTERVIEW,
            ReferralStatus.OFFER,
            ReferralStatus.UNSUCCESSFUL,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.INTERVIEW: frozenset(
        {ReferralStatus.OFFER, ReferralStatus.UNSUCCESSFUL, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.OFFER: frozenset({ReferralStatus.STARTED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.STARTED: frozenset(),
    ReferralStatus.UNSUCCESSFUL: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}


class Referral(TimeStampedModel):
    # On the model too, so its QuerySet (which models.py imports) can name the statuses.
    Status = ReferralStatus

    class Response(models.TextChoices):
        INTERESTED = "interested", "Interested"
        NOT_FOR_ME = "not_for_me", "Not for me"

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="referrals"
    )
    vacancy = models.ForeignKey("jobs.Vacancy", on_delete=models.PROTECT, related_name="referrals")
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="referrals"
    )
    coach = models.ForeignKey("residents.Coach", on_delete=models.PROTECT, related_name="referrals")
    message = models.CharField("why this job suits them", max_length=1000, blank=True)
    status = models.CharField(
        max_length=15, choices=ReferralStatus.choices, default=ReferralStatus.SUGGESTED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    consent_scope = "shares_plan"
    objects = ReferralQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "vacancy"], name="referral_unique_per_vacancy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} referred to {self.vacancy}"

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        allowed = REFERRAL_TRANSITIONS[self.status]
        return [(value, label) for value, label in ReferralStatus.choices if value in allowed]


class FlexibleWorkingRequest(TimeStampedModel):
    """A statutory request prepared with the resident: the answers and the letter as sent."""

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="flexible_working_requests"
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="flexible_working_requests"
    )
    prepared_by = models.ForeignKey("residents.Coach", on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(max_length=200)
    start_date = models.DateField()
    answers = models.JSONField()
    letter = models.TextField()

    consent_scope = "shares_plan"
    objects = FlexibleWorkingRequestQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Flexible working request to {self.employer_name}"


class JobOutcome(TimeStampedModel):
    """A job start. When the resident's record is erased the outcome stays, with no one named,
    so the provider's and the council's counts of job starts and of jobs that lasted stay."""

    resident = models.ForeignKey(
        "residents.Resident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_outcomes",
    )
    provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="job_outcomes"
    )
    coach = models.ForeignKey(
        "residents.Coach", on_delete=models.PROTECT, related_name="job_outcomes"
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="job_outcome"
    )
    start_date = models.DateField()
    employer_name = models.CharField("employer", max_length=200)
    job_title = models.CharField(max_length=150)
    hours_per_week = models.DecimalField(
        "hours a week",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    hourly_pay = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    flexible_options = ArrayField(
        models.CharField(max_length=20, choices=TimeOption.choices), default=list, blank=True
    )
    # Fixed when the outcome is recorded, against the rate in force on the start date.
    living_wage_rate = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    below_living_wage = models.BooleanField(default=False)
    fewer_hours_than_wanted = models.BooleanField(default=False)

    consent_scope = "shares_plan"
    objects = JobOutcomeQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer_name}"

    @property
    def in_work_poverty_risk(self) -> bool:
        return self.below_living_wage or self.fewer_hours_than_wanted


class SustainmentCheck(TimeStampedModel):
    """Did the job last 13, 26 or 52 weeks, and at what hours and pay? One row per milestone."""

    class Milestone(models.IntegerChoices):
        WEEK_13 = 13, "13 weeks"
        WEEK_26 = 26, "26 weeks"
        WEEK_52 = 52, "52 weeks"

    job_outcome = models.ForeignKey(
        JobOutcome, on_delete=models.CASCADE, related_name="sustainment_checks"
    )
    weeks = models.PositiveSmallIntegerField(choices=Milestone.choices)
    due_on = models.DateField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "residents.Coach", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    still_in_work = models.BooleanField(null=True, blank=True)
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    hourly_pay = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    consent_scope = "shares_plan"
    objects = SustainmentCheckQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_outcome", "weeks"], name="sustainment_once_per_milestone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.job_outcome}"

    @property
    def name(self) -> str:
        """As people say it: "13-week check"."""
        return f"{self.weeks}-week check"

    def clean(self) -> None:
        if self.still_in_work and self.hours_per_week is None:
            raise ValidationError({"hours_per_week": SUSTAINMENT_HOURS_MISSING})


def sustainment_due_on(start: datetime.date, weeks: int) -> datetime.date:
    return start + datetime.timedelta(weeks=weeks)


class ProviderTransfer(TimeStampedModel):
    """A move to another provider, which the resident must agree to: online, or told to a coach
    of the receiving provider, who records how. Once agreed, the resident has given consent to
    the new provider and the sending provider's consent and caseload entry have ended."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the resident to agree"
        AGREED = "agreed", "Agreed by the resident"
        DECLINED = "declined", "Declined by the resident"
        CANCELLED = "cancelled", "Cancelled"

    resident = models.ForeignKey(
        "residents.Resident", on_delete=models.CASCADE, related_name="provider_transfers"
    )
    from_provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="transfers_out"
    )
    from_coach = models.ForeignKey("residents.Coach", on_delete=models.PROTECT, related_name="+")
    to_provider = models.ForeignKey(
        "residents.Provider", on_delete=models.PROTECT, related_name="transfers_in"
    )
    reason = models.CharField("why the move would help", max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "goodwork.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.OneToOneField(
        Consent, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfer"
    )

    objects = ProviderTransferQuerySet.as_manager()

    class Meta:
        app_label = "residents"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "to_provider"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_provider",
            ),
            models.CheckConstraint(
                condition=~Q(from_provider=models.F("to_provider")),
                name="transfer_to_another_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} from {self.from_provider} to {self.to_provider}"
