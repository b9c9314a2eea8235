"""Whole-page cache for public pages, for visitors who are not signed in.

The job search, the job pages and the home page look the same to everyone who is not signed
in and has no message waiting: most of their readers. Rendering them costs far more than the
stack itself (ranking, counting, twenty summary cards), so the first such visitor's page is
kept in Redis for PAGE_CACHE_SECONDS and the next ones get the same bytes.

What is never shared:
- anything for a signed-in user, or for a visitor with a session or a message waiting (their
  navigation, banners and forms differ): they always get a page rendered for them;
- a response that sets a cookie or uses a CSRF token, and any status other than 200 and 410
  (redirects and errors are cheap and may depend on more than the URL).

A cached page can be up to PAGE_CACHE_SECONDS old: a job closed a moment ago can still show as
open to an anonymous reader for that long, as the search counts already may.

The key is what the page means, not its URL. Each view declares the query parameters its page
reads (`page_parameters`: the search's filters, page number and sort order; none for a job
page or the home page). For a shared request every other parameter is dropped, values are
stripped and blanks dropped, a single-valued parameter keeps its last value (as the search
form reads it) and a many-valued one its distinct values, sorted; the names are sorted too, so
the same search asked in another order shares an entry. The view then renders from that same
cleaned query (it replaces request.GET), so a stored page is a function of its key alone:
`?utm_source=` and the like add no entry, and nothing of one visitor's extra parameters can be
echoed into a page served to the next. The key also holds the day, so "closing soon" and dates
turn over at midnight.

At most PAGE_CACHE_MAX_PAGES pages are kept, as the Redis that holds them also holds the
sessions and the Celery broker, and the used parameters still take any value (`?q=` anything,
`?page=` any number). Every store is one Lua script, so atomic: it writes the page with its
expiry and adds its key to one sorted set, the index, scored by that expiry (Redis's own clock,
in microseconds); it drops from the index the entries that have expired, and if more than the
limit remain, evicts the oldest (the earliest to expire) and deletes their pages. Evicting rather
than refusing keeps the newest pages, the ones being read, when a crawler walks the long tail of
searches. One index across days, not one a day, so the bound also holds in the minute after
midnight when yesterday's pages are still alive. The index expires with its newest page. The
script deletes keys it reads from the index, so it needs a single Redis, not a Cluster. Reads
do not touch the index: a hit stays one round trip (GET_AND_COUNT).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_filters import FilterSet

from goodwork.core.redisclient import redis_client

CACHEABLE_STATUSES = frozenset({200, 410})


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class CachedPage:
    """A page as stored: its status, content type and gzipped body.

    Compressed once when stored, so each read sends a fifth of the bytes without compressing
    again. Nothing in a shared page is secret (pages with a CSRF token are never stored), so
    compression cannot leak one (BREACH).
    """

    status: int
    content_type: str
    gzipped: bytes

    @classmethod
    def of(cls, response: HttpResponse) -> CachedPage:
        body = gzip.compress(response.content, compresslevel=6, mtime=0)
        return cls(response.status_code, response["Content-Type"], body)

    def response(self, request: HttpRequest) -> HttpResponse:
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(
                self.gzipped, status=self.status, content_type=self.content_type
            )
            response["Content-Encoding"] = "gzip"
        else:
            content = gzip.decompress(self.gzipped)
            response = HttpResponse(content, status=self.status, content_type=self.content_type)
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    # Stored as plain bytes, "<status> <content type>\n<gzipped body>": no pickling.
    def dumps(self) -> bytes:
        return f"{self.status} {self.content_type}\n".encode() + self.gzipped

    @classmethod
    def loads(cls, value: bytes) -> CachedPage:
        head, _, gzipped = value.partition(b"\n")
        status, _, content_type = head.decode().partition(" ")
        return cls(int(status), content_type, gzipped)


@dataclass(frozen=True)
class PageParameters:
    """The query parameters a page reads: by their last value (`single`) or as a set
    (`multiple`, a list of checkboxes)."""

    single: frozenset[str] = frozenset()
    multiple: frozenset[str] = frozenset()

    @classmethod
    def of_filterset(
        cls, filterset: type[FilterSet], *, also: Iterable[str] = ()
    ) -> PageParameters:
        """A search page's: one parameter per filter, many-valued where its widget selects many
        (as the form reads it), and the others the page reads, such as its page number."""
        single, multiple = set(also), set()
        for name, filter_ in filterset.base_filters.items():
            widget = filter_.extra.get("widget") or filter_.field_class.widget
            (multiple if getattr(widget, "allow_multiple_selected", False) else single).add(name)
        return cls(frozenset(single), frozenset(multiple))

    def of(self, query: QueryDict) -> QueryDict:
        """What of `query` the page reads, in one spelling for each meaning."""
        pairs: list[tuple[str, str]] = []
        for name in sorted(self.single | self.multiple):
            values = [value.strip() for value in query.getlist(name) if value.strip()]
            if name in self.multiple:
                pairs.extend((name, value) for value in sorted(set(values)))
            elif values:
                pairs.append((name, values[-1]))
        return QueryDict(urlencode(pairs))


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def page_cache_max_pages() -> int:
    return settings.PAGE_CACHE_MAX_PAGES


def is_shareable(request: HttpRequest) -> bool:
    """Would this request get the same page as any other anonymous visitor's?"""
    if request.method != "GET" or not page_cache_seconds() or page_cache_max_pages() < 1:
        return False
    if request.user.is_authenticated or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not len(get_messages(request))


