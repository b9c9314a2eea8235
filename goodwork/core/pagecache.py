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
open to an anonymous reader for that long, as the search counts already may. The key holds the
day, so "closing soon" and dates turn over at midnight, and a digest of the sorted query
string, so the same search asked in another order shares an entry.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

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


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def is_shareable(request: HttpRequest) -> bool:
    """Would this request get the same page as any other anonymous visitor's?"""
    if request.method != "GET" or not page_cache_seconds():
        return False
    if request.user.is_authenticated or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not len(get_messages(request))


def page_cache_key(request: HttpRequest) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:40]
    return cache.make_key(f"page:v1:{timezone.localdate().isoformat()}:{digest}")


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
    redis_client().set(page_cache_key(request), page.dumps(), ex=page_cache_seconds())


class AnonymousPageCacheMixin:
    """For a class-based view of a public page: serve anonymous visitors from the page cache.

    `page_cache_count()` may name a Redis hash field to add one to for each 200 served from the
    cache (a job page's reads), as (key, field).
    """

    def dispatch(self, request, *args, **kwargs):
        if not is_shareable(request):
            return super().dispatch(request, *args, **kwargs)
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
