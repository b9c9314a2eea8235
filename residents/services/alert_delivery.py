"""Job alerts: saved searches, matching new vacancies against them, and sending the emails.

Delivery guarantees
-------------------
Matching writes one AlertDelivery row per (saved search, vacancy); a unique constraint and
ON CONFLICT DO NOTHING make matching idempotent, so the publish-time task, the periodic sweep
and any retry can all run over the same vacancy safely.

Sending claims the pending rows of one saved search with SELECT ... FOR UPDATE SKIP LOCKED,
sends that one email, and sets sent_at, all inside one database transaction, then moves on to
the next search. Consequences:

- A worker killed (or a send failing) before the commit leaves its rows unsent and unlocked
  (PostgreSQL drops the locks with the connection), so the next run sends them: nothing is lost.
- A worker killed after the mail server accepted the message but before the commit would send
  that one email again. We accept this at-least-once window rather than the at-most-once
  alternative (commit the claim, then send), because that one loses an alert for good whenever a
  worker dies between the two steps. Keeping one email per transaction shrinks the window to a
  single message and the few milliseconds of one COMMIT; killing a worker anywhere else (while
  matching, while claiming, while rendering) sends nothing twice.
- Concurrent workers skip each other's locked rows instead of waiting, so two runs never send
  the same (alert, job) row, and a slow send does not hold up other alerts.
- Digests and immediate alerts use the same path; they differ only in which frequencies a run
  picks up. A job that closed before its email went out is marked handled and left out.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from collections.abc import Iterable
from smtplib import SMTPRecipientsRefused
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from employers.models import Pledge
from goodwork.core.models import SiteSettings
from goodwork.core.siteurl import absolute_url
from jobs.models import Vacancy
from residents.models import AlertDelivery, SavedSearch
from residents.models.alerts import ALERT_KEEP_ANSWER_WITHIN, ALERT_STALE_AFTER
from residents.services.alerts import (
    CONFIRM_LINK_MAX_AGE,
    build_email,
    keep_token,
    unsubscribe_url,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)

# Vacancies matched per statement in the sweep: large enough that a backlog clears in a few
# statements, small enough that one statement's locks and work stay short.
MATCH_CHUNK = 500
# Emails per task run before the task returns; the next run (or the sweep) carries on.
SEND_MAX_EMAILS = 500


# -- Matching -----------------------------------------------------------------------------------

# PERFORMANCE: one statement per chunk of vacancies matches them with every active saved search
# and returns nothing but the rows it writes. Testing every (search, vacancy) pair would be
# 83,000 x 500 tests per statement, each parsing the search's keywords again. Instead both sides
# are spread into join keys (keywords, sector, area) and hash-joined:
# - a search gives a row per sector and per area it names, or ('', flag off) for a group it
#   leaves empty, with its keyword string;
# - a vacancy gives a row per keyword string it matches (each distinct string of the active
#   searches is parsed and tested once per statement) and one for no keywords, times its sector
#   and "no sector", times its ward, "remote" when fully remote, and "no area".
# Equal keys are exactly the pairs meeting the keyword, sector and area criteria; the other
# criteria are tested on those pairs. Each criterion reads "none in this group, or the vacancy
# meets it", mirroring jobs.filters.VacancyFilter. A pair reached through two keys (a value
# repeated in a search's list, or a remote job whose ward the search also names) is written once
# by ON CONFLICT. A keyword string with no searchable words matches nothing, as "@@" with an
# empty query is false.
MATCH_SQL = """
INSERT INTO residents_alertdelivery (saved_search_id, vacancy_id, created_at, sent_at, sent_by)
WITH vacancy AS MATERIALIZED (
    SELECT v.id, v.time_options, v.place, v.contract_type, v.sector, v.ward, v.hours_min,
           v.hours_max, v.pay_hourly_min, v.pays_living_wage, v.organisation_id,
           -- a decompressed copy, read once instead of once per keyword string
           v.search_vector || ''::tsvector AS search_vector
    FROM jobs_vacancy v
    WHERE v.id = ANY(%s)
),
keyword_match AS MATERIALIZED (
    SELECT k.keywords, v.id AS vacancy_id
    FROM (
        SELECT DISTINCT s.keywords FROM residents_savedsearch s
        WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND NOT s.paused
            AND s.keywords <> ''
    ) k
    CROSS JOIN LATERAL websearch_to_tsquery('english', k.keywords) q
    JOIN vacancy v ON v.search_vector @@ q
),
vacancy_key AS MATERIALIZED (
    SELECT v.id, v.time_options, v.place, v.contract_type, v.hours_min, v.hours_max,
           v.pay_hourly_min, v.pays_living_wage, v.organisation_id,
           kw.keywords, sk.by_sector, sk.sector_key, ak.by_area, ak.area_key
    FROM (
        SELECT id AS vacancy_id, ''::varchar AS keywords FROM vacancy
        UNION ALL
        SELECT vacancy_id, keywords FROM keyword_match
    ) kw
    JOIN vacancy v ON v.id = kw.vacancy_id
    CROSS JOIN LATERAL (VALUES (false, ''::varchar), (true, v.sector)) sk(by_sector, sector_key)
    CROSS JOIN LATERAL (
        VALUES (false, ''::varchar), (true, v.ward),
               (true, CASE WHEN v.place = 'remote' THEN 'remote' END)
    ) ak(by_area, area_key)
),
search_key AS (
    SELECT s.id, s.keywords, s.time_options, s.places, s.contract_types, s.hours_min,
           s.hours_max, s.pay_min, s.llw, s.pledge_only,
           cardinality(s.sectors) > 0 AS by_sector, sk.sector_key,
           cardinality(s.areas) > 0 AS by_area, ak.area_key
    FROM residents_savedsearch s
    CROSS JOIN LATERAL unnest(
        CASE WHEN cardinality(s.sectors) = 0 THEN ARRAY[''] ELSE s.sectors END
    ) sk(sector_key)
    CROSS JOIN LATERAL unnest(
        CASE WHEN cardinality(s.areas) = 0 THEN ARRAY[''] ELSE s.areas END
    ) ak(area_key)
    WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND NOT s.paused
    -- keeps this a subquery, so the join below is on all the keys at once
    OFFSET 0
)
SELECT s.id, v.id, now(), NULL, ''
FROM search_key s
JOIN vacancy_key v USING (keywords, by_sector, sector_key, by_area, area_key)
WHERE (cardinality(s.time_options) = 0 OR v.time_options && s.time_options)
    AND (cardinality(s.places) = 0 OR v.place = ANY(s.places))
    AND (cardinality(s.contract_types) = 0 OR v.contract_type = ANY(s.contract_types))
    AND (s.hours_min IS NULL OR v.hours_max >= s.hours_min)
    AND (s.hours_max IS NULL OR v.hours_min <= s.hours_max)
    AND (s.pay_min IS NULL OR v.pay_hourly_min >= s.pay_min)
    AND (NOT s.llw OR v.pays_living_wage)
    AND (NOT s.pledge_only OR v.organisation_id IN ({pledged}))
