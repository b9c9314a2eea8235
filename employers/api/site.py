"""The portal's API, version 1, at /api/v1/: the public search and the recruitment systems' part.

Built on django-ninja: typed request bodies and query parameters checked by pydantic, and an
OpenAPI description made from the same types, so the docs cannot drift from the code.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.views.generic import TemplateView
from ninja import NinjaAPI

from employers.api import organisation
from employers.models import ApiKey
from employers.services.apikeys import api_key_use_record
from goodwork.core.models import AuditEvent
from jobs.api import vacancies
from jobs.api.errors import install_error_handlers

API_DESCRIPTION = (
    "Live vacancies on Good Work Camden, searched as the portal's search page searches them, "
    "and, for an organisation's recruitment system, its own vacancies: create, update, close "
    "and list them under the system's own references. The recruitment-system operations need "
    "a key that an owner of the organisation makes on its pages: send it as "
    "`Authorization: Bearer <key>`."
)

api = NinjaAPI(
    title="Good Work Camden API",
    version="1",
    description=API_DESCRIPTION,
    urls_namespace="api_v1",
    # The portal renders the docs as one of its own pages (ApiDocsView): nothing from a CDN,
    # and the portal's layout, styles and Content Security Policy.
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("", vacancies.router)
api.add_router("", organisation.router)


def _record_invalid(request: HttpRequest, errors: dict[str, list[str]]) -> None:
    api_key = getattr(request, "auth", None)
    if isinstance(api_key, ApiKey):
        api_key_use_record(
            api_key=api_key, action=AuditEvent.Action.CHANGE,
            detail=f"{request.method} {request.path}: refused, fields not valid: "
            + ", ".join(sorted(errors)),
        )


install_error_handlers(api, body_names={"vacancy", "filters"}, on_invalid_request=_record_invalid)


class ApiDocsView(TemplateView):
    """The API's reference, read from its OpenAPI description."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        operations = []
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                operations.append(_operation(path, method, operation, schema))
        context.update(
            schema=schema,
            operations=operations,
            vacancy_fields=_properties(schema, "VacancyIn"),
            max_body=f"{settings.API_MAX_BODY_BYTES // 1024} KB",
            key_rate=settings.API_KEY_RATE_LIMIT.split(",")[0].split("/")[0],
            public_rate=settings.API_PUBLIC_RATE_LIMIT.split(",")[0].split("/")[0],
        )
        return context


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _type_of(schema: dict, node: dict) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "one of: " + ", ".join(str(value) for value in node["enum"])
    if node.get("type") == "array":
        return "list of " + _type_of(schema, node.get("items", {}))
    if "anyOf" in node:
        return " or ".join(_type_of(schema, option) for option in node["anyOf"])
    kind = node.get("type", "any")
    if node.get("format"):
        kind = f"{kind} ({node['format']})"
    return str(kind)


def _properties(schema: dict, name: str) -> list[dict]:
    component = schema["components"]["schemas"].get(name, {})
    required = set(component.get("required", []))
    return [
        {
            "name": field,
            "type": _type_of(schema, node),
            "required": field in required,
            "description": node.get("description", ""),
        }
        for field, node in component.get("properties", {}).items()
    ]


def _operation(path: str, method: str, operation: dict, schema: dict) -> dict:
    return {
        "id": operation.get("operationId", f"{method}-{path}"),
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "needs_key": bool(operation.get("security")),
        "parameters": [
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "required": parameter.get("required", False),
                "type": _type_of(schema, parameter.get("schema", {})),
                "description": parameter.get("description")
                or parameter.get("schema", {}).get("description", ""),
            }
            for parameter in operation.get("parameters", [])
        ],
        "responses": [
            {"status": status, "description": response.get("description", "")}
            for status, response in operation.get("responses", {}).items()
        ],
    }
