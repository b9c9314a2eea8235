"""Organisations' vacancy feeds: fetched every hour, imported by reference, each run recorded.

A feed is JSON: {"vacancies": [...]} (or a bare list) of vacancies in the shape the API takes,
each with its "reference"; or schema.org JobPosting JSON-LD (one posting, a list, or an
ItemList/@graph), whose identifier is the reference and whose "portal" object, as the portal's
own API publishes it, gives what a JobPosting cannot say (flexible options, hours).

Vacancies the feed made that are no longer in it are closed. A feed that cannot be read closes
nothing; after VACANCY_FEED_MAX_FAILURES such runs in a row it is paused and its owners told.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from employers.models import Membership, Organisation, VacancyFeed, VacancyFeedRun
from employers.schemas import VacancyIn
from employers.services.email import email_send
from employers.services.recruitment import VacancyRejected, vacancy_receive
from goodwork.core.models import User
from goodwork.core.roles import roles_for
from jobs import services as vacancy_services
from jobs.api.errors import field_errors
from jobs.models import Vacancy

VACANCY_FEED_MAX_FAILURES = 3
FEED_NOT_READ = "The feed could not be read: {reason}"
FEED_EMPTY = "The feed holds no vacancies, so nothing was changed."
ITEM_NO_REFERENCE = "Each vacancy needs its reference in your recruitment system."


class FeedUnreadable(Exception):
    pass


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed only on the feed's own scheme, host and port."""

    max_redirections = 3

    def __init__(self, origin: tuple[str, str | None, int | None]) -> None:
        self.origin = origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if (parts.scheme, parts.hostname, parts.port) != self.origin:
            raise FeedUnreadable(f"it redirects to another address ({parts.hostname})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _address_allowed(host: str) -> bool:
    if settings.VACANCY_FEED_ALLOW_PRIVATE_ADDRESSES:
        return True
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return True  # the fetch fails with its own message
    return all(ipaddress.ip_address(address).is_global for address in addresses)


def feed_fetch(url: str) -> bytes:
    """The feed's body: http(s) only, to public addresses, same-host redirects, bounded in
    size (VACANCY_FEED_MAX_BYTES) and time (VACANCY_FEED_TIMEOUT_SECONDS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedUnreadable("its address must start with http:// or https://")
    if not _address_allowed(parts.hostname):
        raise FeedUnreadable("its address is not on the public internet")
    opener = urllib.request.build_opener(
        _SameHostRedirects((parts.scheme, parts.hostname, parts.port))
    )
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Accept": "application/json, application/ld+json",
                      "User-Agent": "GoodWorkCamden-feeds/1"},
    )
    limit = settings.VACANCY_FEED_MAX_BYTES
    try:
        with opener.open(request, timeout=settings.VACANCY_FEED_TIMEOUT_SECONDS) as response:
            body = response.read(limit + 1)
    except FeedUnreadable:
        raise
    except urllib.error.HTTPError as error:
        raise FeedUnreadable(f"it answered {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FeedUnreadable(str(getattr(error, "reason", error))[:200]) from error
    if len(body) > limit:
        raise FeedUnreadable(f"it is larger than {limit:,} bytes")
    return body


def _postings(document: Any) -> list[Any]:
    if isinstance(document, list):
        return [item for entry in document for item in _postings(entry)]
    if not isinstance(document, dict):
        return []
    if "@graph" in document:
        return _postings(document["@graph"])
    if document.get("@type") == "ItemList":
        return _postings([e.get("item", e) for e in document.get("itemListElement", [])
                          if isinstance(e, dict)])
    return [document] if document.get("@type") == "JobPosting" else []


def _from_posting(posting: dict[str, Any]) -> dict[str, Any]:
    """A JobPosting as the API's fields: the portal's own fields first, then schema.org's."""
    found = posting.get("portal")
    portal: dict[str, Any] = found if isinstance(found, dict) else {}
    identifier = posting.get("identifier")
    reference = identifier.get("value") if isinstance(identifier, dict) else identifier
    salary = (posting.get("baseSalary") or {}).get("value") or {}
    address = ((posting.get("jobLocation") or {}).get("address")) or {}
    valid_through = str(posting.get("validThrough") or "")[:10] or None
    fields = {
        "title": posting.get("title"),
        "summary": portal.get("summary") or str(posting.get("title") or ""),
        "description": portal.get("description") or posting.get("description"),
        "pay_min": salary.get("minValue", salary.get("value")),
        "pay_max": salary.get("maxValue"),
        "pay_period": str(salary.get("unitText") or "").lower() or None,
        "address": address.get("streetAddress", ""),
        "postcode": address.get("postalCode", ""),
        "closing_date": valid_through,
        "apply_url": posting.get("url", ""),
    }
    from_portal = {name: value for name, value in portal.items() if name in _PORTAL_FIELDS}
    return {"reference": reference, **{k: v for k, v in fields.items() if v is not None},
            **from_portal}


_PORTAL_FIELDS = {
    "flexibility", "time_options", "place", "flexible_details", "rota_weeks_ahead", "hours_min",
    "hours_max", "guaranteed_hours", "zero_hours", "is_shift_based", "work_pattern", "pay_min",
    "pay_max", "pay_period", "sector", "contract_type", "ward", "closing_date", "start_date",
    "apply_url", "apply_email",
}


def feed_items(*, body: bytes, format: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedUnreadable("it is not JSON") from error
    if format == VacancyFeed.Format.JSON_LD:
        return [_from_posting(posting) for posting in _postings(document)]
    items = document.get("vacancies") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise FeedUnreadable('it is not a list of vacancies, or {"vacancies": [...]}')
    return [item for item in items if isinstance(item, dict)]


@transaction.atomic
def vacancy_feed_set(*, organisation: Organisation, url: str, format: str, by: User) -> VacancyFeed:
    if organisation.pk not in roles_for(by).owner_of_ids:
        raise PermissionDenied
    feed, _created = VacancyFeed.objects.get_or_create(
        organisation=organisation, defaults={"url": url, "format": format, "created_by": by}
    )
    feed.url, feed.format, feed.failures, feed.paused_at = url, format, 0, None
    feed.full_clean()
    feed.save()
    return feed


def vacancy_feed_import(*, feed_id: int) -> VacancyFeedRun | None:
    """One run of one feed; None when another run of it holds it."""
    with transaction.atomic():
        feed = (
            VacancyFeed.objects.select_for_update(skip_locked=True).select_related("organisation")
            .filter(pk=feed_id).first()
        )
        if feed is None or feed.is_paused:
            return None
        run = VacancyFeedRun.objects.create(feed=feed, started_at=timezone.now())
        try:
            items = feed_items(body=feed_fetch(feed.url), format=feed.format)
            if not items:
                raise FeedUnreadable(FEED_EMPTY)
        except FeedUnreadable as error:
            _run_failed(feed=feed, run=run, reason=str(error))
            return run
        seen: set[str] = set()
        for item in items:
            _import_item(feed=feed, run=run, item=item, seen=seen)
        for vacancy in Vacancy.objects.published().filter(
            organisation=feed.organisation, source=Vacancy.Source.FEED
        ).exclude(reference__in=seen):
            vacancy_services.vacancy_close(vacancy=vacancy, by=None)
            run.closed += 1
        run.status, run.finished_at = VacancyFeedRun.Status.SUCCEEDED, timezone.now()
        run.save()
        feed.failures, feed.last_run_at = 0, run.finished_at
        feed.save(update_fields=["failures", "last_run_at", "updated_at"])
        return run


def _import_item(
    *, feed: VacancyFeed, run: VacancyFeedRun, item: dict[str, Any], seen: set[str]
) -> None:
    reference = str(item.get("reference") or "").strip()
    data = {name: value for name, value in item.items() if name != "reference"}
    try:
        if not reference:
            raise VacancyRejected({"reference": [ITEM_NO_REFERENCE]})
        seen.add(reference)
        try:
            data = VacancyIn.model_validate(data).model_dump()
        except PydanticValidationError as error:
            located = [{**e, "loc": ("item", *e["loc"])} for e in error.errors()]
            raise VacancyRejected(field_errors(located, set())) from error
        with transaction.atomic():
            received = vacancy_receive(
                organisation=feed.organisation, reference=reference, data=data,
                source=Vacancy.Source.FEED,
            )
    except VacancyRejected as rejected:
        run.rejected += 1
        run.errors.append({"reference": reference, "errors": rejected.errors})
        return
    if received.created:
        run.created += 1
    elif received.changed:
        run.updated += 1
    else:
        run.unchanged += 1


def _run_failed(*, feed: VacancyFeed, run: VacancyFeedRun, reason: str) -> None:
    run.status, run.finished_at = VacancyFeedRun.Status.FAILED, timezone.now()
    run.message = FEED_NOT_READ.format(reason=reason)[:500] if reason != FEED_EMPTY else reason
    run.save()
    feed.failures += 1
    feed.last_run_at = run.finished_at
    if feed.failures >= VACANCY_FEED_MAX_FAILURES:
        feed.paused_at = timezone.now()
        owners = feed.organisation.memberships.filter(role=Membership.Role.OWNER)
        transaction.on_commit(lambda: email_send(
            template="employers/email/feed_paused",
            context={"feed": feed, "run": run, "organisation": feed.organisation,
                     "page": reverse("employers:vacancy_feed",
                                     kwargs={"org": feed.organisation_id})},
            to=list(owners.values_list("user__email", flat=True)),
        ))
    feed.save(update_fields=["failures", "last_run_at", "paused_at", "updated_at"])


def vacancy_feeds_due() -> list[int]:
    return list(VacancyFeed.objects.due().values_list("pk", flat=True))
