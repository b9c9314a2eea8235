"""Every employers page, walked by every role: nobody reaches another organisation's vacancies."""

import pytest
from django.urls import reverse

from employers.models import Membership
from jobs.models import Vacancy
from tests.employers.factories import MembershipFactory, OwnerMembershipFactory
from tests.jobs.factories import DraftVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db


def org_urls(org):
    return [
        ("get", reverse("employers:organisation_edit", kwargs={"org": org.pk})),
        ("post", reverse("employers:organisation_edit", kwargs={"org": org.pk})),
        ("get", reverse("employers:members", kwargs={"org": org.pk})),
        ("post", reverse("employers:members", kwargs={"org": org.pk})),
        ("get", reverse("employers:vacancy_create", kwargs={"org": org.pk})),
        ("post", reverse("employers:vacancy_create", kwargs={"org": org.pk})),
        ("get", reverse("employers:pledge", kwargs={"org": org.pk})),
        ("post", reverse("employers:pledge", kwargs={"org": org.pk})),
        ("post", reverse("employers:pledge_withdraw", kwargs={"org": org.pk})),
    ]


def member_urls(org):
    membership = Membership.objects.filter(organisation=org).first()
    return [
        ("post", reverse(name, kwargs={"org": org.pk, "pk": membership.pk}))
        for name in (
            "employers:member_remove",
            "employers:member_make_owner",
            "employers:member_make_member",
        )
    ]


def vacancy_urls(vacancy):
    urls = [
        ("get", reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": "title"})),
        ("post", reverse("employers:vacancy_step", kwargs={"pk": vacancy.pk, "step": "title"})),
    ]
    for name in ("vacancy_check", "vacancy_preview", "vacancy_close", "vacancy_extend"):
        urls += [
            ("get", reverse(f"employers:{name}", kwargs={"pk": vacancy.pk})),
            ("post", reverse(f"employers:{name}", kwargs={"pk": vacancy.pk})),
        ]
    urls.append(("post", reverse("employers:vacancy_copy", kwargs={"pk": vacancy.pk})))
    return urls


@pytest.fixture
def theirs(db):
    """Another organisation, with an owner, a live vacancy and a draft."""
    owner = OwnerMembershipFactory()
    return {
        "organisation": owner.organisation,
        "live": LiveVacancyFactory(organisation=owner.organisation, title="Their live job"),
        "draft": DraftVacancyFactory(organisation=owner.organisation, title="Their draft"),
    }


@pytest.mark.parametrize(
    "role", ["employer_member", "other_employer_member", "resident", "coach", "council_admin"]
)
def test_no_one_outside_an_organisation_reaches_its_pages(client, request, theirs, role):
    person = request.getfixturevalue(role)
    client.force_login(getattr(person, "user", person))
    before = list(Vacancy.objects.order_by("pk").values())
    org = theirs["organisation"]
    urls = (
        org_urls(org)
        + member_urls(org)
        + vacancy_urls(theirs["live"])
        + vacancy_urls(theirs["draft"])
    )
    for method, url in urls:
        response = getattr(client, method)(url, {"title": "Hijacked", "closing_date": "2099-01-01"})
        assert response.status_code == 404, (role, method, url, response.status_code)
    assert list(Vacancy.objects.order_by("pk").values()) == before
    assert Membership.objects.filter(organisation=org).count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, theirs):
    org = theirs["organisation"]
    urls = (
        org_urls(org)
        + member_urls(org)
        + vacancy_urls(theirs["live"])
        + [
            ("get", reverse("employers:dashboard")),
            ("get", reverse("employers:organisation_create")),
            ("get", reverse("employers:procurement_export")),
        ]
    )
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), (
            method,
            url,
        )


def test_ordinary_members_are_refused_owner_actions(client, theirs):
    member = MembershipFactory(organisation=theirs["organisation"]).user
    client.force_login(member)
    for method, url in member_urls(theirs["organisation"]) + [
        ("post", reverse("employers:pledge_withdraw", kwargs={"org": theirs["organisation"].pk})),
        ("post", reverse("employers:members", kwargs={"org": theirs["organisation"].pk})),
        ("post", reverse("employers:pledge", kwargs={"org": theirs["organisation"].pk})),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    # and can do the member's work: their organisation's vacancies
    for method, url in vacancy_urls(theirs["draft"])[:6]:
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_public_pages_are_open_to_everyone(client, theirs):
    assert client.get(reverse("employers:pledge_list")).status_code == 200
    assert client.get(theirs["organisation"].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["resident", "coach", "other_employer_member"])
def test_procurement_export_refused_to_everyone_but_council_admins(client, request, role):
    person = request.getfixturevalue(role)
    client.force_login(getattr(person, "user", person))
    assert client.get(reverse("employers:procurement_export")).status_code == 403
