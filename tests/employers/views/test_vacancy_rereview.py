"""Editing a live vacancy through the posting form, with and without council moderation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from employers.views.vacancies import VACANCY_SENT_FOR_REREVIEW
from goodwork.core.models import SiteSettings
from jobs.models import Vacancy
from tests.formclient import FormClient
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db

OLD_URL = "https://jobs.example.org/apply"
NEW_URL = "https://elsewhere.example.com/apply-now"
SEARCH = reverse("jobs:vacancy_list")
QUEUE = reverse("admin:jobs_vacancy_changelist") + "?status__exact=in_review"
CARD_ID = re.compile(r'data-vacancy-id="(\d+)"')


def step_url(vacancy: Vacancy, step: str) -> str:
    return reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": step})


def check_url(vacancy: Vacancy) -> str:
    return reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})


def listed(vacancy: Vacancy) -> bool:
    response = FormClient().get(SEARCH)
    assert response.status_code == 200
    return str(vacancy.pk) in CARD_ID.findall(response.content.decode())


def change_how_to_apply(employer_client, vacancy: Vacancy, **answers):
    """From the dashboard's Edit link to the check page's Change link, then save the page."""
    dashboard = employer_client.get(reverse("employers:dashboard")).content.decode()
    assert f'href="{check_url(vacancy)}"' in dashboard
    check = employer_client.get(check_url(vacancy)).content.decode()
    assert f'href="{step_url(vacancy, "apply")}?return=check"' in check
    employer_client.get(f"{step_url(vacancy, 'apply')}?return=check")
    response = employer_client.post(
        f"{step_url(vacancy, 'apply')}?return=check",
        {"apply_url": "", "apply_email": "", **answers},
        follow=True,
    )
    assert response.redirect_chain == [(check_url(vacancy), 302)]
    return response.content.decode()


@pytest.fixture
def moderation():
    SiteSettings.objects.filter(pk=1).update(moderation_enabled=True)


@pytest.fixture
def live(organisation):
    return LiveVacancyFactory(organisation=organisation, title="School cook", apply_url=OLD_URL)


@pytest.fixture
def council(council_admin, mfa_login):
    return mfa_login(FormClient(), council_admin)


def test_a_changed_live_vacancy_waits_for_the_council_then_is_listed_again(
    employer_client, council, moderation, live
):
    assert listed(live)
    check = employer_client.get(check_url(live)).content.decode()
    assert "the council will check the vacancy again before residents can see it" in check

    page = change_how_to_apply(employer_client, live, apply_url=NEW_URL)
    assert escape(VACANCY_SENT_FOR_REREVIEW.format(title="School cook")) in page
    assert "Waiting for council review" in page
    assert "Residents cannot see the vacancy until the council approves it" in page
    assert "The council asked for changes" not in page
    live.refresh_from_db()
    assert live.status == Vacancy.Status.IN_REVIEW

    # The form opened again shows what was saved.
    form = employer_client.get(step_url(live, "apply")).content.decode()
    assert f'value="{NEW_URL}"' in form and OLD_URL not in form

    assert not listed(live)
    assert FormClient().get(live.get_absolute_url()).status_code == 404
    assert NEW_URL not in FormClient().get(reverse("jobs:vacancy_feed")).content.decode()

    queue = council.get(QUEUE).content.decode()
    assert "School cook" in queue and "Changed while live: Link to apply" in queue
    change = council.get(reverse("admin:jobs_vacancy_change", args=[live.pk])).content.decode()
    assert f"Link to apply: {OLD_URL}" in change
    response = council.post(
        reverse("admin:jobs_vacancy_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [live.pk]},
        follow=True,
    )
    assert "Approved 1 vacancy." in [str(m) for m in response.context["messages"]]

    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.moderation_note == ""
    assert listed(live)
    job = FormClient().get(live.get_absolute_url())
    assert job.status_code == 200 and f'href="{NEW_URL}"' in job.content.decode()
    form = employer_client.get(step_url(live, "apply")).content.decode()
    assert f'value="{NEW_URL}"' in form


def test_changing_only_the_closing_date_keeps_it_live(employer_client, moderation, live):
    closing = timezone.localdate() + datetime.timedelta(days=40)
    employer_client.get(f"{step_url(live, 'dates')}?return=check")
    response = employer_client.post(
        f"{step_url(live, 'dates')}?return=check",
        {"closing_date_day": str(closing.day), "closing_date_month": str(closing.month),
         "closing_date_year": str(closing.year),
         "start_date_day": "", "start_date_month": "", "start_date_year": ""},
        follow=True,
    )
    assert "sent to the council for review" not in response.content.decode()
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.closing_date == closing
    assert listed(live)
    check = employer_client.get(check_url(live)).content.decode()
    assert f"{closing:%-d %B %Y}" in check


def test_with_moderation_off_a_changed_live_vacancy_stays_live(employer_client, live):
    assert not SiteSettings.load().moderation_enabled
    page = change_how_to_apply(employer_client, live, apply_url=NEW_URL)
    assert "sent to the council for review" not in page
    assert "Changes you save go live straight away." in page
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.apply_url == NEW_URL
    assert listed(live)
    form = employer_client.get(step_url(live, "apply")).content.decode()
    assert f'value="{NEW_URL}"' in form
    job = FormClient().get(live.get_absolute_url())
    assert job.status_code == 200 and f'href="{NEW_URL}"' in job.content.decode()