ON CONFLICT (saved_search_id, vacancy_id) DO NOTHING
"""


@transaction.atomic
def alerts_match(*, vacancy_ids: Iterable[int] | None = None) -> int:
    """Match live vacancies (the given ones, or every one not matched yet) against active saved
    searches. Returns how many deliveries were created."""
    candidates = Vacancy.objects.live()
    if vacancy_ids is None:
        candidates = candidates.filter(alerts_matched_at__isnull=True)
    else:
        candidates = candidates.filter(id__in=list(vacancy_ids))
    # Locking the ids first fixes the set this run covers: a vacancy published while the
    # statement runs is left for the next run rather than being marked matched unmatched.
    ids = list(
        candidates.select_for_update(skip_locked=True, of=("self",))
        .order_by("id")
        .values_list("id", flat=True)
    )
    created = 0
    pledged_sql, pledged_params = (
        Pledge.objects.active().order_by().values("organisation_id").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        if ids:
            # For the rest of this transaction. The planner has no statistics for the join keys
            # and, without these, sorts both sides for a merge join and compiles the plan.
            cursor.execute("SET LOCAL enable_mergejoin = off")
            cursor.execute("SET LOCAL jit = off")
        for start in range(0, len(ids), MATCH_CHUNK):
            chunk = ids[start : start + MATCH_CHUNK]
            cursor.execute(MATCH_SQL.format(pledged=pledged_sql), [chunk, *pledged_params])
            created += cursor.rowcount
    if ids:
        Vacancy.objects.filter(id__in=ids).update(alerts_matched_at=timezone.now())
    return created


def alerts_match_vacancy(*, vacancy_id: int) -> int:
    """After publication: match this vacancy, then send whatever immediate alerts are due."""
    alerts_match(vacancy_ids=[vacancy_id])
    return alerts_send(frequencies=[SavedSearch.Frequency.IMMEDIATE])


def alerts_sweep() -> int:
    """Catch up on vacancies whose publish-time task never ran (broker down, worker lost)."""
    alerts_match()
    return alerts_send(frequencies=[SavedSearch.Frequency.IMMEDIATE])


# -- Sending ------------------------------------------------------------------------------------


def _worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class VacancyLive(TypedDict):
    vacancy_live: bool


def _claim_next_search(
    frequencies: list[str], after: int
) -> list[WithAnnotations[AlertDelivery, VacancyLive]]:
    """Lock the pending rows of the next receiving search with an id above `after`, with their
    jobs (newest first) and whether each job is still live, in one query."""
    # PERFORMANCE: in (saved_search_id, id) order the partial index alertdelivery_pending serves
    # the sub-select, and starting after the last search claimed walks it once per run, not once
    # per email past every row already sent.
    next_search = (
        AlertDelivery.objects.pending()
        .filter(saved_search_id__gt=after)
        .filter(saved_search__in=SavedSearch.objects.receiving(frequencies))
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("saved_search_id", "id")
        .values("saved_search_id")[:1]
    )
    return list(
        AlertDelivery.objects.pending()
        .filter(saved_search_id=Subquery(next_search))
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("saved_search", "vacancy__organisation")
        .annotate(vacancy_live=Exists(Vacancy.objects.live().filter(pk=OuterRef("vacancy_id"))))
        .order_by("-vacancy__published_at", "-vacancy_id")
    )


def alerts_send(*, frequencies: Iterable[str], max_emails: int = SEND_MAX_EMAILS) -> int:
    """Send pending deliveries for active searches of these frequencies: one email per search,
    at most the portal's digest size of jobs, newest first. Returns how many emails were sent."""
    frequencies = [str(f) for f in frequencies]
    max_jobs = SiteSettings.load().alert_digest_max_jobs
    sent = 0
    # Searches are taken in id order; one claimed (or skipped as locked) is not visited again in
    # this run. Rows it gains meanwhile go out with the next run.
    after = 0
    while sent < max_emails:
        with transaction.atomic():
            deliveries = _claim_next_search(frequencies, after=after)
            if not deliveries:
                break
            search = deliveries[0].saved_search
            # Rows are claimed by their search's id, so none has lost its search.
            assert search is not None
            after = search.pk
            # Jobs that closed before the email went out are recorded as handled, not emailed.
            jobs = [d.vacancy for d in deliveries if d.vacancy_live]
            if jobs:
                try:
                    _alert_message(search, jobs[:max_jobs], more=len(jobs) - max_jobs).send()
                except SMTPRecipientsRefused:
                    # The address itself is refused: retrying would fail the same way on every
                    # run. Pause this alert instead; its rows stay pending and go out if the
                    # owner fixes and resumes it.
                    logger.warning("Alert %s paused: its address was refused", search.pk)
                    SavedSearch.objects.filter(pk=search.pk).update(paused=True)
                    continue
                sent += 1
            AlertDelivery.objects.filter(id__in=[d.pk for d in deliveries]).update(
                sent_at=timezone.now(), sent_by=_worker_label()
            )
    return sent


