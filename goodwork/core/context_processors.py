from django.conf import settings
from django.http import HttpRequest

from goodwork.core.navigation import nav_items
from goodwork.core.roles import ANONYMOUS, roles_for


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    roles = roles_for(user) if user is not None else ANONYMOUS
    return {
        "service_name": settings.SERVICE_NAME,
        "borough_name": settings.BOROUGH_NAME,
        "roles": roles,
        "nav_items": nav_items(roles, request.path),
    }
