import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from goodwork.core.models import AuditEvent, SiteSettings
from jobs.admin import LLW_RATE_BEFORE_PUBLISHED, LLW_RATE_IN_USE, REJECT_NOTE_MISSING
from jobs.models import FlexibleJobsSnapshot, LivingWageRate, Vacancy
from jobs.services import VACANCY_NOT_IN_REVIEW, VACANCY_NOT_LIVE
from tests.employers.factories import OwnerMembershipFactory
from tests.goodwork.core.factories import UserFactory
from tests.goodwork.reporting.factories import FlexibleJobsSnapshotFactory
from tests.jobs.factories import DraftVacancyFactory, InReviewVacancyFactory, LiveVacancyFactory
from tests.residents.factories import CoachFactory, ResidentFactory

VACANCIES = reverse("admin:jobs_vacancy_changelist")
RATES = reverse("admin:jobs_livingwagerate_changelist")
USERS = reverse("admin:goodwork_user_changelist")

pytestmark = pytest.mark.django_db


def run_action(client, url, action, objects, **extra):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}, follow=True
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


# -- Vacancies ---------------------------------------------------------------------------------


def test_vacancy_list_shows_officers_what_they_need(officer_client):
    LiveVacancyFactory(
        title="Night care assistant",
        time_options=["part_time"],
        place="hybrid",
        organisation__name="Camden Care",
    )
    content = officer_client.get(VACANCIES).content.decode()
    for text in [
        "Night care assistant",
        "Camden Care",
        "Part-time, Hybrid",
        "£15 an hour",
        "Live",
        "live now",
        "offers a flexible option",
        "By sector",
    ]:
        assert text in content


def test_vacancy_list_query_count_does_not_grow_with_vacancies(
    officer_client, django_assert_max_num_queries
):
    LiveVacancyFactory.create_batch(3)
    with django_assert_max_num_queries(12) as before:
        officer_client.get(VACANCIES)
    LiveVacancyFactory.create_batch(10)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = officer_client.get(VACANCIES)
    assert response.context["cl"].result_count == 13


@pytest.mark.parametrize(
    "param, value, expected",
    [
        ("live", "yes", {"live"}),
        ("live", "no", {"review", "remote_draft"}),
        ("flexible", "yes", {"live", "remote_draft"}),
        ("flexible", "talk", {"review"}),
        ("flexible", "no", {"review"}),
    ],
)
def test_vacancy_filters_for_live_and_flexible(officer_client, param, value, expected):
    LiveVacancyFactory(title="live", time_options=["job_share"])
    InReviewVacancyFactory(title="review", time_options=[], flexibility="talk")
    DraftVacancyFactory(title="remote_draft", time_options=[], place="remote")
    response = officer_client.get(VACANCIES, {param: value})
    assert {v.title for v in response.context["cl"].result_list} == expected


def test_approve_action_publishes_vacancies_in_review_and_reports_the_others(officer_client):
    waiting = InReviewVacancyFactory.create_batch(2)
    draft = DraftVacancyFactory(title="Still a draft")
    response = run_action(officer_client, VACANCIES, "approve_selected", [*waiting, draft])
    assert "Approved 2 vacancies." in messages_of(response)
    assert f"Not changed: Still a draft: {VACANCY_NOT_IN_REVIEW}" in messages_of(response)
    for vacancy in waiting:
        vacancy.refresh_from_db()
        assert vacancy.status == Vacancy.Status.PUBLISHED
        assert vacancy.published_at is not None
        assert vacancy.pays_living_wage  # £15.00 an hour against £14.80
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT


def test_reject_action_asks_for_a_note_first(officer_client):
    waiting = InReviewVacancyFactory(title="Kitchen porter")
    response = run_action(officer_client, VACANCIES, "reject_selected", [waiting])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/jobs/vacancy/reject_selected.html"
    assert "Kitchen porter" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.IN_REVIEW


def test_reject_action_without_a_note_shows_the_error(officer_client):
    waiting = InReviewVacancyFactory()
    response = run_action(
        officer_client, VACANCIES, "reject_selected", [waiting], apply="yes", note="  "
    )
    assert REJECT_NOTE_MISSING in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.IN_REVIEW


