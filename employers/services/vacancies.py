"""Telling an employer what the council decided about one of its vacancies."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from employers.models import Membership
from employers.services.email import email_send
from goodwork.core.siteurl import absolute_url
from jobs.models import Vacancy


def vacancy_recipients(vacancy: Vacancy) -> list[str]:
    """Who hears about a vacancy: the member who posted it, and the organisation's owners, who
    answer for everything it advertises. Someone who has left the organisation is not told."""
    return list(
        Membership.objects.filter(organisation_id=vacancy.organisation_id, user__is_active=True)
        .filter(Q(role=Membership.Role.OWNER) | Q(user_id=vacancy.created_by_id))
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _context(vacancy: Vacancy) -> dict:
    return {
        "vacancy": vacancy,
        "organisation": vacancy.organisation,
        "check_url": absolute_url(reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})),
        "dashboard_url": absolute_url(
            f"{reverse('employers:dashboard')}?organisation={vacancy.organisation_id}"
        ),
    }


def vacancy_sent_back_notify(*, vacancy_id: int) -> int:
    """Email the council's note on a vacancy it sent back; returns how many were sent.

    Nothing is sent once the vacancy has moved on (sent again and approved): the note the
    email would quote is gone, and the employer has acted on it.
    """
    vacancy = Vacancy.objects.select_related("organisation").filter(pk=vacancy_id).first()
    if vacancy is None or vacancy.status != Vacancy.Status.DRAFT or vacancy.sent_back_at is None:
        return 0
    to = vacancy_recipients(vacancy)
    email_send(template="employers/email/vacancy_sent_back", context=_context(vacancy), to=to)
    return len(to)


def vacancy_approved_notify(*, vacancy_id: int) -> int:
    """Email that the council approved a vacancy and it is live; returns how many were sent."""
    vacancy = Vacancy.objects.select_related("organisation").filter(pk=vacancy_id).first()
    if vacancy is None or vacancy.status != Vacancy.Status.PUBLISHED:
        return 0
    to = vacancy_recipients(vacancy)
    context = {**_context(vacancy), "vacancy_url": absolute_url(vacancy.get_absolute_url())}
    email_send(template="employers/email/vacancy_approved", context=context, to=to)
    return len(to)
