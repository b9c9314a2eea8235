"""Every write to a vacancy goes through one of these functions."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goodwork.core.audit import audit_record
from goodwork.core.models import AuditEvent, SiteSettings, User
from goodwork.core.tasks import task_send_on_commit
from jobs.choices import TimeOption
from jobs.models import LivingWageRate, Vacancy

logger = logging.getLogger(__name__)

ALERTS_MATCH_TASK = "residents.tasks.alerts_match_vacancy_task"
CLOSED_EARLY_NOTIFY_TASK = "residents.tasks.vacancy_closed_early_notify_task"
# The employer is told of the council's decision; its members are the employers app's to email.
APPROVED_NOTIFY_TASK = "employers.tasks.vacancy_approved_notify_task"
SENT_BACK_NOTIFY_TASK = "employers.tasks.vacancy_sent_back_notify_task"
VACANCY_CLOSING_DATE_PASSED = "The closing date must be in the future."
VACANCY_NOT_DRAFT = "Only a draft can be submitted."
VACANCY_NOT_IN_REVIEW = "Only a vacancy waiting for review can be approved or rejected."
VACANCY_NOT_LIVE = "Only a live vacancy can be closed or extended."
VACANCY_EXTEND_NOT_LATER = "The new closing date must be after the current one."
VACANCY_NOT_EDITABLE = (
    "A vacancy that has closed cannot be changed. Copy it into a new draft instead."
)
# What a copy does not take from the original: its identity, its history and workflow state,
# and what the database works out. Every other field is copied, so a field added to the
# vacancy is copied unless it is named here.
NOT_COPIED_FIELDS = frozenset({
    "id", "created_at", "updated_at", "organisation", "created_by", "copied_from", "slug",
    "pay_hourly_min", "pays_living_wage", "search_vector", "status", "submitted_at",
    "published_at", "closed_at", "moderation_note", "sent_back_at", "alerts_matched_at",
    "view_count", "reference", "source",
})
COPIED_FIELDS = [
    field.name for field in Vacancy._meta.concrete_fields if field.name not in NOT_COPIED_FIELDS
]
# A copy whose closing date has passed closes this many days from today instead.
COPY_CLOSING_DAYS = 28
# What residents read and act on, with the names an officer sees in the moderation queue. When
# moderation is on, a change to any of these on a live vacancy sends it back for review. Left
# out: the closing date, which vacancy_extend already moves without review, and the start date;
# neither changes what the job is or where an application goes.
REVIEWED_FIELDS: dict[str, str] = {
    "title": "Job title",
    "summary": "Summary",
    "description": "Description",
    "sector": "Sector",
    "contract_type": "Type of contract",
    "hours_min": "Fewest hours a week",
    "hours_max": "Most hours a week",
    "work_pattern": "Days and times",
    "guaranteed_hours": "Guaranteed hours a week",
    "zero_hours": "Zero-hours contract",
    "is_shift_based": "Shift-based role",
    "rota_weeks_ahead": "Weeks ahead that rotas are published",
    "pay_min": "Lowest pay",
    "pay_max": "Highest pay",
    "pay_period": "Pay is given",
    "flexibility": "Can this role be done flexibly",
    "time_options": "Flexible options",
    "place": "Where the work is done",
    "flexible_details": "More about flexible working",
    "address": "Address of the workplace",
    "postcode": "Postcode",
    "ward": "Ward",
    "apply_url": "Link to apply",
    "apply_email": "Email address to apply to",
}
# The first line of the moderation note of a live vacancy sent back for review; the lines after
# it are "<label>: <value as last approved>", one for each changed field.
REREVIEW_NOTE_HEADING = "Changed after the council approved it. As approved:"


def pays_living_wage(*, vacancy: Vacancy, on: datetime.date) -> bool:
    """Against the generated column pay_hourly_min, as last read from the database.

    After saving a change to the pay or hours, refresh it first:
    vacancy.refresh_from_db(fields=["pay_hourly_min"]).
    """
    rate = LivingWageRate.objects.in_force_on(on)
    hourly = vacancy.pay_hourly_min
    return rate is not None and hourly is not None and hourly >= rate


@transaction.atomic
def vacancy_draft_create(*, organisation, by: User | None, data: dict) -> Vacancy:
    """The first page of the posting form creates the draft, so every later page just saves."""
    vacancy = Vacancy(organisation=organisation, created_by=by, status=Vacancy.Status.DRAFT, **data)
    vacancy.clean_fields(exclude=[f.name for f in Vacancy._meta.fields if f.name not in data])
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, by: User | None, data: dict) -> Vacancy:
    """Save answers from one page of the posting form.

    A draft may be incomplete, so only the answered fields are validated here and
    vacancy_submit validates the whole vacancy. A vacancy that is live or in review must stay
    complete and valid at every save; its living-wage flag is worked out again against the rate
    that was in force when it was published. With moderation on, a live vacancy whose
    REVIEWED_FIELDS change goes back to the council for review.
    """
    if vacancy.status in (Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED):
        raise ValidationError(VACANCY_NOT_EDITABLE)
    # Compared with the saved row, not the instance: a model form has already copied its answers
    # onto the instance by the time it is valid. Locked, so two edits saved at once are compared
    # one after the other.
    stored = (
        None
        if vacancy.status == Vacancy.Status.DRAFT
        else Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    )
    for name, value in data.items():
        setattr(vacancy, name, value)
    if stored is None:
        vacancy.clean_fields(exclude=[f.name for f in Vacancy._meta.fields if f.name not in data])
        vacancy.check_rules(data)
    else:
        vacancy.full_clean()
    changed = [] if stored is None else _reviewed_changes(stored=stored, vacancy=vacancy)
    sent_for_review = (
        bool(changed)
        and vacancy.status == Vacancy.Status.PUBLISHED
        and SiteSettings.load().moderation_enabled
    )
    if sent_for_review:
        vacancy.status = Vacancy.Status.IN_REVIEW
        vacancy.submitted_at = timezone.now()
    if changed and stored is not None and (sent_for_review or _is_rereview(stored)):
        vacancy.moderation_note = _rereview_note(stored=stored, changed=changed)
    vacancy.save()
    if sent_for_review:
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            subject=vacancy,
            detail="Live vacancy sent back for council review after a change to: "
            + ", ".join(REVIEWED_FIELDS[name] for name in changed),
        )
    # The database works out the hourly pay from the answers just saved.
    vacancy.refresh_from_db(fields=["pay_hourly_min"])
    if vacancy.status != Vacancy.Status.DRAFT and vacancy.published_at:
        pays = pays_living_wage(vacancy=vacancy, on=timezone.localdate(vacancy.published_at))
        if pays != vacancy.pays_living_wage:
            vacancy.pays_living_wage = pays
            vacancy.save(update_fields=["pays_living_wage"])
    return vacancy


def _reviewed_changes(*, stored: Vacancy, vacancy: Vacancy) -> list[str]:
    """The REVIEWED_FIELDS whose values differ between the saved row and the instance."""
    changed = []
    for name in REVIEWED_FIELDS:
        before, after = getattr(stored, name), getattr(vacancy, name)
        if name == "time_options":
            # The same options ticked are the same answer, in whatever order they come.
            before, after = sorted(before or []), sorted(after or [])
        if before != after:
            changed.append(name)
    return changed


def _is_rereview(vacancy: Vacancy) -> bool:
    return vacancy.status == Vacancy.Status.IN_REVIEW and vacancy.moderation_note.startswith(
        REREVIEW_NOTE_HEADING
    )


def _shown(vacancy: Vacancy, name: str) -> str:
    """A field's value on one line, as the moderation note gives it."""
    value = getattr(vacancy, name)
    if name == "time_options":
        value = ", ".join(TimeOption(option).label for option in value)
    elif isinstance(value, bool):
        value = "Yes" if value else "No"
    elif value not in (None, "") and hasattr(vacancy, f"get_{name}_display"):
        value = getattr(vacancy, f"get_{name}_display")()
    # One line per field, so a value's own line breaks cannot start a line of its own.
    return " ".join(str(value if value is not None else "").split()) or "(not given)"