def test_reject_action_with_a_note_sends_the_vacancy_back(officer_client):
    waiting = InReviewVacancyFactory()
    response = run_action(
        officer_client,
        VACANCIES,
        "reject_selected",
        [waiting],
        apply="yes",
        note="Say what the pay is per hour.",
    )
    assert response.redirect_chain[-1][0] == VACANCIES
    assert "Sent back 1 vacancy." in messages_of(response)
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.DRAFT
    assert waiting.moderation_note == "Say what the pay is per hour."


def test_close_action_closes_live_vacancies_only(officer_client):
    live = LiveVacancyFactory()
    waiting = InReviewVacancyFactory(title="Waiting")
    response = run_action(officer_client, VACANCIES, "close_selected", [live, waiting])
    assert "Closed 1 vacancy." in messages_of(response)
    assert f"Not changed: Waiting: {VACANCY_NOT_LIVE}" in messages_of(response)
    live.refresh_from_db()
    assert (live.status, live.closed_at is not None) == (Vacancy.Status.CLOSED, True)


def test_vacancy_status_cannot_be_edited_outside_the_actions(officer_client):
    vacancy = InReviewVacancyFactory()
    content = officer_client.get(
        reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    ).content.decode()
    assert 'name="status"' not in content
    assert 'name="time_options"' in content and 'type="checkbox"' in content


