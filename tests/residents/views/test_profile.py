import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.choices import Flexibility, Place, Sector, TimeOption, Ward
from residents.forms.profile import (
    HEALTH_CONSENT_MISSING,
    HOURS_MIN_MISSING,
    OPTION_BOTH_NEEDED_AND_PREFERRED,
    POSTCODE_INVALID,
)
from residents.models import Resident, Shortlist
from residents.models.profile import HOURS_MAX_BELOW_MIN
from residents.selectors.fit import jobs_that_fit, jobs_that_fit_explained
from tests.jobs.factories import (
    ClosedVacancyFactory,
    DraftVacancyFactory,
    ExpiredVacancyFactory,
    LiveVacancyFactory,
)
from tests.residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def step(name):
    return reverse("residents:profile_step", kwargs={"step": name})


def test_signed_in_person_without_a_profile_starts_one(client, user):
    client.force_login(user)
    response = client.get(reverse("residents:dashboard"))
    assert response.url == reverse("residents:profile_start")
    assert client.get(reverse("residents:profile_start")).status_code == 200
    assert not Resident.objects.filter(user=user).exists(), "a GET must not create anything"
    response = client.post(reverse("residents:profile_start"))
    assert response.url == step("where")
    resident = Resident.objects.get(user=user)
    assert resident.email == user.email


