"""The portal's URLs plus the benchmark's floor: a Django view that does no work.

Its throughput is what this server, these middlewares and this machine can do at best, so
each page is reported as a share of it.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from goodwork.urls import handler403, handler404, handler500  # noqa: F401 (Django reads them here)
from goodwork.urls import urlpatterns as portal_urlpatterns

FLOOR_PATH = "bench/floor"


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, floor, name="bench_floor"), *portal_urlpatterns]
