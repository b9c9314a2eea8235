import pytest

from tests.jobs.factories import LiveVacancyFactory


@pytest.fixture
def live_vacancy(organisation):
    """A published vacancy of the employer_member's organisation."""
    return LiveVacancyFactory(organisation=organisation)


@pytest.fixture
def empty_cache(settings):
    """Forget rate-limit counters left by earlier tests or runs.

    Only this checkout's and this xdist worker's keys: the Redis database is shared with the
    other workers (and their Celery queues), so cache.clear(), a FLUSHDB, is not an option.
    """
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    return cache