def test_pages_need_sign_in(client):
    for name in ("dashboard", "profile_summary", "shortlist", "your_data", "account_delete"):
        response = client.get(reverse(f"residents:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_questions_walk_through_in_order_and_save_each_answer(resident_client, resident):
    answers = [
        ("where", {"postcode": "nw51sn", "ward": Ward.GOSPEL_OAK}, "hours"),
        ("hours", {"hours_min": "16", "hours_max": "25"}, "when"),
        (
            "when",
            {"days_available": ["mon", "tue"], "times_available": ["mornings"]},
            "flexibility",
        ),
        (
            "flexibility",
            {
                "time_options_needed": [TimeOption.TERM_TIME],
                "time_options_preferred": [TimeOption.JOB_SHARE],
                "places_wanted": [Place.ON_SITE],
            },
            "sectors",
        ),
        ("sectors", {"sectors": [Sector.EDUCATION]}, "pay"),
        ("pay", {"pay_needed_hourly": "14.80"}, "caring"),
        ("caring", {"caring": Resident.Caring.CHILDREN}, "health"),
    ]
    for name, data, following in answers:
        assert resident_client.get(step(name)).status_code == 200
        response = resident_client.post(step(name), data)
        assert response.status_code == 302, (
            response.context["form"].errors if response.context else name
        )
        assert response.url == step(following)
    response = resident_client.post(
        step("health"), {"consent": "on", "health_condition": "Arthritis in my hands"}
    )
    assert response.url == reverse("residents:profile_summary")
    resident.refresh_from_db()
    assert resident.postcode == "NW5 1SN"
    assert (resident.hours_min, resident.hours_max) == (Decimal("16"), Decimal("25"))
    assert resident.time_options_needed == ["term_time"]
    assert resident.pay_needed_hourly == Decimal("14.80")
    assert resident.health_condition == "Arthritis in my hands"
    assert resident.health_consent_at is not None
    assert resident.profile_completed_at is not None
    summary = resident_client.get(reverse("residents:profile_summary")).text
    for text in (
        "NW5 1SN",
        "16 to 25 hours a week",
        "Term-time only",
        "£14.80 an hour",
        "Arthritis in my hands",
        step("hours") + "?change=1",
    ):
        assert text in summary


def test_changing_one_answer_returns_to_the_summary(resident_client, resident):
    response = resident_client.post(step("sectors") + "?change=1", {"sectors": [Sector.RETAIL]})
    assert response.url == reverse("residents:profile_summary")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("where", {"postcode": "12345"}, POSTCODE_INVALID),
        ("hours", {"hours_min": "", "hours_max": "20"}, HOURS_MIN_MISSING),
        ("hours", {"hours_min": "30", "hours_max": "20"}, HOURS_MAX_BELOW_MIN),
        (
            "flexibility",
            {"time_options_needed": ["term_time"], "time_options_preferred": ["term_time"]},
            OPTION_BOTH_NEEDED_AND_PREFERRED,
        ),
        ("health", {"health_condition": "Something private"}, HEALTH_CONSENT_MISSING),
    ],
)
def test_bad_answers_are_explained(resident_client, resident, name, data, message):
    response = resident_client.post(step(name), data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    resident.refresh_from_db()
    assert resident.health_condition == ""


def test_unknown_question_is_not_found(resident_client):
    assert resident_client.get(step("shoe-size")).status_code == 404


def test_withdrawing_health_consent_erases_it(resident_client, resident):
    resident_client.post(step("health"), {"consent": "on", "health_condition": "Asthma"})
    resident_client.post(step("health") + "?change=1", {"health_condition": ""})
    resident.refresh_from_db()
    assert (resident.health_consent_at, resident.health_condition) == (None, "")


def test_health_information_is_not_shown_to_other_roles(
    client, resident, coach, employer_member, other_resident
):
    from residents.services.profile import resident_health_update

    resident_health_update(resident=resident, consent=True, condition="Private condition")
    for person in (coach, employer_member, other_resident.user):
        client.force_login(person)
        for name in ("profile_summary", "your_data", "dashboard"):
            response = client.get(reverse(f"residents:{name}"), follow=True)
            assert "Private condition" not in response.text


# -- Jobs that fit ---------------------------------------------------------------------------


@pytest.fixture
def parent():
    return ResidentFactory(
        hours_min=Decimal("20"),
        hours_max=Decimal("25"),
        time_options_needed=[TimeOption.TERM_TIME],
        time_options_preferred=[TimeOption.JOB_SHARE],
        sectors=[Sector.EDUCATION],
        pay_needed_hourly=Decimal("14"),
        ward=Ward.GOSPEL_OAK,
    )


def test_jobs_are_ranked_by_fit_with_reasons(parent):
    best = LiveVacancyFactory(
        title="Best",
        sector=Sector.EDUCATION,
        ward=Ward.GOSPEL_OAK,
        time_options=[TimeOption.TERM_TIME, TimeOption.JOB_SHARE],
        hours_min=Decimal("20"),
        hours_max=Decimal("25"),
        pay_min=Decimal("15"),
    )
    middle = LiveVacancyFactory(
        title="Middle",
        sector=Sector.RETAIL,
        time_options=[TimeOption.TERM_TIME],
        hours_min=Decimal("30"),
        hours_max=Decimal("37.5"),
        pay_min=Decimal("15"),
    )
    worst = LiveVacancyFactory(
        title="Worst",
        sector=Sector.RETAIL,
        time_options=[TimeOption.PART_TIME],
        hours_min=Decimal("35"),
        hours_max=Decimal("40"),
        pay_min=Decimal("12"),
        pay_max=None,
        pays_living_wage=False,
        flexibility=Flexibility.TALK,
    )
    ClosedVacancyFactory(
        title="Closed", sector=Sector.EDUCATION, time_options=[TimeOption.TERM_TIME]
    )
    fits = jobs_that_fit_explained(resident=parent)
    assert [f.vacancy for f in fits] == [best, middle, worst]
    # The three reasons that weigh most, not every one.
    assert fits[0].fits == [
        "Term-time only, as you asked",
        "20 to 25 hours a week",
        "Pays at least £15 an hour, what you need or more",
    ]
    assert fits[0].does_not_fit == []
    assert [reason.text for reason in fits[0].reasons] == [
        "Term-time only, as you asked",
        "20 to 25 hours a week",
        "Pays at least £15 an hour, what you need or more",
        "Job share, which you would like",
        "Education and childcare, work you are interested in",
        "In Gospel Oak, where you live",
        "Pays the London Living Wage",
    ]
    assert fits[1].fits == [
        "Term-time only, as you asked",
        "Pays at least £15 an hour, what you need or more",
    ]
    assert fits[1].does_not_fit == ["30 to 37.5 hours a week; you want 20 to 25 hours"]
    assert fits[2].does_not_fit == [
        "Does not offer term-time only",
        "35 to 40 hours a week; you want 20 to 25 hours",
        "Pays from £12 an hour; you need £14",
    ]
    assert "The employer is happy to talk about flexible working" in [
        reason.text for reason in fits[2].reasons if reason.fits
    ]


def test_ranking_is_one_query_with_a_limit(parent, django_assert_num_queries):
    for _ in range(5):
        LiveVacancyFactory()
    with django_assert_num_queries(1) as context:
        rows = list(jobs_that_fit(resident=parent, limit=3))
    assert len(rows) == 3
    sql = context.captured_queries[0]["sql"]
    assert "ORDER BY" in sql and "LIMIT 3" in sql and "CASE WHEN" in sql


def test_empty_profile_still_lists_live_jobs(resident):
    LiveVacancyFactory()
    assert len(jobs_that_fit_explained(resident=resident)) == 1


def test_dashboard_page_has_fixed_queries(client, parent, django_assert_num_queries):
    for _ in range(6):
        LiveVacancyFactory()
    client.force_login(parent.user)
    client.get(reverse("residents:dashboard"))
    # user, roles (3), resident, jobs that fit, the shortlist
    with django_assert_num_queries(7):
        response = client.get(reverse("residents:dashboard"))
    assert response.status_code == 200
    assert "Jobs that fit you" in response.text
    assert "Term-time only, as you asked" in response.text
    assert (
        reverse("residents:alert_create") + "?time=term_time&amp;sector=education" in response.text
    )


# -- Shortlist -------------------------------------------------------------------------------


def test_shortlist_add_is_post_only_and_marks_applied(resident_client, resident):
    vacancy = LiveVacancyFactory()
    url = reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk})
    assert resident_client.get(url).status_code == 405
    job_page = vacancy.get_absolute_url()
    assert resident_client.post(url, from_page=job_page).status_code == 302
    resident_client.post(url, from_page=job_page)
    entry = Shortlist.objects.get(resident=resident)
    shortlist = reverse("residents:shortlist")
    resident_client.post(
        reverse("residents:shortlist_applied", kwargs={"pk": entry.pk}),
        {"applied": "yes"},
        from_page=shortlist,
    )
    entry.refresh_from_db()
    assert entry.applied_at is not None
    resident_client.post(
        reverse("residents:shortlist_remove", kwargs={"pk": entry.pk}), from_page=shortlist
    )
    assert not Shortlist.objects.exists()


