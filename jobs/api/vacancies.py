"""The public, read-only part of the API: live vacancies, searched as the search page does.

Each vacancy is a schema.org JobPosting (jobs.jsonld, as on its job page) with the portal's
own fields under "portal": what flexible working it offers, its hours and pay, in the names
the recruitment-system part of the API takes them.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Literal

import django_filters as df
from django.conf import settings
from django.http import HttpRequest, QueryDict
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, create_model

from goodwork.core.ratelimit import client_ip, hit
from goodwork.core.siteurl import absolute_url
from jobs.api.errors import ApiProblem
from jobs.filters import SORT_CHOICES, FlagFilter, NumberFilter, VacancyFilter
from jobs.jsonld import job_posting
from jobs.models import Vacancy
from jobs.selectors import vacancy_search

router = Router(tags=["Live vacancies"])

PAGE_SIZE_MAX = 100
UNKNOWN_PARAMETER = "This is not a parameter the API takes."
PAGE_OUT_OF_RANGE = "There is no page {page}: the last page is {pages}."
RATE_LIMITED = "Too many requests. Wait a minute and try again."
NOT_LIVE = "There is no live vacancy with this id."


def _filter_field(filter_: df.Filter) -> tuple[Any, Any]:
    """A query parameter for one of the search filters, typed and described for OpenAPI."""
    description = str(filter_.label)
    if isinstance(filter_, df.MultipleChoiceFilter):
        options = tuple(str(value) for value, _ in filter_.extra["choices"])
        return (list[Literal[options]] | None, Field(None, description=description))  # type: ignore[valid-type]
    if isinstance(filter_, df.ChoiceFilter):
        options = tuple(str(value) for value, _ in filter_.extra["choices"])
        return (Literal[options] | None, Field(None, description=description))  # type: ignore[valid-type]
    if isinstance(filter_, NumberFilter):
        return (Decimal | None, Field(None, description=description))
    if isinstance(filter_, FlagFilter):
        return (bool | None, Field(None, description=description))
    return (str | None, Field(None, description=description, max_length=200))


# The search page's filters, one query parameter each, made from VacancyFilter itself so that
# a filter added there is in the API and its description at once.
VacancyQuery = create_model(
    "VacancyQuery",
    __base__=Schema,
    __config__=None,
    **{name: _filter_field(filter_) for name, filter_ in VacancyFilter.base_filters.items()},
    sort=(
        Literal[tuple(value for value, _ in SORT_CHOICES)] | None,  # type: ignore[valid-type]
        Field(
            None,
            description="Best match (with keywords), newest, closing soonest or highest pay.",
        ),
    ),
    page=(int, Field(1, ge=1, le=1_000_000)),
    page_size=(int, Field(settings.SEARCH_PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)),
)
QUERY_PARAMETERS = set(VacancyQuery.model_fields)


class Portal(Schema):
    """The portal's own fields for a live vacancy."""

    id: int
    flexibility: str
    time_options: list[str]
    place: str
    flexible_details: str
    happy_to_talk: bool
    rota_weeks_ahead: int | None
    hours_min: float
    hours_max: float
    guaranteed_hours: float | None
    zero_hours: bool
    is_shift_based: bool
    work_pattern: str
    pay_min: float
    pay_max: float | None
    pay_period: str
    pay_hourly_min: float | None
    pays_london_living_wage: bool
    employer_pledged: bool
    sector: str
    contract_type: str
    ward: str
    closing_date: str
    start_date: str | None


class JobPosting(Schema):
    """A schema.org JobPosting, as Google for Jobs reads it, and the portal's own fields."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    context: str = Field(alias="@context")
    type: str = Field(alias="@type")
    title: str
    description: str
    url: str
    datePosted: str
    validThrough: str
    employmentType: list[str]
    hiringOrganization: dict[str, Any]
    jobLocation: dict[str, Any]
    baseSalary: dict[str, Any]
    workHours: str
    portal: Portal


class VacancyPage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[JobPosting]


def vacancy_as_posting(vacancy: Vacancy) -> dict[str, Any]:
    posting = job_posting(vacancy, url=absolute_url(vacancy.get_absolute_url()))
    posting["portal"] = {
        "id": vacancy.pk,
        "flexibility": vacancy.flexibility,
        "time_options": list(vacancy.time_options),
        "place": vacancy.place,
        "flexible_details": vacancy.flexible_details,
        "happy_to_talk": vacancy.happy_to_talk,
        "rota_weeks_ahead": vacancy.rota_weeks_ahead,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "guaranteed_hours": vacancy.guaranteed_hours,
        "zero_hours": vacancy.zero_hours,
        "is_shift_based": vacancy.is_shift_based,
        "work_pattern": vacancy.work_pattern,
        "pay_min": vacancy.pay_min,
        "pay_max": vacancy.pay_max,
        "pay_period": vacancy.pay_period,
        "pay_hourly_min": vacancy.pay_hourly_min,
        "pays_london_living_wage": vacancy.pays_living_wage,
        "employer_pledged": bool(getattr(vacancy, "employer_pledged", False)),
        "sector": vacancy.sector,
        "contract_type": vacancy.contract_type,
        "ward": vacancy.ward,
        "closing_date": vacancy.closing_date.isoformat() if vacancy.closing_date else "",
        "start_date": vacancy.start_date.isoformat() if vacancy.start_date else None,
    }
    return posting


def public_rate_limit(request: HttpRequest) -> None:
    if not hit("api_public", settings.API_PUBLIC_RATE_LIMIT, ip=client_ip(request)):
        raise ApiProblem(429, RATE_LIMITED)


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return absolute_url(f"{request.path}?{query.urlencode()}")


def _strict_filters(params: QueryDict) -> None:
    """A client is told of every parameter the search page would quietly drop."""
    errors: dict[str, list[str]] = {
        name: [UNKNOWN_PARAMETER] for name in params if name not in QUERY_PARAMETERS
    }
    form = VacancyFilter(params, queryset=Vacancy.objects.none()).form
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ApiProblem(422, "Some search parameters are not valid.", errors)


@router.get(
    "/vacancies", response=VacancyPage, url_name="vacancy_list",
    summary="Search live vacancies", by_alias=True,
)
def vacancy_list(request: HttpRequest, filters: Query[VacancyQuery]):  # type: ignore[valid-type]
    """Live vacancies matching the same filters as the search page (repeat a parameter for
    several options of a group: `time=part_time&time=job_share`), newest first unless `sort`
    says otherwise, a page at a time."""
    public_rate_limit(request)
    _strict_filters(request.GET)
    search = vacancy_search(params=request.GET)
    count = search.queryset.count()
    page, size = filters.page, filters.page_size
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise ApiProblem(404, PAGE_OUT_OF_RANGE.format(page=page, pages=pages))
    vacancies = list(search.queryset[(page - 1) * size : page * size])
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": _page_link(request, page + 1) if page < pages else None,
        "previous": _page_link(request, page - 1) if page > 1 else None,
        "results": [vacancy_as_posting(vacancy) for vacancy in vacancies],
    }


@router.get(
    "/vacancies/{int:vacancy_id}", response=JobPosting, url_name="vacancy_detail",
    summary="One live vacancy", by_alias=True,
)
def vacancy_detail(request: HttpRequest, vacancy_id: int):
    public_rate_limit(request)
    vacancy = Vacancy.objects.live().for_listing().filter(pk=vacancy_id).first()
    if vacancy is None:
        raise ApiProblem(404, NOT_LIVE)
    return vacancy_as_posting(vacancy)
