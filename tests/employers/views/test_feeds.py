"""Owners register the organisation's feed and read how its imports went."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from employers.forms.apikeys import FEED_URL_INVALID
from employers.models import VacancyFeed
from tests.employers.factories import (
    MembershipFactory,
    PausedVacancyFeedFactory,
    VacancyFeedRunFactory,
)

pytestmark = pytest.mark.django_db


def _page(organisation) -> str:
    return reverse("employers:vacancy_feed", kwargs={"org": organisation.pk})


def test_an_owner_saves_the_feed_and_the_page_shows_what_was_saved(
    client, employer_member, organisation
):
    client.force_login(employer_member)
    client.get(_page(organisation))
    response = client.post(
        _page(organisation), {"url": "https://jobs.example.org/feed.jsonld", "format": "jsonld"}
    )
    assert response.status_code == 302
    feed = VacancyFeed.objects.get(organisation=organisation)
    assert (feed.url, feed.format) == ("https://jobs.example.org/feed.jsonld", "jsonld")
    html = client.get(_page(organisation)).content.decode()
    assert 'value="https://jobs.example.org/feed.jsonld"' in html
    chosen = re.findall(r'<input[^>]*name="format"[^>]*>', html)
    assert [tag for tag in chosen if "checked" in tag] == [
        tag for tag in chosen if 'value="jsonld"' in tag
    ]


def test_saving_a_paused_feed_again_starts_it_again(client, employer_member, organisation):
    feed = PausedVacancyFeedFactory(organisation=organisation)
    VacancyFeedRunFactory(feed=feed, status="failed", message="The feed could not be read: 500")
    client.force_login(employer_member)
    page = client.get(_page(organisation)).content.decode()
    assert "We stopped importing this feed" in page and "could not be read: 500" in page
    client.post(_page(organisation), {"url": feed.url, "format": feed.format})
    feed.refresh_from_db()
    assert not feed.is_paused and feed.failures == 0


def test_a_feed_address_must_be_a_web_address(client, employer_member, organisation):
    client.force_login(employer_member)
    client.get(_page(organisation))
    response = client.post(_page(organisation), {"url": "not a url", "format": "api"})
    assert escape(FEED_URL_INVALID) in response.content.decode()
    assert not VacancyFeed.objects.exists()


def test_a_member_who_is_not_an_owner_cannot_set_the_feed(client, organisation):
    client.force_login(MembershipFactory(organisation=organisation).user)
    assert client.get(_page(organisation)).status_code == 403
    data = {"url": "https://jobs.example.org/f", "format": "api"}
    assert client.post(_page(organisation), data, forged=True).status_code == 403
