"""Counting how often a job page is read, for employers' and the council's figures.

A read adds one to the vacancy's tally in a Redis hash (one HINCRBY, no database write on a
GET); a beat task moves the tallies into `Vacancy.view_count` every minute in one UPDATE.
Counts on the dashboards are therefore up to a minute behind.

Flushing renames the hash before reading it, so reads that arrive meanwhile start a new hash
and none is lost. The renamed hash is deleted once the UPDATE has committed; a worker that dies
between the two leaves it for the next flush to add again (a minute's views counted twice,
never lost). An advisory lock keeps two flushes from adding the same hash.
"""

from __future__ import annotations

import redis
from django.core.cache import cache
from django.db import connection, transaction

from goodwork.core.redisclient import redis_client

VIEWS_KEY = "vacancy-views"
FLUSHING_KEY = "vacancy-views:flushing"
# pg_advisory_xact_lock key: "views" in ASCII.
FLUSH_LOCK = 0x76696577


def vacancy_view_counter(*, vacancy_id: int) -> tuple[str, str]:
    """Where a read of this vacancy's page is tallied: a Redis hash key and field."""
    return cache.make_key(VIEWS_KEY), str(vacancy_id)


def vacancy_record_view(*, vacancy_id: int) -> None:
    redis_client().hincrby(*vacancy_view_counter(vacancy_id=vacancy_id), 1)


def vacancy_views_pending() -> dict[int, int]:
    """Views not yet in the database, by vacancy id."""
    client = redis_client()
    pending: dict[int, int] = {}
    for key in (FLUSHING_KEY, VIEWS_KEY):
        for vacancy_id, count in client.hgetall(cache.make_key(key)).items():
            pending[int(vacancy_id)] = pending.get(int(vacancy_id), 0) + int(count)
    return pending


@transaction.atomic
def vacancy_views_flush() -> int:
    """Add the tallied views to the vacancies. Returns how many views were added."""
    client = redis_client()
    live, flushing = cache.make_key(VIEWS_KEY), cache.make_key(FLUSHING_KEY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FLUSH_LOCK])
        if not client.exists(flushing):
            try:
                client.rename(live, flushing)
            except redis.ResponseError:  # no such key: nobody read a job page since the last flush
                return 0
        tallies = {int(k): int(v) for k, v in client.hgetall(flushing).items()}
        # A vacancy deleted since its page was read simply matches no row.
        cursor.execute(
            """UPDATE jobs_vacancy v SET view_count = v.view_count + t.views
               FROM unnest(%s::bigint[], %s::int[]) AS t(id, views)
               WHERE v.id = t.id""",
            [list(tallies), list(tallies.values())],
        )
    transaction.on_commit(lambda: client.delete(flushing))
    return sum(tallies.values())
