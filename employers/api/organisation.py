"""The part of the API for an organisation's recruitment system: its own vacancies, by the
system's own reference. Every request is recorded in the audit log against the key."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from employers.api.auth import RecruitmentSystemKey
from employers.models import ApiKey
from employers.schemas import VacancyIn
from employers.services.apikeys import api_key_use_record
from employers.services.recruitment import (
    VacancyRejected,
    vacancy_by_reference,
    vacancy_close_by_reference,
    vacancy_receive,
)
from goodwork.core.models import AuditEvent
from goodwork.core.siteurl import absolute_url
from jobs.api.errors import ApiProblem
from jobs.models import Vacancy

router = Router(tags=["Your organisation's vacancies"], auth=RecruitmentSystemKey())

VACANCY_NOT_TAKEN = "The vacancy was not taken: see the errors by field."
PAGE_OUT_OF_RANGE = "There is no page {page}: the last page is {pages}."


class VacancyOut(Schema):
    reference: str
    id: int
    status: str
    status_label: str
    # Where residents read it: only once it has been live.
    url: str | None
    moderation_note: str
    title: str
    closing_date: str | None
    updated_at: str


class VacancyPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[VacancyOut]


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def vacancy_out(vacancy: Vacancy) -> dict[str, Any]:
    public = vacancy.status in (
        Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.EXPIRED
    )
    return {
        "reference": vacancy.reference,
        "id": vacancy.pk,
        "status": vacancy.status,
        "status_label": vacancy.get_status_display(),
        "url": absolute_url(vacancy.get_absolute_url()) if public else None,
        "moderation_note": vacancy.moderation_note,
        "title": vacancy.title,
        "closing_date": vacancy.closing_date.isoformat() if vacancy.closing_date else None,
        "updated_at": vacancy.updated_at.isoformat(),
    }


def _problem(rejected: VacancyRejected) -> ApiProblem:
    """422: the fields are wrong, each named; otherwise (404, 409) the one reason, in words."""
    if rejected.status == 422:
        return ApiProblem(422, VACANCY_NOT_TAKEN, rejected.errors)
    reason = next(iter(rejected.errors.values()))[0]
    return ApiProblem(rejected.status, reason, rejected.errors)


def _key(request: HttpRequest) -> ApiKey:
    return request.auth  # type: ignore[attr-defined]


def _record(request: HttpRequest, action: str, what: str) -> None:
    api_key_use_record(
        api_key=_key(request), action=action, detail=f"{request.method} {request.path}: {what}"
    )


@router.get(
    "/organisation/vacancies", response={200: VacancyPageOut, 404: Problem},
    url_name="organisation_vacancy_list", summary="List your organisation's vacancies",
)
def organisation_vacancy_list(request: HttpRequest, page: int = Query(1, ge=1, le=1_000_000)):
    """Every vacancy of the key's organisation that came from a recruitment system, in every
    state, most recently changed first."""
    organisation = _key(request).organisation
    vacancies = Vacancy.objects.for_organisation(organisation).exclude(reference="")
    count = vacancies.count()
    size = settings.API_PAGE_SIZE
    pages = max(1, math.ceil(count / size))
    _record(request, AuditEvent.Action.VIEW, f"listed page {page} of its vacancies")
    if page > pages:
        raise ApiProblem(404, PAGE_OUT_OF_RANGE.format(page=page, pages=pages))
    listed = vacancies.order_by("-updated_at", "-id")[(page - 1) * size : page * size]
    return {"count": count, "page": page, "pages": pages,
            "results": [vacancy_out(vacancy) for vacancy in listed]}


@router.get(
    "/organisation/vacancies/{reference}", response={200: VacancyOut, 404: Problem},
    url_name="organisation_vacancy_detail", summary="One of your vacancies",
)
def organisation_vacancy_detail(request: HttpRequest, reference: str):
    organisation = _key(request).organisation
    try:
        vacancy = vacancy_by_reference(organisation=organisation, reference=reference)
    except VacancyRejected as rejected:
        _record(request, AuditEvent.Action.VIEW, "no such vacancy")
        raise _problem(rejected) from rejected
    _record(request, AuditEvent.Action.VIEW, f"vacancy {vacancy.pk}")
    return vacancy_out(vacancy)


@router.put(
    "/organisation/vacancies/{reference}",
    response={200: VacancyOut, 201: VacancyOut, 409: Problem, 422: Problem},
    url_name="organisation_vacancy_put", summary="Create or update a vacancy",
)
def organisation_vacancy_put(request: HttpRequest, reference: str, vacancy: VacancyIn):
    """Send the whole vacancy under your system's reference for it. The first time, it is
    created and sent to the council for review (or goes live when reviews are off); sent
    again, it is updated, and the same vacancy sent twice changes nothing. 201 when created,
    200 otherwise."""
    organisation = _key(request).organisation
    try:
        received = vacancy_receive(
            organisation=organisation, reference=reference,
            data=vacancy.model_dump(), source=Vacancy.Source.API,
        )
    except VacancyRejected as rejected:
        _record(request, AuditEvent.Action.CHANGE,
                "rejected: " + ", ".join(sorted(rejected.errors)))
        raise _problem(rejected) from rejected
    outcome = "created" if received.created else "updated" if received.changed else "unchanged"
    _record(
        request,
        AuditEvent.Action.CREATE if received.created else AuditEvent.Action.CHANGE,
        f"vacancy {received.vacancy.pk} {outcome} ({received.vacancy.get_status_display()})",
    )
    return Status(201 if received.created else 200, vacancy_out(received.vacancy))


@router.post(
    "/organisation/vacancies/{reference}/close",
    response={200: VacancyOut, 404: Problem, 409: Problem},
    url_name="organisation_vacancy_close", summary="Close a vacancy early",
)
def organisation_vacancy_close(request: HttpRequest, reference: str):
    """Close a live vacancy now. A vacancy already closed stays closed (200)."""
    organisation = _key(request).organisation
    try:
        vacancy = vacancy_close_by_reference(organisation=organisation, reference=reference)
    except VacancyRejected as rejected:
        _record(request, AuditEvent.Action.CHANGE, "not closed")
        raise _problem(rejected) from rejected
    _record(request, AuditEvent.Action.CHANGE, f"vacancy {vacancy.pk} closed")
    return vacancy_out(vacancy)
