"""Saved searches: creating, confirming, changing and unsubscribing, and their signed links.

Matching and sending live in residents.services.alert_delivery.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Field
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from goodwork.core.models import User
from goodwork.core.siteurl import absolute_url
from residents.models import SavedSearch
from residents.models.alerts import ALERT_KEEP_ANSWER_WITHIN

ALERT_ALREADY_UNSUBSCRIBED = "You have already unsubscribed from this alert."
ALERT_LINK_INVALID = "This link is not valid. It may be incomplete or out of date."
ALERT_NO_CRITERIA_NAME = "New jobs"
ALERT_TOO_MANY_UNCONFIRMED = (
    "We have already sent several confirmation emails to this address today. "
    "Follow the link in one of them, or try again tomorrow."
)
# Anyone can type any address: cap the confirmation emails one address can be sent a day.
UNCONFIRMED_PER_ADDRESS_PER_DAY = 3

CONFIRM_SALT = "residents.alerts.confirm"
UNSUBSCRIBE_SALT = "residents.alerts.unsubscribe"
KEEP_SALT = "residents.alerts.keep"
MANAGE_SALT = "residents.alerts.manage"
CONFIRM_LINK_MAX_AGE = 7 * 24 * 3600
KEEP_LINK_MAX_AGE = int((ALERT_KEEP_ANSWER_WITHIN.total_seconds()) + 7 * 24 * 3600)


# -- Signed links -------------------------------------------------------------------------------


def _token(search: SavedSearch, salt: str) -> str:
    # The email is part of the payload so a link stops working if the alert's address changes.
    payload = {"id": search.pk, "e": search.email}
    if salt == UNSUBSCRIBE_SALT:
        # Never expires, and stays the same in every email for the alert.
        return signing.Signer(salt=salt).sign_object(payload, compress=True)
    return signing.dumps(payload, salt=salt, compress=True)


def _search_from_token(token: str, salt: str, max_age: int | None = None) -> SavedSearch:
    try:
        if salt == UNSUBSCRIBE_SALT:
            payload = signing.Signer(salt=salt).unsign_object(token)
        else:
            payload = signing.loads(token, salt=salt, max_age=max_age)
        return SavedSearch.objects.get(pk=payload["id"], email=payload["e"])
    except (signing.BadSignature, SavedSearch.DoesNotExist, KeyError, TypeError) as exc:
        raise ValidationError(ALERT_LINK_INVALID) from exc


def confirm_token(search: SavedSearch) -> str:
    return _token(search, CONFIRM_SALT)


def unsubscribe_token(search: SavedSearch) -> str:
    return _token(search, UNSUBSCRIBE_SALT)


def keep_token(search: SavedSearch) -> str:
    return _token(search, KEEP_SALT)


def saved_search_from_confirm_token(token: str) -> SavedSearch:
    return _search_from_token(token, CONFIRM_SALT, max_age=CONFIRM_LINK_MAX_AGE)


def saved_search_from_unsubscribe_token(token: str) -> SavedSearch:
    return _search_from_token(token, UNSUBSCRIBE_SALT)


def saved_search_from_keep_token(token: str) -> SavedSearch:
    return _search_from_token(token, KEEP_SALT, max_age=KEEP_LINK_MAX_AGE)


def unsubscribe_url(search: SavedSearch) -> str:
    return absolute_url(
        reverse("residents:alert_unsubscribe", kwargs={"token": unsubscribe_token(search)})
    )


# The link to manage every alert of one address, for people without an account. It names the
# address, not an alert, so one link in any email reaches all of them. Like the unsubscribe
# link it never expires: an alert email a year old must still let its reader stop the emails,
# and it gives no more than what arrives in that mailbox anyway (the alerts' searches).


def manage_token(email: str) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign_object({"e": email.strip().lower()}, compress=True)


def email_from_manage_token(token: str) -> str:
    try:
        payload = signing.Signer(salt=MANAGE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise ValidationError(ALERT_LINK_INVALID) from exc
    email = payload.get("e") if isinstance(payload, dict) else None
    if not isinstance(email, str) or not email:
        raise ValidationError(ALERT_LINK_INVALID)
    return email


def manage_url(email: str) -> str:
    return absolute_url(reverse("residents:alert_manage", kwargs={"token": manage_token(email)}))


# -- Saved searches -----------------------------------------------------------------------------

CRITERIA_FIELDS = (
    "keywords",
    "time_options",
    "places",
    "contract_types",
    "sectors",
    "areas",
    "hours_min",
    "hours_max",
    "pay_min",
    "llw",
    "pledge_only",
)


@transaction.atomic
def saved_search_create(
    *, criteria: dict, name: str, frequency: str, email: str, owner: User | None
) -> SavedSearch:
    """Signed-in people with a verified address are confirmed at once; anyone else is sent a
    link to confirm, and nothing else is sent until they follow it."""
    search = SavedSearch(
        owner=owner,
        email=email.strip().lower(),
        name=name.strip() or ALERT_NO_CRITERIA_NAME,
        frequency=frequency,
        **{key: criteria[key] for key in CRITERIA_FIELDS if key in criteria},
    )
    if owner is not None and _has_verified_address(owner, search.email):
        search.confirmed_at = timezone.now()
    elif (
        SavedSearch.objects.filter(
            email=search.email,
            confirmed_at__isnull=True,
            created_at__gte=timezone.now() - datetime.timedelta(days=1),
        ).count()
        >= UNCONFIRMED_PER_ADDRESS_PER_DAY
    ):
        raise ValidationError({"email": ALERT_TOO_MANY_UNCONFIRMED})
    search.full_clean()
    search.save()
    if search.confirmed_at is None:
        transaction.on_commit(lambda: _send_confirmation(search))
    return search


def _has_verified_address(user: User, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _send_confirmation(search: SavedSearch) -> None:
    context = {
        "search": search,
        "confirm_url": absolute_url(
            reverse("residents:alert_confirm", kwargs={"token": confirm_token(search)})
        ),
        "service_name": settings.SERVICE_NAME,
    }
    build_email("confirm", context, to=search.email).send()


@transaction.atomic
def saved_search_confirm(*, saved_search: SavedSearch) -> SavedSearch:
    if saved_search.unsubscribed_at:
        raise ValidationError(ALERT_ALREADY_UNSUBSCRIBED)
    if saved_search.confirmed_at is None:
        saved_search.confirmed_at = timezone.now()
        saved_search.last_used_at = saved_search.confirmed_at
        saved_search.save(update_fields=["confirmed_at", "last_used_at", "updated_at"])
    return saved_search


@transaction.atomic
def saved_search_update(
    *, saved_search: SavedSearch, name: str, frequency: str, paused: bool, criteria: dict
) -> SavedSearch:
    """Jobs already matched under the old criteria still go out with the next email: matching
    is done once per job, and such a job may meet the new criteria too."""
    saved_search.name = name.strip()
    saved_search.frequency = frequency
    saved_search.paused = paused
    for key in CRITERIA_FIELDS:
        # A criterion left out is cleared, as a search page without that filter.
        setattr(saved_search, key, criteria[key] if key in criteria else _cleared(key))
    saved_search.last_used_at = timezone.now()
    saved_search.full_clean()
    saved_search.save(
        update_fields=[
            "name",
            "frequency",
            "paused",
            *CRITERIA_FIELDS,
            "last_used_at",
            "updated_at",
        ]
    )
    return saved_search


def _cleared(criterion: str) -> Any:
    field = SavedSearch._meta.get_field(criterion)
    assert isinstance(field, Field)
    return field.get_default()


@transaction.atomic
def saved_search_pause(*, saved_search: SavedSearch) -> SavedSearch:
    saved_search.paused = True
    saved_search.last_used_at = timezone.now()
    saved_search.save(update_fields=["paused", "last_used_at", "updated_at"])
    return saved_search


@transaction.atomic
def saved_search_resume(*, saved_search: SavedSearch) -> SavedSearch:
    """Only someone who followed a link from the alert's mailbox can resume it, so an alert
    never confirmed starts now as well, as its confirmation link would have started it."""
    if saved_search.unsubscribed_at:
        raise ValidationError(ALERT_ALREADY_UNSUBSCRIBED)
    now = timezone.now()
    saved_search.paused = False
    saved_search.confirmed_at = saved_search.confirmed_at or now
    saved_search.last_used_at = now
    saved_search.save(update_fields=["paused", "confirmed_at", "last_used_at", "updated_at"])
    return saved_search


@transaction.atomic
def saved_searches_unsubscribe_all(*, email: str) -> int:
    """Stop every alert of this address. Returns how many were stopped."""
    searches = list(SavedSearch.objects.for_address(email).select_for_update())
    for search in searches:
        saved_search_unsubscribe(saved_search=search)
    return len(searches)


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch) -> None:
    # Deliveries keep their rows (saved_search becomes NULL) so counts of alerts sent remain.
    saved_search.delete()


@transaction.atomic
def saved_search_unsubscribe(*, saved_search: SavedSearch, reason: str = "") -> SavedSearch:
    if saved_search.unsubscribed_at is None:
        saved_search.unsubscribed_at = timezone.now()
        saved_search.unsubscribe_reason = reason
        saved_search.full_clean()
        saved_search.save(update_fields=["unsubscribed_at", "unsubscribe_reason", "updated_at"])
    elif reason and not saved_search.unsubscribe_reason:
        saved_search.unsubscribe_reason = reason
        saved_search.save(update_fields=["unsubscribe_reason", "updated_at"])
    return saved_search


@transaction.atomic
def saved_search_keep(*, saved_search: SavedSearch) -> SavedSearch:
    saved_search.last_used_at = timezone.now()
    saved_search.keep_asked_at = None
    saved_search.save(update_fields=["last_used_at", "keep_asked_at", "updated_at"])
    return saved_search


def build_email(
    kind: str, context: dict, *, to: str, headers: dict | None = None
) -> EmailMultiAlternatives:
    """Every alert email links to the page where its reader, with or without an account, can
    change, pause or stop each alert of the address it went to."""
    context = {**context, "manage_alerts_url": manage_url(to)}
    subject = " ".join(
        render_to_string(f"residents/email/alert_{kind}_subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"residents/email/alert_{kind}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"residents/email/alert_{kind}.html", context), "text/html"
    )
    return message
