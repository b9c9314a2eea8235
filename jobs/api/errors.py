"""How the API answers what it cannot do: always JSON, never a page of HTML, never a 500 for
what a client sent.

    {"detail": "A sentence.", "errors": {"field name": ["What is wrong with it."]}}

"errors" is there when the problem is with named fields (or query parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

INVALID_FIELDS = "The request has fields or parameters that are not valid."
NOT_AUTHENTICATED = (
    "Send your organisation's API key in the Authorization header: 'Bearer <key>'. "
    "A key that has been revoked no longer works."
)
BODY_TOO_LARGE = "The request body is too large: send at most {limit:,} bytes."
BODY_NOT_JSON = "The request body must be a JSON object."
GENERAL_ERRORS = "non_field_errors"

# Plain words for the type errors pydantic reports, by its error type.
TYPE_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "This is not a field the API takes.",
    "string_type": "Give this as text (a JSON string).",
    "bool_type": "Give this as true or false.",
    # Also one half of "a whole number or a decimal": the other half says the same.
    "int_type": "Give this as a number.",
    "float_type": "Give this as a number.",
    "list_type": "Give this as a list (a JSON array).",
    "model_type": "Give this as a JSON object.",
    "model_attributes_type": "Give this as a JSON object.",
    "dict_type": "Give this as a JSON object.",
    "literal_error": "This is not one of the options.",
    "decimal_parsing": "Give this as a number.",
    "decimal_type": "Give this as a number.",
    "bool_parsing": "Give this as true or false.",
    "int_parsing": "Give this as a whole number.",
    "string_too_long": "This is too long.",
}


class ApiProblem(Exception):
    def __init__(
        self, status: int, detail: str, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


def problem_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, **({"errors": errors} if errors else {})}


def _field_of(location: tuple | list, body_names: set[str]) -> str:
    # ("body", "vacancy", "hours_min"), ("body", "vacancy", "time_options", 0),
    # ("query", "filters", "time")
    parts = [part for part in location[1:] if isinstance(part, str)]
    if parts and parts[0] in body_names and len(parts) > 1:
        parts = parts[1:]
    return parts[0] if parts else GENERAL_ERRORS


def field_errors(errors: list[dict[str, Any]], body_names: set[str]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        name = _field_of(tuple(error.get("loc", ())), body_names)
        message = TYPE_MESSAGES.get(error.get("type", ""), error.get("msg", "Not valid."))
        if message not in by_field.setdefault(name, []):
            by_field[name].append(message)
    return by_field


def install_error_handlers(
    api: NinjaAPI,
    *,
    body_names: set[str],
    on_invalid_request: Callable[[HttpRequest, dict[str, list[str]]], None] | None = None,
) -> None:
    """Every error the API can meet, as JSON. `body_names`: the operations' body parameters,
    which are not fields of their own. `on_invalid_request` is told of each request refused
    for its fields before it reached an operation (the audit log records it)."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiProblem)
    def on_problem(request, exc: ApiProblem):
        return respond(request, exc.status, problem_body(exc.detail, exc.errors))

    @api.exception_handler(NinjaValidationError)
    def on_invalid(request, exc: NinjaValidationError):
        errors = field_errors(exc.errors, body_names)
        if on_invalid_request is not None:
            on_invalid_request(request, errors)
        return respond(request, 422, problem_body(INVALID_FIELDS, errors))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc: AuthenticationError):
        response = respond(request, 401, problem_body(NOT_AUTHENTICATED))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        # Ninja's own: a body that is not JSON at all, say.
        detail = BODY_NOT_JSON if exc.status_code == 400 else str(exc)
        return respond(request, exc.status_code, problem_body(detail))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc: RequestDataTooBig):
        return respond(
            request, 413, problem_body(BODY_TOO_LARGE.format(limit=settings.API_MAX_BODY_BYTES))
        )
