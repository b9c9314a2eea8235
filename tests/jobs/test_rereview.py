"""A live vacancy changed while moderation is on goes back to the council for review."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goodwork.core.models import AuditEvent, SiteSettings
from jobs import services
from jobs.choices import PayPeriod, Sector, TimeOption
from jobs.models import Vacancy
from residents.models import AlertDelivery
from residents.services.alert_delivery import alerts_match
from tests.goodwork.core.factories import CouncilAdminFactory
from tests.jobs.factories import InReviewVacancyFactory, LiveVacancyFactory
from tests.residents.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db

OLD_URL = "https://jobs.example.org/apply"
NEW_URL = "https://elsewhere.example.com/apply-now"


@pytest.fixture
def moderation():
    SiteSettings.objects.filter(pk=1).update(moderation_enabled=True)


@pytest.fixture
def live(organisation):
    return LiveVacancyFactory(organisation=organisation, title="School cook", apply_url=OLD_URL)


def edit(vacancy: Vacancy, by, **data) -> Vacancy:
    """As the posting form does: its answers are on the instance before the service runs."""
    for name, value in data.items():
        setattr(vacancy, name, value)
    return services.vacancy_update(vacancy=vacancy, by=by, data=data)


def rereview_events(vacancy: Vacancy):
    return AuditEvent.objects.filter(
        subject_type="jobs.vacancy", subject_id=str(vacancy.pk), action=AuditEvent.Action.CHANGE
    )


def test_changing_how_to_apply_sends_a_live_vacancy_back_for_review(
    moderation, live, employer_member
):
    published_at = live.published_at
    before = timezone.now()
    edit(live, employer_member, apply_url=NEW_URL)
    live.refresh_from_db()
    assert live.status == Vacancy.Status.IN_REVIEW
    assert live.submitted_at >= before and live.published_at == published_at
    assert live.apply_url == NEW_URL
    assert not Vacancy.objects.live().filter(pk=live.pk).exists()
    assert not Vacancy.objects.public().filter(pk=live.pk).exists()
    assert live.moderation_note == f"{services.REREVIEW_NOTE_HEADING}\nLink to apply: {OLD_URL}"
    assert services.vacancy_review_changes(live) == ["Link to apply"]


def test_the_status_change_is_audited(moderation, live, employer_member):
    edit(live, employer_member, apply_email="jobs@elsewhere.example.com", pay_min=Decimal("15.50"))
    [event] = rereview_events(live)
    assert event.actor == employer_member and event.actor_label == employer_member.email
    assert event.detail == (
        "Live vacancy sent back for council review after a change to: "
        "Lowest pay, Email address to apply to"
    )


@pytest.mark.parametrize(
    ("data", "label", "approved"),
    [
        ({"title": "Head cook"}, "Job title", "School cook"),
        ({"summary": "Run a kitchen."}, "Summary", "Support older people to live well at home."),
        (
            {"description": "New duties.\n\n- nights"},
            "Description",
            "We are looking for a caring person. - paid training - a supportive team",
        ),
        ({"sector": Sector.RETAIL}, "Sector", "Health and social care"),
        ({"hours_max": Decimal("30")}, "Most hours a week", "24.0"),
        ({"pay_min": Decimal("15.10")}, "Lowest pay", "15.00"),
        ({"pay_period": PayPeriod.YEAR, "pay_min": Decimal("32000"), "pay_max": None},
         "Pay is given", "an hour"),
        ({"time_options": [TimeOption.PART_TIME]}, "Flexible options", "Part-time, Term-time only"),
        ({"zero_hours": True, "guaranteed_hours": None}, "Zero-hours contract", "No"),
        ({"address": "1 High Street"}, "Address of the workplace", "(not given)"),
    ],
)
def test_each_field_that_matters_sends_it_back_with_its_approved_value(
    moderation, live, employer_member, data, label, approved
):
    edit(live, employer_member, **data)
    live.refresh_from_db()
    assert live.status == Vacancy.Status.IN_REVIEW
    assert label in services.vacancy_review_changes(live)
    assert f"\n{label}: {approved}" in live.moderation_note


def test_changing_only_the_dates_keeps_it_live(moderation, live, employer_member):
    edit(
        live,
        employer_member,
        closing_date=live.closing_date + datetime.timedelta(days=7),
        start_date=live.closing_date + datetime.timedelta(days=14),
    )
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.moderation_note == ""
    assert Vacancy.objects.live().filter(pk=live.pk).exists()
    assert not rereview_events(live).exists()


def test_saving_the_same_answers_again_keeps_it_live(moderation, live, employer_member):
    edit(
        live,
        employer_member,
        pay_min=Decimal("15"),
        hours_min=Decimal("16.0"),
        time_options=[TimeOption.TERM_TIME, TimeOption.PART_TIME],
        apply_url=OLD_URL,
    )
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED


def test_with_moderation_off_a_changed_live_vacancy_stays_live(live, employer_member):
    assert not SiteSettings.load().moderation_enabled
    edit(live, employer_member, apply_url=NEW_URL, title="Head cook")
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.moderation_note == ""
    assert live.apply_url == NEW_URL and live.title == "Head cook"
    assert Vacancy.objects.live().filter(pk=live.pk).exists()
    assert not rereview_events(live).exists()


def test_a_change_that_fails_validation_leaves_it_live(moderation, live, employer_member):
    with pytest.raises(ValidationError):
        edit(live, employer_member, apply_url="", apply_email="")
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.apply_url == OLD_URL


def test_further_changes_while_waiting_keep_the_values_the_council_approved(
    moderation, live, employer_member
):
    edit(live, employer_member, apply_url=NEW_URL)
    edit(live, employer_member, apply_url="https://third.example.net/apply")
    edit(live, employer_member, title="Head cook")
    live.refresh_from_db()
    assert live.status == Vacancy.Status.IN_REVIEW
    assert live.moderation_note == (
        f"{services.REREVIEW_NOTE_HEADING}\nJob title: School cook\nLink to apply: {OLD_URL}"
    )
    assert services.vacancy_review_changes(live) == ["Job title", "Link to apply"]
    # One status change, one audit row.
    assert rereview_events(live).count() == 1


def test_a_new_vacancy_waiting_for_review_gets_no_note_when_edited(moderation, employer_member):
    waiting = InReviewVacancyFactory()
    edit(waiting, employer_member, apply_url=NEW_URL)
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.IN_REVIEW and waiting.moderation_note == ""
    assert services.vacancy_review_changes(waiting) == []


def test_approval_puts_it_live_again_from_its_first_publication(
    moderation, live, employer_member
):
    published_at = live.published_at
    edit(live, employer_member, apply_url=NEW_URL)
    services.vacancy_approve(vacancy=live, by=CouncilAdminFactory())
    live.refresh_from_db()
    assert live.status == Vacancy.Status.PUBLISHED and live.published_at == published_at
    assert live.moderation_note == "" and live.alerts_matched_at is None
    assert live.pays_living_wage
    assert Vacancy.objects.live().filter(pk=live.pk).exists()


def test_sending_back_a_changed_vacancy_makes_it_a_draft_with_the_councils_note(
    moderation, live, employer_member
):
    edit(live, employer_member, apply_url=NEW_URL)
    services.vacancy_reject(vacancy=live, by=CouncilAdminFactory(), note="Use your own site.")
    live.refresh_from_db()
    assert live.status == Vacancy.Status.DRAFT and live.moderation_note == "Use your own site."
    assert services.vacancy_review_changes(live) == []


def test_job_match_alerts_wait_for_approval(moderation, live, employer_member):
    search = SavedSearchFactory()
    edit(live, employer_member, apply_url=NEW_URL)
    Vacancy.objects.filter(pk=live.pk).update(alerts_matched_at=None)
    assert alerts_match(vacancy_ids=[live.pk]) == 0
    assert alerts_match() == 0
    services.vacancy_approve(vacancy=live, by=CouncilAdminFactory())
    assert alerts_match(vacancy_ids=[live.pk]) == 1
    assert list(AlertDelivery.objects.values_list("saved_search_id", "vacancy_id")) == [
        (search.pk, live.pk)
    ]


def test_search_feed_sitemap_and_job_page_leave_it_out_until_approved(
    client, moderation, live, employer_member
):
    def shown() -> dict[str, bool]:
        return {
            "search": f'data-vacancy-id="{live.pk}"'
            in client.get(reverse("jobs:vacancy_list")).content.decode(),
            "feed": live.get_absolute_url()
            in client.get(reverse("jobs:vacancy_feed")).content.decode(),
            "sitemap": live.get_absolute_url()
            in client.get(reverse("jobs:sitemap")).content.decode(),
            "page": client.get(live.get_absolute_url()).status_code == 200,
        }

    assert all(shown().values())
    edit(live, employer_member, apply_url=NEW_URL)
    assert not any(shown().values())
    assert client.get(live.get_absolute_url()).status_code == 404
    services.vacancy_approve(vacancy=live, by=CouncilAdminFactory())
    assert all(shown().values())