def test_export_vacancies_as_csv(officer_client):
    one = LiveVacancyFactory(
        title='=HYPERLINK("http://evil")',
        organisation__name="Camden Care",
        time_options=["part_time", "term_time"],
    )
    two = InReviewVacancyFactory(title="Cleaner", pay_min=Decimal("13.00"), pay_max=None)
    response = officer_client.post(
        VACANCIES, {"action": "export_selected_as_csv", ACTION_CHECKBOX_NAME: [one.pk, two.pk]}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="vacancies-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    header = rows[0]
    assert header[:4] == ["ID", "Title", "Organisation", "Status"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first, second = by_id[str(one.pk)], by_id[str(two.pk)]
    # A cell a spreadsheet would run as a formula is written as text.
    assert first["Title"] == '\'=HYPERLINK("http://evil")'
    assert first["Organisation"] == "Camden Care"
    assert first["Status"] == "Live"
    assert first["Flexible options (when and how much)"] == "Part-time; Term-time only"
    assert first["Pays the London Living Wage"] == "Yes"
    pay = second["Pay an hour (least)"]
    assert (second["Status"], pay, second["Pays the London Living Wage"]) == (
        "Waiting for council review",
        "13.00",
        "No",
    )
    assert len(rows) == 3


# -- The London Living Wage --------------------------------------------------------------------


def date_parts(name: str, day: datetime.date) -> dict[str, str]:
    """A date as an officer types it in the admin: day, month and year."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def add_rate(client, effective_from, rate="15.50"):
    client.get(reverse("admin:jobs_livingwagerate_add"))
    return client.post(
        reverse("admin:jobs_livingwagerate_add"),
        {
            "hourly_rate": rate,
            **date_parts("effective_from", effective_from),
            **date_parts("announced_on", timezone.localdate()),
            "note": "New rate",
        },
        follow=True,
    )


def test_rate_list_is_newest_first_and_says_which_rate_is_in_force(officer_client):
    today = timezone.localdate()
    LivingWageRate.objects.create(
        hourly_rate=Decimal("13.85"),
        effective_from=datetime.date(2024, 10, 22),
        announced_on=datetime.date(2024, 10, 22),
    )
    LivingWageRate.objects.create(
        hourly_rate=Decimal("16.00"),
        effective_from=today + datetime.timedelta(days=30),
        announced_on=today,
    )
    LiveVacancyFactory()
    response = officer_client.get(RATES)
    content = response.content.decode()
    assert "In force now: £14.80 an hour from 22 October 2025" in content
    rates = [rate.hourly_rate for rate in response.context["cl"].result_list]
    assert rates == [Decimal("16.00"), Decimal("14.80"), Decimal("13.85")]
    in_force = {rate.hourly_rate: rate for rate in response.context["cl"].result_list}
    assert [rate.vacancies_published for rate in response.context["cl"].result_list] == [0, 1, 0]
    assert in_force[Decimal("14.80")].in_force_until == today + datetime.timedelta(days=30)


def test_adding_a_new_rate_is_the_normal_path(officer_client):
    LiveVacancyFactory()
    start = timezone.localdate() + datetime.timedelta(days=1)
    response = add_rate(officer_client, start)
    assert response.status_code == 200
    assert LivingWageRate.objects.filter(
        effective_from=start, hourly_rate=Decimal("15.50")
    ).exists()


def test_a_new_rate_cannot_start_before_vacancies_already_published(officer_client):
    LiveVacancyFactory(published_at=timezone.now() - datetime.timedelta(days=2))
    start = timezone.localdate() - datetime.timedelta(days=5)
    response = add_rate(officer_client, start)
    latest = timezone.localdate() - datetime.timedelta(days=2)
    assert LLW_RATE_BEFORE_PUBLISHED.format(
        day=f"{latest:%-d %B %Y}"
    ) in response.content.decode().replace("&#x27;", "'")
    assert not LivingWageRate.objects.filter(effective_from=start).exists()


def test_a_rate_vacancies_were_published_under_cannot_be_edited_or_deleted(officer_client):
    LiveVacancyFactory()
    rate = LivingWageRate.objects.get(hourly_rate=Decimal("14.80"))
    url = reverse("admin:jobs_livingwagerate_change", args=[rate.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    assert LLW_RATE_IN_USE in messages_of(page)
    assert 'name="hourly_rate"' not in page.content.decode()
    response = officer_client.post(
        url,
        {
            "hourly_rate": "9.99",
            "effective_from": "2025-10-22",
            "announced_on": "2025-10-22",
            "note": "",
        },
    )
    assert response.status_code == 403
    assert (
        officer_client.post(
            reverse("admin:jobs_livingwagerate_delete", args=[rate.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    rate.refresh_from_db()
    assert rate.hourly_rate == Decimal("14.80")


def test_a_future_rate_nobody_was_judged_against_can_still_be_corrected(officer_client):
    start = timezone.localdate() + datetime.timedelta(days=10)
    future = LivingWageRate.objects.create(
        hourly_rate=Decimal("16.10"), effective_from=start, announced_on=timezone.localdate()
    )
    response = officer_client.post(
        reverse("admin:jobs_livingwagerate_change", args=[future.pk]),
        {
            "hourly_rate": "16.01",
            **date_parts("effective_from", start),
            **date_parts("announced_on", timezone.localdate()),
            "note": "typo fixed",
        },
    )
    assert response.status_code == 302
    future.refresh_from_db()
    assert future.hourly_rate == Decimal("16.01")


# -- Snapshots, settings, users, the audit log --------------------------------------------------


def test_snapshots_are_read_only_in_the_admin(officer_client):
    snapshot = FlexibleJobsSnapshotFactory()
    assert (
        officer_client.get(reverse("admin:jobs_flexiblejobssnapshot_changelist")).status_code == 200
    )
    assert officer_client.get(reverse("admin:jobs_flexiblejobssnapshot_add")).status_code == 403
    url = reverse("admin:jobs_flexiblejobssnapshot_change", args=[snapshot.pk])
    assert officer_client.post(url, {"live_vacancies": 99}).status_code == 403
    assert FlexibleJobsSnapshot.objects.get().live_vacancies == snapshot.live_vacancies


def test_portal_settings_open_as_one_form_and_switch_moderation_on(officer_client):
    response = officer_client.get(reverse("admin:goodwork_sitesettings_changelist"))
    change = reverse("admin:goodwork_sitesettings_change", args=[1])
    assert response.status_code == 302 and response["Location"] == change
    assert officer_client.get(reverse("admin:goodwork_sitesettings_add")).status_code == 403
    response = officer_client.post(
        change, {"moderation_enabled": "on", "alert_digest_max_jobs": 10}
    )
    assert response.status_code == 302
    assert SiteSettings.load().moderation_enabled is True
    assert (
        officer_client.post(
            reverse("admin:goodwork_sitesettings_delete", args=[1]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert SiteSettings.objects.count() == 1


def test_user_list_shows_roles_and_filters_by_them(officer_client, council_admin):
    resident = ResidentFactory(user__email="resident@example.com")
    coach = CoachFactory(user__email="coach@example.com")
    member = OwnerMembershipFactory(user__email="owner@example.com")
    response = officer_client.get(USERS)
    roles = {
        user.email: response.context["cl"].model_admin.roles(user)
        for user in response.context["cl"].result_list
    }
    assert roles[resident.user.email] == "resident"
    assert roles[coach.user.email] == "work coach"
    assert roles[member.user.email] == "employer member"
    assert roles[council_admin.email] == "council admin"
    filtered = officer_client.get(USERS, {"role": "coach"})
    assert [user.email for user in filtered.context["cl"].result_list] == ["coach@example.com"]


def test_opening_a_user_in_the_admin_is_written_to_the_audit_log(officer_client, council_admin):
    resident = ResidentFactory()
    response = officer_client.get(reverse("admin:goodwork_user_change", args=[resident.user.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="view", subject_id=str(resident.user.pk))
    assert (event.actor, event.actor_label, event.subject_type) == (
        council_admin,
        f"{council_admin.display_name}, Camden Council",
        "goodwork.user",
    )
    # The resident can see that the council looked at their record.
    assert event.resident_id == resident.pk


def test_listing_users_is_written_to_the_audit_log(officer_client, council_admin):
    UserFactory.create_batch(2)
    officer_client.get(USERS, {"q": "example.com"})
    event = AuditEvent.objects.get(action="view", subject_type="goodwork.user", subject_id="list")
    # How many were shown, never what was searched for (a name or an address).
    assert event.detail.startswith("Listed ") and "example.com" not in event.detail


def test_export_users_as_csv_is_audited(officer_client, council_admin):
    resident = ResidentFactory(
        user__email="r@example.com", user__first_name="=cmd", user__last_name="Khan"
    )
    response = officer_client.post(
        USERS,
        {
            "action": "export_selected_as_csv",
            ACTION_CHECKBOX_NAME: [resident.user.pk, council_admin.pk],
        },
    )
    rows = csv_rows(response)
    assert rows[0] == [
        "Email address",
        "First name",
        "Last name",
        "Roles",
        "Active",
        "Last login",
        "Date joined",
    ]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["r@example.com"][1:4] == ["'=cmd", "Khan", "resident"]
    assert by_email[council_admin.email][3] == "council admin"
    event = AuditEvent.objects.get(action="export")
    assert event.actor == council_admin
    assert event.detail.startswith("Exported 2 as CSV: ")
    assert str(resident.user.pk) in event.detail


def test_audit_log_can_be_read_but_not_written(officer_client):
    resident = ResidentFactory()
    officer_client.get(reverse("admin:goodwork_user_change", args=[resident.user.pk]))
    event = AuditEvent.objects.get(action="view")
    assert officer_client.get(reverse("admin:goodwork_auditevent_changelist")).status_code == 200
    assert officer_client.get(reverse("admin:goodwork_auditevent_add")).status_code == 403
    url = reverse("admin:goodwork_auditevent_change", args=[event.pk])
    assert officer_client.get(url).status_code == 200
    assert officer_client.post(url, {"detail": "tampered"}).status_code == 403
    assert (
        officer_client.post(
            reverse("admin:goodwork_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    event.refresh_from_db()
    assert event.detail == "Opened in the admin"


@pytest.mark.parametrize("role", ["resident", "employer_member", "coach"])
def test_other_roles_cannot_use_the_admin_actions(client, request, role):
    person = request.getfixturevalue(role)
    client.force_login(getattr(person, "user", person))
    waiting = InReviewVacancyFactory()
    response = client.post(
        VACANCIES, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]}
    )
    assert response.status_code == 302 and "login" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.status == Vacancy.Status.IN_REVIEW


def form_data(form) -> dict:
    """What the browser would send back for an unchanged admin form."""
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            data.update(date_parts(name, value))
            continue
        data[name] = value if isinstance(value, list) else str(value)
    return data


def test_an_officer_can_correct_a_vacancy_and_its_flexible_options(officer_client):
    vacancy = LiveVacancyFactory(title="Care asistant", time_options=["part_time"])
    url = reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    form = officer_client.get(url).context["adminform"].form
    data = {
        **form_data(form),
        "title": "Care assistant",
        "time_options": ["part_time", "job_share"],
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.time_options) == ("Care assistant", ["part_time", "job_share"])
    assert vacancy.status == Vacancy.Status.PUBLISHED


# -- Exporting every row, and dates typed as day, month and year ---------------------------------


def test_export_all_takes_every_page_of_the_filtered_list_with_labels(officer_client):
    closing = timezone.localdate() + datetime.timedelta(days=40)
    LiveVacancyFactory.create_batch(
        55, time_options=["term_time"], contract_type="fixed_term", closing_date=closing
    )
    InReviewVacancyFactory.create_batch(3)  # filtered out
    listing = officer_client.get(VACANCIES, {"status__exact": "published"})
    assert listing.context["cl"].result_count == 55
    assert len(listing.context["cl"].result_list) == 50  # one page of the list
    export_url = reverse("admin:jobs_vacancy_export") + "?status__exact=published"
    assert "Export all 55 as CSV" in listing.content.decode()
    response = officer_client.post(export_url)
    rows = csv_rows(response)
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == 55
    assert {row["Status"] for row in body} == {"Live"}
    first = body[0]
    assert first["Contract type"] == "Fixed term"
    assert first["Flexible options (when and how much)"] == "Term-time only"
    assert first["Closing date"] == f"{closing:%-d %B %Y}"
    assert first["Published at"].endswith(("am", "pm")) and " at " in first["Published at"]
    assert "fixed_term" not in response.content.decode()


def test_export_all_is_a_post_from_the_list_page(officer_client):
    assert officer_client.get(reverse("admin:jobs_vacancy_export")).status_code == 405


def test_an_officer_saves_a_vacancys_dates_as_day_month_and_year_and_sees_them_again(
    officer_client,
):
    vacancy = LiveVacancyFactory()
    url = reverse("admin:jobs_vacancy_change", args=[vacancy.pk])
    page = officer_client.get(url)
    html = page.content.decode()
    assert 'name="closing_date_day"' in html and 'name="closing_date"' not in html
    assert '<label for="id_closing_date_month">Month</label>' in html
    closing = timezone.localdate() + datetime.timedelta(days=60)
    start = timezone.localdate() + datetime.timedelta(days=75)
    data = {
        **form_data(page.context["adminform"].form),
        **date_parts("closing_date", closing),
        **date_parts("start_date", start),
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    vacancy.refresh_from_db()
    assert (vacancy.closing_date, vacancy.start_date) == (closing, start)
    again = officer_client.get(url).content.decode()
    for name, day in [("closing_date", closing), ("start_date", start)]:
        assert f'id="id_{name}_day" inputmode="numeric" size="2" value="{day.day}"' in again
        assert f'id="id_{name}_month" inputmode="numeric" size="2" value="{day.month}"' in again
        assert f'id="id_{name}_year" inputmode="numeric" size="4" value="{day.year}"' in again


def test_a_date_missing_its_month_is_refused_with_the_reason(officer_client):
    start = timezone.localdate() + datetime.timedelta(days=3)
    parts = {**date_parts("effective_from", start), "effective_from_month": ""}
    officer_client.get(reverse("admin:jobs_livingwagerate_add"))
    response = officer_client.post(
        reverse("admin:jobs_livingwagerate_add"),
        {"hourly_rate": "15.90", **parts, **date_parts("announced_on", start), "note": ""},
    )
    assert response.status_code == 200
    assert "The date it takes effect must include a month." in response.content.decode()
    assert not LivingWageRate.objects.filter(hourly_rate=Decimal("15.90")).exists()


def test_a_rate_added_shows_its_dates_as_saved(officer_client):
    start = timezone.localdate() + datetime.timedelta(days=9)
    add_rate(officer_client, start, rate="15.70")
    rate = LivingWageRate.objects.get(hourly_rate=Decimal("15.70"))
    assert rate.effective_from == start and rate.announced_on == timezone.localdate()
    form = officer_client.get(
        reverse("admin:jobs_livingwagerate_change", args=[rate.pk])
    ).context["adminform"].form
    assert form["effective_from"].value() == start
    html = str(form["effective_from"])
    assert f'value="{start.day}"' in html and f'value="{start.year}"' in html