def _rereview_note(*, stored: Vacancy, changed: list[str]) -> str:
    """The note with one line per changed field, giving its value as the council approved it.

    While a vacancy waits for review, a field changed again keeps the line it already has:
    the value before this edit is not the one the council approved.
    """
    lines = {}
    if _is_rereview(stored):
        for line in stored.moderation_note.splitlines()[1:]:
            label = line.split(": ", 1)[0]
            lines[label] = line
    for name in changed:
        label = REVIEWED_FIELDS[name]
        lines.setdefault(label, f"{label}: {_shown(stored, name)}")
    ordered = [lines[label] for label in REVIEWED_FIELDS.values() if label in lines]
    return "\n".join([REREVIEW_NOTE_HEADING, *ordered])


def vacancy_review_changes(vacancy: Vacancy) -> list[str]:
    """The names of the fields changed since the council approved the vacancy, for the
    moderation queue; empty unless the vacancy was live and is waiting for review again."""
    if not _is_rereview(vacancy):
        return []
    labels = {line.split(": ", 1)[0] for line in vacancy.moderation_note.splitlines()[1:]}
    return [label for label in REVIEWED_FIELDS.values() if label in labels]


@transaction.atomic
def vacancy_copy(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    """A new draft with everything the original says about the job, its dates included.

    Dates that have passed cannot be posted again: a closing date on or before today becomes
    COPY_CLOSING_DAYS from today (or the start date, if that comes sooner, since people start
    on or after the closing date), and a start date that has passed becomes "as soon as
    possible". The caller compares the copy's dates with the original's to say so.
    """
    copy = Vacancy(
        organisation=vacancy.organisation,
        created_by=by,
        copied_from=vacancy,
        status=Vacancy.Status.DRAFT,
        **{name: getattr(vacancy, name) for name in COPIED_FIELDS},
    )
    today = timezone.localdate()
    if copy.start_date is not None and copy.start_date <= today:
        copy.start_date = None
    if copy.closing_date is None or copy.closing_date <= today:
        default = today + datetime.timedelta(days=COPY_CLOSING_DAYS)
        copy.closing_date = min(default, copy.start_date) if copy.start_date else default
    copy.save()
    return copy


@transaction.atomic
def vacancy_submit(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    """Send a draft for council review, or straight to live when moderation is off."""
    if vacancy.status != Vacancy.Status.DRAFT:
        raise ValidationError(VACANCY_NOT_DRAFT)
    if vacancy.closing_date is not None and vacancy.closing_date <= timezone.localdate():
        raise ValidationError({"closing_date": VACANCY_CLOSING_DATE_PASSED})
    vacancy.full_clean()
    if SiteSettings.load().moderation_enabled:
        vacancy.status = Vacancy.Status.IN_REVIEW
        vacancy.submitted_at = timezone.now()
        vacancy.save(update_fields=["status", "submitted_at", "updated_at"])
        return vacancy
    return vacancy_publish(vacancy=vacancy, by=by)


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    # Reached from a submitted draft (full_clean() required the date) or a vacancy in review
    # (the vacancy_complete_unless_draft constraint does).
    assert vacancy.closing_date is not None
    if vacancy.closing_date <= timezone.localdate():
        raise ValidationError({"closing_date": VACANCY_CLOSING_DATE_PASSED})
    now = timezone.now()
    vacancy.status = Vacancy.Status.PUBLISHED
    # A vacancy approved again after a change while live keeps the day it was first published:
    # residents saw it from then, and its living-wage flag is judged against that day's rate,
    # as every other change to it is.
    vacancy.published_at = vacancy.published_at or now
    vacancy.submitted_at = vacancy.submitted_at or now
    vacancy.refresh_from_db(fields=["pay_hourly_min"])
    vacancy.pays_living_wage = pays_living_wage(
        vacancy=vacancy, on=timezone.localdate(vacancy.published_at)
    )
    # The note belongs to the review that has just ended.
    vacancy.moderation_note = ""
    vacancy.sent_back_at = None
    vacancy.alerts_matched_at = None
    vacancy.full_clean()
    vacancy.save(update_fields=[
        "status", "published_at", "submitted_at", "pays_living_wage", "moderation_note",
        "sent_back_at", "alerts_matched_at", "updated_at",
    ])
    # If the broker is down, the periodic sweep matches every live vacancy not matched yet.
    # Matched again after a review, a search that already had the job gets no second delivery.
    task_send_on_commit(ALERTS_MATCH_TASK, vacancy.id)
    return vacancy


@transaction.atomic
def vacancy_approve(*, vacancy: Vacancy, by: User) -> Vacancy:
    if not by.is_council_admin:
        raise PermissionDenied
    if vacancy.status != Vacancy.Status.IN_REVIEW:
        raise ValidationError(VACANCY_NOT_IN_REVIEW)
    vacancy = vacancy_publish(vacancy=vacancy, by=by)
    task_send_on_commit(APPROVED_NOTIFY_TASK, vacancy.id)
    return vacancy


@transaction.atomic
def vacancy_reject(*, vacancy: Vacancy, by: User, note: str) -> Vacancy:
    if not by.is_council_admin:
        raise PermissionDenied
    if vacancy.status != Vacancy.Status.IN_REVIEW:
        raise ValidationError(VACANCY_NOT_IN_REVIEW)
    vacancy.status = Vacancy.Status.DRAFT
    vacancy.moderation_note = note
    vacancy.sent_back_at = timezone.now()
    vacancy.save(update_fields=["status", "moderation_note", "sent_back_at", "updated_at"])
    task_send_on_commit(SENT_BACK_NOTIFY_TASK, vacancy.id)
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    """Close a live vacancy early."""
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(VACANCY_NOT_LIVE)
    vacancy.status = Vacancy.Status.CLOSED
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["status", "closed_at", "updated_at"])
    # By name: residents who shortlisted the job are the employers app's to tell.
    task_send_on_commit(CLOSED_EARLY_NOTIFY_TASK, vacancy.id)
    return vacancy


@transaction.atomic
def vacancy_extend(*, vacancy: Vacancy, closing_date: datetime.date, by: User | None) -> Vacancy:
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(VACANCY_NOT_LIVE)
    # A live vacancy always has a closing date (the vacancy_complete_unless_draft constraint).
    assert vacancy.closing_date is not None
    if closing_date <= vacancy.closing_date:
        raise ValidationError({"closing_date": VACANCY_EXTEND_NOT_LATER})
    vacancy.closing_date = closing_date
    vacancy.full_clean()
    vacancy.save(update_fields=["closing_date", "updated_at"])
    return vacancy


@transaction.atomic
def vacancies_expire(*, today: datetime.date | None = None) -> int:
    """Live vacancies whose closing date has passed become expired. Returns how many."""
    today = today or timezone.localdate()
    return Vacancy.objects.published().filter(closing_date__lt=today).update(
        status=Vacancy.Status.EXPIRED, closed_at=timezone.now(), updated_at=timezone.now()
    )
