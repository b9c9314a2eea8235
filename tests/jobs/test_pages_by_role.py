"""Every public jobs page answers every kind of visitor in the same way."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.jobs.factories import ClosedVacancyFactory, DraftVacancyFactory, LiveVacancyFactory

pytestmark = pytest.mark.django_db
ROLES = [
    None,
    "resident",
    "other_resident",
    "employer_member",
    "other_employer_member",
    "coach",
    "other_provider_coach",
    "council_admin",
    "user",
]


@pytest.mark.parametrize("role", ROLES)
def test_public_jobs_pages_for_every_role(client, request, role):
    live = LiveVacancyFactory(title="Gardener")
    closed = ClosedVacancyFactory()
    draft = DraftVacancyFactory()
    if role:
        person = request.getfixturevalue(role)
        client.force_login(getattr(person, "user", person))
    expected = {
        reverse("jobs:vacancy_list"): 200,
        reverse("jobs:vacancy_list") + "?q=gardener&time=part_time&sort=pay": 200,
        reverse("jobs:vacancy_feed") + "?q=gardener": 200,
        live.get_absolute_url(): 200,
        closed.get_absolute_url(): 410,
        draft.get_absolute_url(): 404,
        reverse("jobs:flexible_working"): 200,
        "/sitemap.xml": 200,
        "/robots.txt": 200,
    }
    for url, status in expected.items():
        assert client.get(url).status_code == status, url
