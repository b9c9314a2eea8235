"""One Redis client per process, on the cache's server, for work on every request.

Django's RedisCache builds a client object for each call, which costs more than the round
trip itself on a hot path; the page cache and the job-page read tally use this one instead.
Keys go through the cache's make_key, so they carry the same prefix (and tests' isolation).
redis-py's connection pool is safe across fork.
"""

from __future__ import annotations

import functools

import redis
from django.conf import settings


@functools.cache
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
