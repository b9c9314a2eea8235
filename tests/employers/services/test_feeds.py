"""Importing an organisation's vacancy feed from a local server: creates, updates, closures,
a broken item, and feeds that cannot be read."""

from __future__ import annotations

import pytest
from django.core import mail

from employers.models import VacancyFeed, VacancyFeedRun
from employers.services.feeds import FeedUnreadable, feed_fetch, vacancy_feed_import
from jobs.models import Vacancy
from tests.employers.api.helpers import vacancy_payload
from tests.employers.factories import OwnerMembershipFactory, VacancyFeedFactory
from tests.employers.feedserver import feed_server

pytestmark = pytest.mark.django_db


def _item(reference: str, **changes) -> dict:
    return {"reference": reference, **vacancy_payload(**changes)}


@pytest.fixture
def server():
    with feed_server() as running:
        yield running


def test_a_run_creates_updates_and_closes_by_reference_and_records_a_broken_item(server):
    url = server.serve_json("/feed.json", {"vacancies": [_item("A"), _item("B"), _item("C")]})
    feed = VacancyFeedFactory(url=url)
    first = vacancy_feed_import(feed_id=feed.pk)
    assert (first.status, first.created, first.rejected) == ("succeeded", 3, 0)
    assert Vacancy.objects.filter(source=Vacancy.Source.FEED, status="published").count() == 3

    server.serve_json("/feed.json", {"vacancies": [
        _item("A"), _item("B", title="Senior carer"), _item("D", hours_min="lots"),
    ]})
    second = vacancy_feed_import(feed_id=feed.pk)
    assert (second.created, second.updated, second.unchanged, second.closed, second.rejected) == (
        0, 1, 1, 1, 1
    )
    assert second.errors == [
        {"reference": "D", "errors": {"hours_min": ["Give this as a number."]}}
    ]
    assert Vacancy.objects.get(reference="B").title == "Senior carer"
    assert Vacancy.objects.get(reference="C").status == Vacancy.Status.CLOSED
    assert not Vacancy.objects.filter(reference="D").exists()

    third = vacancy_feed_import(feed_id=feed.pk)
    assert (third.created, third.updated, third.unchanged, third.closed) == (0, 0, 2, 0)
    assert Vacancy.objects.filter(reference="A").count() == 1


def test_a_json_ld_feed_of_job_postings_is_imported(client, server):
    from tests.jobs.factories import LiveVacancyFactory

    LiveVacancyFactory(title="Kitchen porter")
    postings = client.get("/api/v1/vacancies").json()["results"]
    for posting in postings:
        posting["identifier"] = {"@type": "PropertyValue", "value": "KP-1"}
        posting["portal"]["summary"] = "Keep our kitchen running."
    url = server.serve_json("/jobs.jsonld", {"@context": "https://schema.org", "@graph": postings})
    feed = VacancyFeedFactory(url=url, format=VacancyFeed.Format.JSON_LD)
    run = vacancy_feed_import(feed_id=feed.pk)
    assert (run.created, run.rejected) == (1, 0), run.errors
    imported = Vacancy.objects.get(organisation=feed.organisation, reference="KP-1")
    assert imported.title == "Kitchen porter"


@pytest.mark.parametrize(
    "serve",
    [
        lambda s: s.serve("/feed.json", 500, b"oops"),
        lambda s: s.serve("/feed.json", 200, b"<html>not json</html>"),
        lambda s: s.serve_json("/feed.json", {"vacancies": []}),
        lambda s: s.serve("/feed.json", 302, Location="http://localhost:1/elsewhere.json"),
        lambda s: s.serve("/feed.json", 200, b"[" + b"1," * 6_000_000 + b"1]"),
    ],
)
def test_a_feed_that_cannot_be_read_closes_nothing_and_is_paused_after_three(
    server, serve, django_capture_on_commit_callbacks
):
    url = server.serve_json("/feed.json", {"vacancies": [_item("A")]})
    feed = VacancyFeedFactory(url=url)
    owner = OwnerMembershipFactory(organisation=feed.organisation).user
    vacancy_feed_import(feed_id=feed.pk)
    serve(server)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            run = vacancy_feed_import(feed_id=feed.pk)
        assert run.status == VacancyFeedRun.Status.FAILED and run.message
    assert Vacancy.objects.get(reference="A").status == Vacancy.Status.PUBLISHED
    feed.refresh_from_db()
    assert feed.is_paused and feed.failures == 3
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert vacancy_feed_import(feed_id=feed.pk) is None


def test_a_redirect_to_the_same_server_is_followed(server):
    server.serve_json("/moved.json", {"vacancies": [_item("A")]})
    url = server.serve("/feed.json", 301, Location=server.base + "/moved.json")
    assert b"vacancies" in feed_fetch(url)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed", "file:///etc/passwd", "http://10.0.0.1/"])
def test_only_public_http_addresses_are_fetched(url, settings):
    settings.VACANCY_FEED_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FeedUnreadable):
        feed_fetch(url)
