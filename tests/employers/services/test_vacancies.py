"""Employers hear what the council decided about a vacancy: sent back with its note, or live."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from employers import services
from goodwork.core.models import SiteSettings
from jobs import services as js
from jobs.models import Vacancy
from tests.employers.factories import MembershipFactory, OwnerMembershipFactory
from tests.formclient import FormClient
from tests.goodwork.core.factories import UserFactory
from tests.jobs.factories import DraftVacancyFactory, InReviewVacancyFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:jobs_vacancy_changelist")
NOTE = "Say which days the shifts are on, and what 'flexible' means here."


@pytest.fixture
def council(council_admin, mfa_login):
    return mfa_login(FormClient(), council_admin)


@pytest.fixture
def team(organisation, employer_member):
    """The member who posts the vacancy, two owners, a colleague, and someone who has left."""
    return {
        "poster": employer_member,
        "owners": [
            OwnerMembershipFactory(organisation=organisation, user__email=email).user
            for email in ("b.owner@example.com", "a.owner@example.com")
        ],
        "colleague": MembershipFactory(organisation=organisation).user,
        "left": UserFactory(),
    }


@pytest.fixture
def waiting(organisation, team):
    return InReviewVacancyFactory(
        organisation=organisation, title="Cook's assistant", created_by=team["poster"]
    )


def send_back(council, vacancy, note, django_capture_on_commit_callbacks):
    council.get(f"{QUEUE}?status__exact=in_review")
    council.post(QUEUE, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [vacancy.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        response = council.post(
            QUEUE,
            {"action": "reject_selected", ACTION_CHECKBOX_NAME: [vacancy.pk], "apply": "yes",
             "note": note},
            follow=True,
        )
    assert "Sent back 1 vacancy." in [str(m) for m in response.context["messages"]]


def approve(council, vacancy, django_capture_on_commit_callbacks):
    council.get(f"{QUEUE}?status__exact=in_review")
    with django_capture_on_commit_callbacks(execute=True):
        response = council.post(
            QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [vacancy.pk]}, follow=True
        )
    assert "Approved 1 vacancy." in [str(m) for m in response.context["messages"]]


def expected_recipients(team):
    return sorted([team["poster"].email, *(owner.email for owner in team["owners"])])


def test_the_poster_and_the_owners_hear_why_a_vacancy_was_sent_back(
    council, waiting, team, tasks_here, django_capture_on_commit_callbacks
):
    send_back(council, waiting, NOTE, django_capture_on_commit_callbacks)
    assert tasks_here.names().count(js.SENT_BACK_NOTIFY_TASK) == 1
    assert sorted(m.to[0] for m in mail.outbox) == expected_recipients(team)
    message = mail.outbox[0]
    assert message.subject == "The council has sent back your vacancy: Cook's assistant"
    check = f"{settings.SITE_URL}{reverse('employers:vacancy_check', kwargs={'pk': waiting.pk})}"
    today = f"{timezone.localdate():%-d %B %Y}"
    assert message.body == (
        f'The council checked your vacancy "Cook\'s assistant" for {waiting.organisation.name} '
        f"and sent it back to you on {today}. It is a draft again, so residents cannot see it."
        f"\n\nThe council said:\n{NOTE}\n\n"
        f"Make the changes, then send the vacancy for review again:\n{check}\n"
    )
    html = message.alternatives[0][0]
    assert escape(NOTE) in html and f'href="{check}"' in html


def test_the_dashboard_and_the_vacancy_say_why_it_is_back_in_draft(
    council, employer_client, waiting, tasks_here, django_capture_on_commit_callbacks
):
    send_back(council, waiting, NOTE, django_capture_on_commit_callbacks)
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.DRAFT and waiting.sent_back_at is not None
    today = f"{timezone.localdate():%-d %B %Y}"
    dashboard = employer_client.get(reverse("employers:dashboard")).content.decode()
    assert f"The council sent this back on {today}:</strong> {escape(NOTE)}" in dashboard
    check = employer_client.get(
        reverse("employers:vacancy_check", kwargs={"pk": waiting.pk})
    ).content.decode()
    assert f"The council sent this vacancy back on {today} and asked for changes" in check
    assert escape(NOTE) in check


def test_the_poster_and_the_owners_hear_when_the_council_approves_a_vacancy(
    council, waiting, team, tasks_here, django_capture_on_commit_callbacks
):
    approve(council, waiting, django_capture_on_commit_callbacks)
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.PUBLISHED
    assert sorted(m.to[0] for m in mail.outbox) == expected_recipients(team)
    message = mail.outbox[0]
    assert message.subject == "Your vacancy is live: Cook's assistant"
    job = f"{settings.SITE_URL}{waiting.get_absolute_url()}"
    assert (
        f"It is live now: residents can find it in the job search until it closes on "
        f"{waiting.closing_date:%-d %B %Y}." in message.body
    )
    assert f"See the vacancy as residents see it:\n{job}\n" in message.body
    assert f'href="{job}"' in message.alternatives[0][0]


def test_a_vacancy_sent_again_and_approved_clears_the_council_note(
    council, employer_client, waiting, tasks_here, django_capture_on_commit_callbacks
):
    send_back(council, waiting, NOTE, django_capture_on_commit_callbacks)
    check = reverse("employers:vacancy_check", kwargs={"pk": waiting.pk})
    SiteSettings.objects.filter(pk=1).update(moderation_enabled=True)
    employer_client.get(check)
    employer_client.post(check)
    approve(council, waiting, django_capture_on_commit_callbacks)
    waiting.refresh_from_db()
    assert waiting.moderation_note == "" and waiting.sent_back_at is None
    dashboard = employer_client.get(reverse("employers:dashboard")).content.decode()
    assert "The council sent this back" not in dashboard


def test_posting_straight_to_live_sends_no_approval_email(
    employer_client, organisation, tasks_here, django_capture_on_commit_callbacks
):
    vacancy = DraftVacancyFactory(organisation=organisation)
    check = reverse("employers:vacancy_check", kwargs={"pk": vacancy.pk})
    employer_client.get(check)
    with django_capture_on_commit_callbacks(execute=True):
        employer_client.post(check)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert js.APPROVED_NOTIFY_TASK not in tasks_here.names() and mail.outbox == []


def test_nothing_is_sent_about_a_decision_the_vacancy_has_moved_on_from(waiting, council_admin):
    js.vacancy_reject(vacancy=waiting, by=council_admin, note=NOTE)
    js.vacancy_submit(vacancy=waiting, by=None)  # moderation off: live again at once
    assert services.vacancy_sent_back_notify(vacancy_id=waiting.pk) == 0
    js.vacancy_close(vacancy=waiting, by=None)
    assert services.vacancy_approved_notify(vacancy_id=waiting.pk) == 0
    assert mail.outbox == []
