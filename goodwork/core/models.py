from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

if TYPE_CHECKING:
    from employers.models import Organisation
    from residents.coaching.models import Provider


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. Email is the log-in; roles come from what the user is linked to.

    - resident: has a ``resident`` record (residents.Resident)
    - employer member: has ``memberships`` of organisations (employers.Membership)
    - work coach: has active ``coach_roles`` at providers (residents.Coach)
    - council admin: ``is_staff``
    """

    username = None
    first_name = models.CharField("first name", max_length=150, blank=True)
    last_name = models.CharField("last name", max_length=150, blank=True)
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    # Roles. Each is one query at most, and ``goodwork.core.roles.roles_for`` answers all
    # of them at once for the navigation.
    @property
    def is_council_admin(self) -> bool:
        return self.is_active and self.is_staff

    @property
    def is_resident(self) -> bool:
        return hasattr(self, "resident")

    def is_coach_at(self, provider: Provider | int | None = None) -> bool:
        roles = self.coach_roles.filter(active=True)
        if provider is not None:
            roles = roles.filter(provider=provider)
        return roles.exists()

    def is_manager_at(self, provider: Provider | int) -> bool:
        return self.coach_roles.filter(active=True, provider=provider, is_manager=True).exists()

    def is_member_of(self, organisation: Organisation | int | None = None) -> bool:
        memberships = self.memberships.all()
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        return memberships.exists()

    def is_owner_of(self, organisation: Organisation | int) -> bool:
        # The role through the relation: the core sits below employers and cannot import it.
        owner = self.memberships.model.Role.OWNER
        return self.memberships.filter(organisation=organisation, role=owner).exists()


class SiteSettings(models.Model):
    """Switches council officers change in the admin. One row."""

    moderation_enabled = models.BooleanField(
        "vacancies need council approval before they go live", default=False
    )
    alert_digest_max_jobs = models.PositiveSmallIntegerField(
        "most jobs in one alert email", default=10
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "portal settings"
        verbose_name_plural = "portal settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="sitesettings_single_row"),
            models.CheckConstraint(
                condition=models.Q(alert_digest_max_jobs__gte=1), name="sitesettings_digest_min_1"
            ),
        ]

    def __str__(self) -> str:
        return "Portal settings"

    @classmethod
    def load(cls) -> SiteSettings:
        obj, _ = cls.objects.get_or_create(id=1)
        return obj


class AuditEvent(models.Model):
    """Append-only log: who looked at or changed personal data, when."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Empty for what the portal does by itself (a nightly task), and once an account is erased.
    actor = models.ForeignKey(
        "goodwork.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_label = models.CharField(max_length=254, help_text="Kept if the user is deleted.")
    action = models.CharField(max_length=10, choices=Action.choices)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    # The resident whose record this was, so they can see who viewed it. A plain id, not a
    # foreign key: the core sits below the apps and knows none of their models.
    resident_id = models.BigIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # Stamped by the database, never by the portal, when an erasure replaces the detail or the
    # actor's label with the redaction marker (goodwork.core.audit.audit_redact).
    redacted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["resident_id", "-at"], name="auditevent_resident_at")]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.subject_type}#{self.subject_id}"