def alerts_send_daily() -> int:
    return alerts_send(frequencies=[SavedSearch.Frequency.DAILY], max_emails=10**9)


def alerts_send_weekly() -> int:
    return alerts_send(frequencies=[SavedSearch.Frequency.WEEKLY], max_emails=10**9)


def _alert_message(search: SavedSearch, jobs: list[Vacancy], more: int) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_url(search)
    context = {
        "search": search,
        "jobs": [{"vacancy": job, "url": absolute_url(job.get_absolute_url())} for job in jobs],
        "more": max(more, 0),
        "search_url": absolute_url(reverse("jobs:vacancy_list"))
        + (f"?{search.query_string}" if search.query_string else ""),
        "unsubscribe_url": unsubscribe,
        "service_name": settings.SERVICE_NAME,
    }
    return build_email(
        "jobs",
        context,
        to=search.email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# -- Expiry -------------------------------------------------------------------------------------


def alerts_ask_to_keep(*, now=None) -> int:
    """Email the owners of searches unused for a year, asking whether to keep them."""
    now = now or timezone.now()
    asked = 0
    stale = SavedSearch.objects.filter(unsubscribed_at__isnull=True).unused_since(
        now - ALERT_STALE_AFTER
    )
    for search_id in stale.not_asked_to_keep().values_list("id", flat=True):
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(skip_locked=True)
                .not_asked_to_keep()
                .filter(pk=search_id)
                .first()
            )
            if search is None:
                continue
            search.keep_asked_at = now
            search.save(update_fields=["keep_asked_at", "updated_at"])
            build_email(
                "keep",
                {
                    "search": search,
                    "keep_url": absolute_url(
                        reverse("residents:alert_keep", kwargs={"token": keep_token(search)})
                    ),
                    "unsubscribe_url": unsubscribe_url(search),
                    "service_name": settings.SERVICE_NAME,
                },
                to=search.email,
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url(search)}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            ).send()
            asked += 1
    return asked


@transaction.atomic
def alerts_remove_unanswered(*, now=None) -> int:
    """Remove searches whose owners did not answer the keep email within a month."""
    now = now or timezone.now()
    removed, _ = SavedSearch.objects.keep_unanswered_since(now - ALERT_KEEP_ANSWER_WITHIN).delete()
    return removed


@transaction.atomic
def alerts_remove_unconfirmed(*, now=None) -> int:
    """Addresses nobody confirmed are not kept once the confirmation link has expired."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=CONFIRM_LINK_MAX_AGE)
    unconfirmed = SavedSearch.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    removed, _ = unconfirmed.delete()
    return removed


def alerts_expire() -> int:
    return alerts_remove_unconfirmed() + alerts_remove_unanswered() + alerts_ask_to_keep()