def page_cache_key(request: HttpRequest) -> str:
    """By path and query, the query as the mixin leaves it (only what the page reads)."""
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:40]
    return cache.make_key(f"page:v2:{timezone.localdate().isoformat()}:{digest}")


def page_index_key() -> str:
    return cache.make_key("page-index:v2")


# Read a stored page and, if it is a 200 (CachedPage.dumps starts with the status), add one to
# a counter in a hash, in one round trip: a job page's read is counted without a second one.
GET_AND_COUNT = """
local page = redis.call('GET', KEYS[1])
if page and string.sub(page, 1, 4) == '200 ' then
    redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
end
return page
"""


@functools.cache
def _get_and_count():
    return redis_client().register_script(GET_AND_COUNT)


# Store a page (KEYS[1]: its key, ARGV[1]: the page, ARGV[2]: seconds to keep it) and keep at
# most ARGV[3] pages: KEYS[2], the index, scores each stored key by when it expires. Scores are
# in microseconds (exact in a double until the year 2255), so pages stored in one millisecond
# still have an order and the one just stored is not the one evicted.
STORE = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]) * 1000000, KEYS[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then
    local oldest = redis.call('ZPOPMIN', KEYS[2], excess)
    for i = 1, #oldest, 2 do
        redis.call('DEL', oldest[i])
    end
end
local newest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if newest[2] then
    redis.call('PEXPIREAT', KEYS[2], math.ceil(tonumber(newest[2]) / 1000))
end
"""


@functools.cache
def _store():
    return redis_client().register_script(STORE)


def cached_page(request: HttpRequest, *, count: tuple[str, str] | None = None) -> CachedPage | None:
    """The stored page for this (shareable) request, if any. With `count` (a Redis hash key and
    a field), a stored 200 also adds one to that field."""
    key = page_cache_key(request)
    if count is None:
        value = redis_client().get(key)
    else:
        value = _get_and_count()(keys=[key, count[0]], args=[count[1]])
    return CachedPage.loads(value) if value is not None else None


def store_page(request: HttpRequest, response: HttpResponse) -> None:
    """Keep a freshly rendered page for the next anonymous visitor, if it is safe to share."""
    if (
        response.status_code not in CACHEABLE_STATUSES
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or not is_shareable(request)
    ):
        return
    page = CachedPage.of(response)
    _store()(
        keys=[page_cache_key(request), page_index_key()],
        args=[page.dumps(), page_cache_seconds(), page_cache_max_pages()],
    )


class AnonymousPageCacheMixin:
    """For a class-based view of a public page: serve anonymous visitors from the page cache.

    `page_parameters` says which query parameters the page reads; for a shared request the
    view sees those alone. `page_cache_count()` may name a Redis hash field to add one to for
    each 200 served from the cache (a job page's reads), as (key, field).
    """

    page_parameters: PageParameters

    def dispatch(self, request, *args, **kwargs):
        if not is_shareable(request):
            return super().dispatch(request, *args, **kwargs)
        # Rendered from what the key holds and nothing more, so a page stored under a key is
        # the page any request with that key would have been given.
        request.GET = self.page_parameters.of(request.GET)
        page = cached_page(request, count=self.page_cache_count())
        if page is not None:
            return page.response(request)
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code in CACHEABLE_STATUSES:
            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(lambda rendered: store_page(request, rendered))
            else:
                store_page(request, response)
        return response

    def page_cache_count(self) -> tuple[str, str] | None:
        return None
