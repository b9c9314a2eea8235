"""The "Fair Flexible pledge" badge: worn only while the employer's latest check allows it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.employers.factories import (
    AtRiskPledgeCheckFactory,
    NotMetPledgeCheckFactory,
    PledgeCheckFactory,
    PledgeFactory,
    WithdrawnPledgeFactory,
)
from tests.jobs.factories import LiveVacancyFactory

pytestmark = pytest.mark.django_db
BADGE = "Fair Flexible pledge</strong>"
URL = reverse("jobs:vacancy_list")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def pledge_check(page: str) -> str:
    return text_of(re.search(r'<dd id="pledge-check">(.*?)</dd>', page, re.S).group(1))


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def card_has_badge(page: str, vacancy) -> bool:
    card = re.search(rf'data-vacancy-id="{vacancy.pk}">(.*?)</dl>', page, re.S).group(1)
    return BADGE in card


def test_a_signed_pledge_not_yet_checked_wears_the_badge(client):
    vacancy = LiveVacancyFactory()
    PledgeFactory(organisation=vacancy.organisation, signed_on=datetime.date(2026, 5, 1))
    assert card_has_badge(client.get(URL).text, vacancy)
    page = client.get(vacancy.get_absolute_url()).text
    assert BADGE in page
    assert "Signed on 1 May 2026" in page
    assert pledge_check(page) == "Not checked yet. The council checks every pledge each night."


@pytest.mark.parametrize(
    "factory, badge, words",
    [
        (PledgeCheckFactory, True, "Met: on {day} the council found that this employer's jobs "
         "keep the pledge."),
        (AtRiskPledgeCheckFactory, True, "At risk: on {day} the council found that this "
         "employer's jobs are close to falling short of the pledge."),
        (NotMetPledgeCheckFactory, False, "Not met: on {day} the council found that this "
         "employer's jobs do not keep the pledge."),
    ],
)
def test_the_latest_check_decides_the_badge_and_is_told_in_words(client, factory, badge, words):
    vacancy = LiveVacancyFactory()
    check = factory(organisation=vacancy.organisation, run_on=days_ago(1))
    assert card_has_badge(client.get(URL).text, vacancy) is badge
    page = client.get(vacancy.get_absolute_url()).text
    assert (BADGE in page) is badge
    day = f"{check.run_on.day} {check.run_on:%B %Y}"
    assert pledge_check(page) == words.format(day=day)


def test_only_the_latest_check_counts(client):
    recovered = LiveVacancyFactory()
    pledge = PledgeFactory(organisation=recovered.organisation)
    NotMetPledgeCheckFactory(organisation=pledge.organisation, pledge=pledge, run_on=days_ago(2))
    PledgeCheckFactory(organisation=pledge.organisation, pledge=pledge, run_on=days_ago(1))
    lapsed = LiveVacancyFactory()
    other = PledgeFactory(organisation=lapsed.organisation)
    PledgeCheckFactory(organisation=other.organisation, pledge=other, run_on=days_ago(2))
    NotMetPledgeCheckFactory(organisation=other.organisation, pledge=other, run_on=days_ago(1))

    page = client.get(URL).text
    assert card_has_badge(page, recovered)
    assert not card_has_badge(page, lapsed)
    assert pledge_check(client.get(lapsed.get_absolute_url()).text).startswith("Not met")


def test_a_withdrawn_pledge_and_its_checks_give_no_badge(client):
    vacancy = LiveVacancyFactory()
    withdrawn = WithdrawnPledgeFactory(organisation=vacancy.organisation)
    PledgeCheckFactory(organisation=vacancy.organisation, pledge=withdrawn, run_on=days_ago(3))
    assert not card_has_badge(client.get(URL).text, vacancy)
    page = client.get(vacancy.get_absolute_url()).text
    assert BADGE not in page
    assert text_of(re.search(r'<dd id="pledge-status">(.*?)</dd>', page, re.S).group(1)) == (
        "Not signed"
    )
    assert 'id="pledge-check"' not in page


def test_the_home_page_cards_tell_the_same(client):
    vacancy = LiveVacancyFactory()
    NotMetPledgeCheckFactory(organisation=vacancy.organisation)
    assert not card_has_badge(client.get(reverse("home")).text, vacancy)