def test_cannot_shortlist_a_job_that_is_not_live(resident_client):
    draft = DraftVacancyFactory()
    assert (
        resident_client.post(
            reverse("residents:shortlist_add", kwargs={"vacancy_pk": draft.pk}), forged=True
        ).status_code
        == 404
    )


def test_shortlist_groups_closing_soon_and_closed_early_in_fixed_queries(
    resident_client, resident, django_assert_num_queries
):
    soon = LiveVacancyFactory(
        title="Closes soon", closing_date=timezone.localdate() + datetime.timedelta(days=2)
    )
    later = LiveVacancyFactory(title="Closes later")
    early = ClosedVacancyFactory(title="Closed early")
    expired = ExpiredVacancyFactory(title="Expired")
    for vacancy in (soon, later, early, expired):
        Shortlist.objects.create(resident=resident, vacancy=vacancy)
    # user, roles (3), resident, the shortlist with its vacancies and employers
    with django_assert_num_queries(6):
        response = resident_client.get(reverse("residents:shortlist"))
    text = response.text
    assert text.index("Closing in the next 7 days") < text.index("Closes soon") < text.index("Open")
    assert text.index("Closed early by the employer") < text.index("Closed early</a>")
    assert "Expired" in text


@pytest.mark.parametrize("role", ["other_resident", "employer_member", "coach", "council_admin"])
def test_nobody_else_can_touch_your_shortlist(client, resident, role, request):
    entry = Shortlist.objects.create(resident=resident, vacancy=LiveVacancyFactory())
    someone = request.getfixturevalue(role)
    client.force_login(getattr(someone, "user", someone))
    for name in ("shortlist_applied", "shortlist_remove"):
        response = client.post(reverse(f"residents:{name}", kwargs={"pk": entry.pk}), forged=True)
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response.url == reverse("residents:profile_start")
    entry.refresh_from_db()
    assert entry.applied_at is None


def test_dashboard_warns_about_shortlisted_jobs_closing_soon_or_closed_early(
    resident_client, resident
):
    soon = LiveVacancyFactory(closing_date=timezone.localdate() + datetime.timedelta(days=3))
    Shortlist.objects.create(resident=resident, vacancy=soon)
    Shortlist.objects.create(resident=resident, vacancy=ClosedVacancyFactory())
    Shortlist.objects.create(resident=resident, vacancy=LiveVacancyFactory())
    text = resident_client.get(reverse("residents:dashboard")).text
    assert "1 of your saved jobs closes in the next 7 days." in text
    assert "1 of your saved jobs closed early." in text


@pytest.mark.parametrize("next_value, expected", [
    ("/jobs/?q=care", "/jobs/?q=care"),
    ("0", "/shortlist/"),
    (":", "/shortlist/"),
    ("residents:dashboard", "/shortlist/"),
    ("https://elsewhere.example/", "/shortlist/"),
    ("//elsewhere.example/", "/shortlist/"),
])
def test_shortlist_returns_only_to_a_page_of_this_site(resident_client, next_value, expected):
    vacancy = LiveVacancyFactory()
    # The job page's button sends the page's own address; a forged "next" is made by hand.
    response = resident_client.post(
        reverse("residents:shortlist_add", kwargs={"vacancy_pk": vacancy.pk}),
        {"next": next_value},
        from_page=vacancy.get_absolute_url(),
    )
    assert response.status_code == 302
    assert response["Location"] == expected
